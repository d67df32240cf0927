// Data access for messages: outbound inserts with their outbox row, forward-only status updates, stable order
// (inbound messages are stored in batches: inboundBatch.repository.ts).
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { type Page, type PageQuery } from '../../db/pagination.ts';
import { channels, conversations, inboundJobs, messages, outbox } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { STATUS_RANK, type MessageRow } from './inbox.dto.ts';

export type MessageInsert = Omit<typeof messages.$inferInsert, 'id' | 'seq'>;
export type MessageStatus = keyof typeof STATUS_RANK;

const rankOf = sql`CASE ${messages.status} WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 1.5 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 END`;
const STATUS_TIME_COLUMN = { queued: null, sent: 'sentAt', delivered: 'deliveredAt', read: 'readAt', failed: 'failedAt' } as const;

export function createMessagesRepository(db: Db) {
  return {
    /** An outbound message and its outbox row, written together before anything is sent. */
    async insertOutbound(values: MessageInsert, dueAt: Date | null): Promise<{ message: MessageRow; created: boolean }> {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(messages).values(values).onConflictDoNothing().returning();
        if (!row) {
          // Same idempotency key: the caller retried; answer with what was already queued.
          const [existing] = await tx
            .select()
            .from(messages)
            .where(and(eq(messages.clinicId, values.clinicId), eq(messages.idempotencyKey, values.idempotencyKey ?? '')));
          if (!existing) throw AppError.conflict('A message with the same provider id already exists');
          return { message: existing, created: false };
        }
        if (dueAt) await tx.insert(outbox).values({ clinicId: row.clinicId, messageId: row.id, channelId: row.channelId, dueAt });
        return { message: row, created: true };
      });
    },

    async get(clinicId: string, id: string): Promise<MessageRow | null> {
      const [row] = await db.select().from(messages).where(and(eq(messages.clinicId, clinicId), eq(messages.id, id))).limit(1);
      return row ?? null;
    },

    /** Newest first, paged by insertion order. */
    async listByConversation(clinicId: string, conversationId: string, page: PageQuery): Promise<Page<MessageRow>> {
      const before = page.cursor ? decodeSeq(page.cursor) : undefined;
      const rows = await db
        .select()
        .from(messages)
        .where(and(eq(messages.clinicId, clinicId), eq(messages.conversationId, conversationId), before === undefined ? undefined : lt(messages.seq, before)))
        .orderBy(desc(messages.seq))
        .limit(page.limit + 1);
      return seqPage(rows, page.limit);
    },

    /** The patient's whole log across channels, newest first. */
    async listByPatient(clinicId: string, patientId: string, page: PageQuery): Promise<Page<MessageRow & { channelType: string }>> {
      const before = page.cursor ? decodeSeq(page.cursor) : undefined;
      const rows = await db
        .select({ message: messages, channelType: channels.type })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .innerJoin(channels, eq(channels.id, messages.channelId))
        .where(and(eq(messages.clinicId, clinicId), eq(conversations.patientId, patientId), before === undefined ? undefined : lt(messages.seq, before)))
        .orderBy(desc(messages.seq))
        .limit(page.limit + 1);
      return seqPage(
        rows.map((row) => ({ ...row.message, channelType: row.channelType })),
        page.limit,
      );
    },

    /** What one patient exchanged on one channel (the simulator's "phone screen"), newest first. */
    async listForPatientOnChannel(clinicId: string, patientId: string, channelId: string, options: { limit: number; outboundOnly: boolean }): Promise<MessageRow[]> {
      const rows = await db
        .select({ message: messages })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(
          and(
            eq(messages.clinicId, clinicId),
            eq(conversations.patientId, patientId),
            eq(messages.channelId, channelId),
            options.outboundOnly ? eq(messages.direction, 'out') : undefined,
          ),
        )
        .orderBy(desc(messages.seq))
        .limit(options.limit);
      return rows.map((row) => row.message);
    },

    /**
     * Moves a message's status forward only: a late "sent" after "read" changes nothing.
     * Returns the updated row, or null when the update was stale (or the message unknown).
     */
    async advanceStatus(where: { id: string } | { channelId: string; providerMessageId: string }, update: { status: MessageStatus; error?: string | null; errorCode?: string | null; providerMessageId?: string; at?: Date }): Promise<MessageRow | null> {
      const at = update.at ?? new Date();
      const timeColumn = STATUS_TIME_COLUMN[update.status];
      const [row] = await db
        .update(messages)
        .set({
          status: update.status,
          ...(timeColumn ? { [timeColumn]: at } : {}),
          ...(update.error !== undefined ? { error: update.error } : {}),
          ...(update.errorCode !== undefined ? { errorCode: update.errorCode } : {}),
          ...(update.providerMessageId ? { providerMessageId: update.providerMessageId } : {}),
        })
        .where(
          and(
            'id' in where ? eq(messages.id, where.id) : and(eq(messages.channelId, where.channelId), eq(messages.providerMessageId, where.providerMessageId)),
            sql`${rankOf} < ${STATUS_RANK[update.status]}`,
          ),
        )
        .returning();
      return row ?? null;
    },

    /** Moves every message (and outbox row) of one conversation into another (patient merge). */
    async moveConversation(clinicId: string, fromConversationId: string, toConversationId: string): Promise<void> {
      await db
        .update(messages)
        .set({ conversationId: toConversationId })
        .where(and(eq(messages.clinicId, clinicId), eq(messages.conversationId, fromConversationId)));
      // Their jobs follow, so one not yet handled is not lost with the merged conversation.
      await db
        .update(inboundJobs)
        .set({ conversationId: toConversationId })
        .where(and(eq(inboundJobs.clinicId, clinicId), eq(inboundJobs.conversationId, fromConversationId)));
    },
  };
}

export type MessagesRepository = ReturnType<typeof createMessagesRepository>;

function seqPage<Row extends { seq: number }>(rows: Row[], limit: number): Page<Row> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? Buffer.from(String(last.seq)).toString('base64url') : null };
}

function decodeSeq(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(seq) || seq < 0) throw AppError.validation('cursor', 'cursor: not a cursor this API gave out');
  return seq;
}
