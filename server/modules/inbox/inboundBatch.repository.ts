// Stores a batch of inbound messages set-based, in one round trip and one transaction (the database function
// `ingest_inbound_batch`, migration 0015): the patients and conversations of new numbers, every message, its
// conversation's bookkeeping and the job that handles it. A message is never stored without its job, and a batch
// of 50 costs one round trip where one message used to cost about ten. Idempotent on (channel, provider id).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { MessageRow } from './inbox.dto.ts';
import type { MessageInsert } from './messages.repository.ts';

/** One inbound message as the batch stores it; `preview` is what the conversation list shows for it. */
export type InboundRow = Omit<MessageInsert, 'createdAt' | 'conversationId'> & { createdAt: Date; from: string; preview: string };

export type StoredInbound =
  | { duplicate: true }
  | { duplicate: false; message: MessageRow; conversationId: string; patientCreated: boolean; jobId: string };

export function createInboundBatchRepository(db: Db) {
  return {
    async store(rows: InboundRow[]): Promise<StoredInbound[]> {
      const input = rows.map((row, ord) => ({
        ord,
        id: randomUUID(),
        clinic_id: row.clinicId,
        phone: row.from,
        channel_id: row.channelId,
        channel_kind: row.channelKind ?? null,
        direction: row.direction,
        author: row.author,
        text: row.text ?? '',
        media: row.media ?? null,
        button_reply: row.buttonReply ?? null,
        provider_message_id: row.providerMessageId ?? null,
        status: row.status,
        meta: row.meta ?? null,
        created_at: row.createdAt.toISOString(),
        preview: row.preview,
      }));
      // One round trip (migration 0015): patients and conversations created where missing, then messages, their
      // conversations' bookkeeping and their jobs; a row without a message id was a provider duplicate.
      const result = await db.execute<{ ord: number; message_id: string | null; message_seq: number | null; job_id: string | null; conversation_id: string; patient_created: boolean }>(
        sql`SELECT * FROM ingest_inbound_batch(${JSON.stringify(input)}::jsonb)`,
      );
      const byOrd = new Map(result.rows.map((row) => [row.ord, row]));
      return rows.map((row, ord): StoredInbound => {
        const stored = byOrd.get(ord);
        if (!stored) throw new Error('inbound batch: a row came back without its conversation');
        if (!stored.message_id || !stored.job_id) return { duplicate: true };
        return {
          duplicate: false,
          message: messageRow(row, stored.message_id, Number(stored.message_seq), stored.conversation_id),
          conversationId: stored.conversation_id,
          patientCreated: stored.patient_created,
          jobId: stored.job_id,
        };
      });
    },
  };
}

/** The stored row, as the insert wrote it (the statement returns only what the database chose: id and seq). */
function messageRow(row: InboundRow, id: string, seq: number, conversationId: string): MessageRow {
  return {
    id,
    seq,
    clinicId: row.clinicId,
    conversationId,
    channelId: row.channelId,
    channelKind: row.channelKind ?? null,
    direction: row.direction,
    author: row.author,
    authorUserId: null,
    text: row.text ?? '',
    subject: null,
    buttons: null,
    buttonReply: row.buttonReply ?? null,
    media: row.media ?? null,
    providerMessageId: row.providerMessageId ?? null,
    idempotencyKey: null,
    status: row.status,
    error: null,
    errorCode: null,
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    failedAt: null,
    purpose: null,
    isTest: false,
    meta: row.meta ?? null,
    createdAt: row.createdAt,
  };
}

