// Conversations and messages as the API and sockets show them.
import { z } from 'zod';
import { CHANNEL_TYPES } from '../../../integrations/channels/registry.ts';
import { CONVERSATION_STATES, type conversations, type messages } from '../../db/schema/index.ts';
import { INBOUND_NOTICES, type InboundNotice, type SharedContact, type SharedLocation } from '../../../integrations/channels/channel.ts';
import type { MergeValues } from '../../../templates/index.ts';
import { explainSendError } from './explainSendError.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export type ConversationPatientSummary = { id: string; firstName: string; lastName: string; phones: string[] };

export function toConversation(row: ConversationRow, extra: { channelType: string; channelName: string; patient: ConversationPatientSummary | null; serviceWindowHours: number | null }) {
  return {
    id: row.id,
    patientId: row.patientId,
    channelId: row.channelId,
    channelType: extra.channelType,
    channelName: extra.channelName,
    state: row.state,
    handoverReason: row.handoverReason,
    handoverAt: row.handoverAt?.toISOString() ?? null,
    assigneeId: row.assigneeId,
    unreadCount: row.unreadCount,
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    lastMessagePreview: row.lastMessagePreview,
    lastInboundAt: row.lastInboundAt?.toISOString() ?? null,
    /** Official WhatsApp: free-form replies only until then (null: no window on this channel). */
    windowExpiresAt: windowExpiry(row.lastInboundAt, extra.serviceWindowHours)?.toISOString() ?? null,
    serviceWindowHours: extra.serviceWindowHours,
    labels: row.labels,
    patient: extra.patient,
    createdAt: row.createdAt.toISOString(),
  };
}
export type Conversation = ReturnType<typeof toConversation>;

export function toMessage(row: MessageRow) {
  const explained = row.status === 'failed' ? explainSendError(row.errorCode) : null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    channelId: row.channelId,
    channelKind: row.channelKind,
    direction: row.direction,
    author: row.author,
    authorUserId: row.authorUserId,
    text: row.text,
    ...(row.subject ? { subject: row.subject } : {}),
    ...(row.buttons?.length ? { buttons: row.buttons } : {}),
    ...(row.buttonReply ? { buttonReply: row.buttonReply } : {}),
    ...(row.media?.length ? { media: row.media } : {}),
    status: row.status,
    ...(row.error ? { error: row.error } : {}),
    ...(row.errorCode ? { errorCode: row.errorCode } : {}),
    /** A provider refusal in plain words, per locale (Spanish first). */
    ...(explained ? { errorExplanation: explained.text, canSendAsTemplate: explained.sendAsTemplate } : {}),
    /** Sent through a provider-side template (its id and name). */
    ...(isTemplateMeta(row.meta?.template) ? { template: { id: row.meta.template.id, name: row.meta.template.name } } : {}),
    /** A place the patient shared (WhatsApp location). */
    ...(isSharedLocation(row.meta?.location) ? { location: row.meta.location } : {}),
    /** Contact cards the patient shared: name, and the card's phones and e-mails when it had them. */
    ...(isSharedContacts(row.meta?.contacts) ? { contacts: row.meta.contacts } : {}),
    /** Characters the provider sent that could not be stored (U+0000), removed from the text on arrival. */
    ...(isSanitizedNote(row.meta?.sanitized) ? { sanitized: row.meta.sanitized } : {}),
    /** Something the patient sent could not be read (`contact_card_unreadable`): the inbox says so in words. */
    ...(isInboundNotice(row.meta?.notice) ? { notice: row.meta.notice } : {}),
    /** Its text and media were removed by the clinic's retention policy (server/modules/retention). */
    ...(row.meta?.purged === true ? { purged: true } : {}),
    isTest: row.isTest,
    /** Send-later: when a queued message is due (null: as soon as possible). */
    scheduledFor: typeof row.meta?.scheduledFor === 'string' ? row.meta.scheduledFor : null,
    sentAt: row.sentAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
export type Message = ReturnType<typeof toMessage>;

/** What `meta.sanitized` holds on an inbound message a U+0000 was removed from (ingestChannelMessage). */
function isSanitizedNote(value: unknown): value is { removed: string; count: number } {
  return typeof value === 'object' && value !== null && 'removed' in value && typeof value.removed === 'string' && 'count' in value && typeof value.count === 'number';
}

/** What `meta.template` holds on a message sent through a provider-side template. */
export type TemplateMeta = { id: string; name: string; variables: Record<string, string> };

export function isTemplateMeta(value: unknown): value is TemplateMeta {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' && 'name' in value && typeof value.name === 'string';
}

export function isSharedLocation(value: unknown): value is SharedLocation {
  return typeof value === 'object' && value !== null && 'latitude' in value && typeof value.latitude === 'number' && 'longitude' in value && typeof value.longitude === 'number';
}

export function isSharedContacts(value: unknown): value is SharedContact[] {
  return Array.isArray(value) && value.length > 0 && value.every(isSharedContact);
}

function isSharedContact(card: unknown): card is SharedContact {
  if (typeof card !== 'object' || card === null || !('name' in card) || typeof card.name !== 'string') return false;
  const strings = (list: unknown) => list === undefined || (Array.isArray(list) && list.every((item) => typeof item === 'string'));
  return strings('phones' in card ? card.phones : undefined) && strings('emails' in card ? card.emails : undefined);
}

export function isInboundNotice(value: unknown): value is InboundNotice {
  return INBOUND_NOTICES.some((notice) => notice === value);
}

/** What `meta.merge` holds on a message rendered from one of our templates: the values it used (templates/merge-values.ts). */
export function isMergeMeta(value: unknown): value is MergeValues {
  if (typeof value !== 'object' || value === null || !('fields' in value) || !('values' in value)) return false;
  const { fields, values } = value;
  return Array.isArray(fields) && fields.every((field) => typeof field === 'string') && typeof values === 'object' && values !== null && Object.values(values).every((entry) => typeof entry === 'string');
}

const repeatable = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((value) => [value].flat());

export const conversationFiltersSchema = z.object({
  state: repeatable(z.enum(CONVERSATION_STATES)).optional(),
  channel: z.union([z.enum(CHANNEL_TYPES), z.uuid()]).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  unread: z.enum(['true', 'false']).optional(),
  label: z.string().min(1).max(60).optional(),
  patientId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** `waiting`: longest-waiting handover first (the "needs a person" queue). Default: latest activity first. */
  order: z.enum(['recent', 'waiting']).default('recent'),
});
export type ConversationFilters = z.infer<typeof conversationFiltersSchema>;

/** Statuses only move forward; `failed` can follow queued or sent, never a delivery. */
export const STATUS_RANK = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 1.5 } as const;

export function previewOf(text: string, media: { caption?: string }[] | null | undefined, shared: { location?: SharedLocation; contacts?: SharedContact[] } = {}): string {
  const { location, contacts } = shared;
  const body =
    text.trim() ||
    media?.[0]?.caption?.trim() ||
    (contacts?.length ? `👤 ${contacts.map((contact) => contact.name).join(', ')}` : '') ||
    (location ? `📍 ${location.label ?? location.address ?? `${location.latitude}, ${location.longitude}`}` : '') ||
    (media?.length ? '📎' : '');
  return body.length > 140 ? `${body.slice(0, 139)}…` : body;
}

/** When the customer-service window closes; epoch when the patient never wrote (closed from the start). */
export function windowExpiry(lastInboundAt: Date | null, windowHours: number | null): Date | null {
  if (windowHours === null) return null;
  return new Date((lastInboundAt?.getTime() ?? 0) + windowHours * 3_600_000);
}
