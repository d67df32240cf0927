// The API's response shapes, shared with the inbox UI as types only (`import type`): the UI never keeps its own
// copy of what the server answers. Each is derived from the server's own presenter or zod schema.
export type { Conversation, Message } from '../modules/inbox/inbox.dto.ts';
export type { Note } from '../modules/inbox/note.dto.ts';
export type { AutomationSettings, AutomationChannel } from '../modules/automations/automationSettings.ts';
export type { Connector } from '../modules/connectors/connector.dto.ts';
export type { ConsentChange, ConsentState } from '../modules/consents/consent.dto.ts';
export type { ConsentEntry } from '../modules/consents/consents.repository.ts';
export type { ChannelTypeDescription } from '../../integrations/channels/registry.ts';

/** Every list endpoint answers a page. */
export type Page<T> = { items: T[]; nextCursor: string | null };
