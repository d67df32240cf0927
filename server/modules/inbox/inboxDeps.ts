// What the inbox use cases need, passed in (no express, sockets or SQL in the use cases).
import type { ProviderTemplate } from '../../../integrations/channels/channel.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelRow, ChannelsRepository } from '../channels/channels.repository.ts';
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import type { DomainEvents } from '../events.ts';
import type { PatientsRepository } from '../patients/patients.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { ConversationsRepository } from './conversations.repository.ts';
import type { Conversation, Message } from './inbox.dto.ts';
import type { MessagesRepository } from './messages.repository.ts';

/** How the inbox talks to the bots without knowing them: filled in when the bot runtime starts. */
export type BotHooks = {
  /** A patient message arrived on a conversation (after it was stored). */
  onInbound(clinicId: string, conversation: Conversation, message: Message): Promise<void>;
  /** A person took the conversation or it was closed: the active flow must stop. */
  stop(clinicId: string, conversationId: string, reason: string): Promise<void>;
};

export type InboxDeps = {
  conversations: ConversationsRepository;
  messages: MessagesRepository;
  patients: PatientsRepository;
  clinics: ClinicsRepository;
  channels: ChannelsRepository;
  users: UsersRepository;
  events: DomainEvents;
  logger: Logger;
  bots: BotHooks;
  /** Wakes the outbox dispatcher so a new message goes out without waiting for the next tick. */
  outboxWake: () => void;
  /** The channel's provider-side templates with their approval (null: the channel has none). Set at start-up. */
  channelTemplates?: (channel: ChannelRow) => Promise<ProviderTemplate[] | null>;
};

export const NO_BOTS: BotHooks = {
  onInbound: async () => undefined,
  stop: async () => undefined,
};
