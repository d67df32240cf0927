// The shared inbox: channels, conversations, messages, their audit trail, the outbox and the inbound jobs.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clinics, users } from './clinic.ts';
import { createdAt, id, tstz, updatedAt } from './columns.ts';
import { patients } from './practice.ts';
import { CHANNEL_KINDS, MESSAGE_STATUSES, type ChannelType } from '../../../integrations/channels/channel.ts';

// The channel lists belong to the channels (integrations/channels): the schema stores them, never repeats them.
export { CHANNEL_KINDS, MESSAGE_STATUSES };

const clinicId = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinics.id, { onDelete: 'cascade' });

export const CONVERSATION_STATES = ['bot', 'human', 'closed'] as const;
export const MESSAGE_AUTHORS = ['patient', 'bot', 'agent', 'system'] as const;

export const channels = pgTable(
  'channels',
  {
    id: id(),
    clinicId: clinicId(),
    type: text('type').$type<ChannelType>().notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'),
    statusDetail: text('status_detail'),
    /** Provider settings; secret keys are stripped before the API answers. */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('channels_clinic_idx').on(t.clinicId), uniqueIndex('channels_one_simulator_key').on(t.clinicId).where(sql`${t.type} = 'simulator'`)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    clinicId: clinicId(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    state: text('state', { enum: CONVERSATION_STATES }).notNull().default('human'),
    handoverReason: text('handover_reason'),
    handoverAt: tstz('handover_at'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    unreadCount: integer('unread_count').notNull().default(0),
    lastMessageAt: tstz('last_message_at'),
    lastMessagePreview: text('last_message_preview'),
    /** When the patient last wrote: WhatsApp's 24-hour customer-service window starts here. */
    lastInboundAt: tstz('last_inbound_at'),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_patient_channel_key').on(t.clinicId, t.patientId, t.channelId),
    index('conversations_list_idx').on(t.clinicId, t.lastMessageAt),
    index('conversations_state_idx').on(t.clinicId, t.state, t.handoverAt),
    index('conversations_assignee_idx').on(t.clinicId, t.assigneeId),
  ],
);

/** Audit trail: every state change, assignment, bot start/stop, with who or what caused it and why. */
export const conversationEvents = pgTable(
  'conversation_events',
  {
    id: id(),
    clinicId: clinicId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorType: text('actor_type', { enum: ['agent', 'bot', 'system', 'patient'] }).notNull(),
    actorId: text('actor_id'),
    reason: text('reason'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [index('conversation_events_conversation_idx').on(t.conversationId, t.at)],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    /** Insertion order: stable ordering even when two messages share a timestamp. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    clinicId: clinicId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    channelKind: text('channel_kind', { enum: CHANNEL_KINDS }),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    author: text('author', { enum: MESSAGE_AUTHORS }).notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    text: text('text').notNull().default(''),
    subject: text('subject'),
    buttons: jsonb('buttons').$type<string[]>(),
    /** A button the patient pressed (inbound), as the provider reported it. */
    buttonReply: text('button_reply'),
    media: jsonb('media').$type<{ url: string; mimeType?: string; caption?: string; fileName?: string }[]>(),
    providerMessageId: text('provider_message_id'),
    idempotencyKey: text('idempotency_key'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    error: text('error'),
    errorCode: text('error_code'),
    sentAt: tstz('sent_at'),
    deliveredAt: tstz('delivered_at'),
    readAt: tstz('read_at'),
    failedAt: tstz('failed_at'),
    /** Why it was sent: automation/template event, test send, bot flow… (reports group on it). */
    purpose: text('purpose'),
    isTest: boolean('is_test').notNull().default(false),
    meta: jsonb('meta').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_provider_id_key').on(t.channelId, t.providerMessageId),
    uniqueIndex('messages_idempotency_key').on(t.clinicId, t.idempotencyKey),
    index('messages_conversation_idx').on(t.conversationId, t.seq),
    index('messages_clinic_created_idx').on(t.clinicId, t.createdAt),
  ],
);

export const conversationNotes = pgTable(
  'conversation_notes',
  {
    id: id(),
    clinicId: clinicId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_notes_conversation_idx').on(t.conversationId, t.createdAt)],
);

/** Outbound work: written before sending, claimed by the dispatcher with FOR UPDATE SKIP LOCKED. */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    clinicId: clinicId(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['pending', 'sending', 'done', 'failed', 'cancelled'] }).notNull().default('pending'),
    dueAt: tstz('due_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    /** The instance holding the claim: the same instance restarted takes its claims back at once. */
    lockedBy: text('locked_by'),
    /** Set just before the provider is called: a reclaimed row with it may already have been sent. */
    sendStartedAt: tstz('send_started_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('outbox_message_key').on(t.messageId), index('outbox_due_idx').on(t.state, t.dueAt)],
);

/**
 * Inbound work: what happens after a patient's message is stored (ownership changes, the bot's step, the
 * auto-reply), written in the message's own transaction and claimed by workers with FOR UPDATE SKIP LOCKED,
 * one at a time per conversation in `seq` order, so an acknowledged message is never lost to a restart.
 */
export const inboundJobs = pgTable(
  'inbound_jobs',
  {
    id: id(),
    /** Arrival order: a conversation's jobs run one after the other in this order. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    clinicId: clinicId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** The message opened the conversation (a first message "needs a person"). */
    newConversation: boolean('new_conversation').notNull().default(false),
    state: text('state', { enum: ['pending', 'processing', 'done', 'failed'] }).notNull().default('pending'),
    dueAt: tstz('due_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    /** The instance holding the claim: the same instance restarted takes its claims back at once. */
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('inbound_jobs_message_key').on(t.messageId),
    // Only open jobs are scanned by the claim; done ones stay as history without slowing it.
    index('inbound_jobs_open_idx').on(t.seq).where(sql`${t.state} IN ('pending', 'processing')`),
    index('inbound_jobs_conversation_open_idx').on(t.conversationId, t.seq).where(sql`${t.state} IN ('pending', 'processing')`),
    index('inbound_jobs_clinic_state_idx').on(t.clinicId, t.state),
  ],
);

/** One bot flow bound to a conversation; the XState snapshot is restored for every inbound event. */
export const botSessions = pgTable(
  'bot_sessions',
  {
    id: id(),
    clinicId: clinicId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    flow: text('flow').notNull(),
    status: text('status', { enum: ['active', 'done', 'stopped'] }).notNull().default('active'),
    snapshot: jsonb('snapshot').$type<unknown>(),
    appointmentId: uuid('appointment_id'),
    recallId: uuid('recall_id'),
    deadlineAt: tstz('deadline_at'),
    endReason: text('end_reason'),
    startedAt: createdAt(),
    endedAt: tstz('ended_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('bot_sessions_one_active_key').on(t.conversationId).where(sql`${t.status} = 'active'`),
    index('bot_sessions_deadline_idx').on(t.status, t.deadlineAt),
    index('bot_sessions_clinic_idx').on(t.clinicId, t.status),
  ],
);

/** A clinic's own version of a template; lookup falls back to the default pack. */
export const templateOverrides = pgTable(
  'template_overrides',
  {
    clinicId: clinicId(),
    event: text('event').notNull(),
    channel: text('channel', { enum: CHANNEL_KINDS }).notNull(),
    locale: text('locale').notNull(),
    body: text('body').notNull(),
    subject: text('subject'),
    buttons: jsonb('buttons').$type<string[]>(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.event, t.channel, t.locale] })],
);

/** Provider session state (Baileys auth keys) kept in the database so any instance can resume it. */
export const channelState = pgTable(
  'channel_state',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.key] })],
);

/** Which instance owns a sticky provider session (WhatsApp Web), until the lease expires. */
export const channelLeases = pgTable('channel_leases', {
  channelId: uuid('channel_id')
    .primaryKey()
    .references(() => channels.id, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  expiresAt: tstz('expires_at').notNull(),
});
