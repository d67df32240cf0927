// Stores a batch of inbound messages set-based: the patients and conversations of the whole batch are read in
// one statement (created when missing, rarely), then every message, its conversation's bookkeeping and the job
// that handles it are written by one statement, which is one transaction: a message is never stored without its
// job, and a batch of 50 costs about as many round trips as one message did. Idempotent on (channel, provider id).
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

type Located = { patientId: string; patientCreated: boolean; conversationId: string; conversationCreated: boolean };

export function createInboundBatchRepository(db: Db) {
  /** Who wrote and in which conversation, for every row, creating the patients and conversations that are missing. */
  async function locate(rows: InboundRow[]): Promise<Located[]> {
    const keys = rows.map((row, ord) => ({ ord, clinic_id: row.clinicId, phone: row.from, channel_id: row.channelId }));
    // The oldest patient holding the number (as findOrCreateByPhone), and that patient's conversation on the channel.
    // LATERAL: one look-up in the phones index per number, not a pass over the clinic's patients per batch.
    const found = await db.execute<{ ord: number; patient_id: string | null; conversation_id: string | null }>(sql`
      SELECT k.ord, p.id AS patient_id, c.id AS conversation_id
      FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(ord int, clinic_id uuid, phone text, channel_id uuid)
      LEFT JOIN LATERAL (
        SELECT p.id FROM patients p WHERE p.clinic_id = k.clinic_id AND p.phones @> ARRAY[k.phone] ORDER BY p.created_at LIMIT 1
      ) p ON true
      LEFT JOIN conversations c ON c.clinic_id = k.clinic_id AND c.patient_id = p.id AND c.channel_id = k.channel_id`);
    const located = new Map(found.rows.map((row) => [row.ord, row]));
    const patients = new Map<string, { id: string; created: boolean }>();
    const missingPatients = new Map<string, InboundRow>();
    rows.forEach((row, ord) => {
      const id = located.get(ord)?.patient_id;
      if (id) patients.set(phoneKey(row), { id, created: false });
      else missingPatients.set(phoneKey(row), row);
    });
    if (missingPatients.size > 0) for (const [key, patient] of await createPatients([...missingPatients.values()])) patients.set(key, patient);

    const conversations = new Map<string, { id: string; created: boolean }>();
    const missingConversations = new Map<string, { clinicId: string; patientId: string; channelId: string; at: Date }>();
    rows.forEach((row, ord) => {
      const patientId = patients.get(phoneKey(row))!.id;
      const id = located.get(ord)?.patient_id === patientId ? located.get(ord)?.conversation_id : null;
      const key = conversationKey(row.clinicId, patientId, row.channelId);
      if (id) conversations.set(key, { id, created: false });
      else if (!missingConversations.has(key)) missingConversations.set(key, { clinicId: row.clinicId, patientId, channelId: row.channelId, at: row.createdAt });
    });
    if (missingConversations.size > 0) for (const [key, conversation] of await createConversations([...missingConversations.values()])) conversations.set(key, conversation);

    // Only the first message of a conversation created here "opens" it (a first message needs a person).
    const opened = new Set<string>();
    return rows.map((row) => {
      const patient = patients.get(phoneKey(row))!;
      const conversation = conversations.get(conversationKey(row.clinicId, patient.id, row.channelId))!;
      const firstOfNew = conversation.created && !opened.has(conversation.id);
      if (firstOfNew) opened.add(conversation.id);
      return { patientId: patient.id, patientCreated: patient.created, conversationId: conversation.id, conversationCreated: firstOfNew };
    });
  }

  /** New numbers: under the same per-number lock as findOrCreateByPhone, taken in one order so batches never deadlock. */
  async function createPatients(rows: InboundRow[]): Promise<Map<string, { id: string; created: boolean }>> {
    const wanted = rows.map((row) => ({ clinic_id: row.clinicId, phone: row.from, lock: `patient:${row.clinicId}:${row.from}` }));
    return db.transaction(async (tx) => {
      await tx.execute(sql`
        SELECT pg_advisory_xact_lock(h) FROM (
          SELECT hashtext(w.lock) AS h FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(lock text) ORDER BY 1
        ) AS ordered`);
      const result = await tx.execute<{ clinic_id: string; phone: string; id: string; created: boolean }>(sql`
        WITH w AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(clinic_id uuid, phone text)),
        existing AS (
          SELECT DISTINCT ON (w.clinic_id, w.phone) w.clinic_id, w.phone, p.id
          FROM w JOIN patients p ON p.clinic_id = w.clinic_id AND p.phones @> ARRAY[w.phone]
          ORDER BY w.clinic_id, w.phone, p.created_at
        ),
        inserted AS (
          INSERT INTO patients (clinic_id, phones)
          SELECT w.clinic_id, ARRAY[w.phone] FROM w
          WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.clinic_id = w.clinic_id AND e.phone = w.phone)
          RETURNING clinic_id, phones[1] AS phone, id
        )
        SELECT clinic_id, phone, id, false AS created FROM existing
        UNION ALL SELECT clinic_id, phone, id, true AS created FROM inserted`);
      return new Map(result.rows.map((row) => [`${row.clinic_id}|${row.phone}`, { id: row.id, created: row.created }]));
    });
  }

  /** New conversations open waiting for a person; one a concurrent batch created first is read instead. */
  async function createConversations(wanted: { clinicId: string; patientId: string; channelId: string; at: Date }[]) {
    const json = JSON.stringify(wanted.map((w) => ({ clinic_id: w.clinicId, patient_id: w.patientId, channel_id: w.channelId, at: w.at.toISOString() })));
    const result = await db.execute<{ id: string; clinic_id: string; patient_id: string; channel_id: string; created: boolean }>(sql`
      WITH w AS (SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS w(clinic_id uuid, patient_id uuid, channel_id uuid, at timestamptz)),
      inserted AS (
        INSERT INTO conversations (clinic_id, patient_id, channel_id, state, handover_reason, handover_at, last_message_at)
        SELECT clinic_id, patient_id, channel_id, 'human', 'new_conversation', at, at FROM w
        ON CONFLICT (clinic_id, patient_id, channel_id) DO NOTHING
        RETURNING id, clinic_id, patient_id, channel_id
      )
      SELECT id, clinic_id, patient_id, channel_id, true AS created FROM inserted
      UNION ALL
      SELECT c.id, c.clinic_id, c.patient_id, c.channel_id, false AS created
      FROM w JOIN conversations c ON c.clinic_id = w.clinic_id AND c.patient_id = w.patient_id AND c.channel_id = w.channel_id
      WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.clinic_id = w.clinic_id AND i.patient_id = w.patient_id AND i.channel_id = w.channel_id)`);
    // The second half reads the snapshot from before the insert: a conversation a concurrent batch committed in
    // between is neither inserted nor seen, so it is read once more.
    const created = new Map(result.rows.map((row) => [conversationKey(row.clinic_id, row.patient_id, row.channel_id), { id: row.id, created: row.created }]));
    const raced = wanted.filter((w) => !created.has(conversationKey(w.clinicId, w.patientId, w.channelId)));
    if (raced.length > 0) for (const [key, value] of await createConversations(raced)) created.set(key, value);
    return created;
  }

  return {
    async store(rows: InboundRow[]): Promise<StoredInbound[]> {
      const located = await locate(rows);
      const input = rows.map((row, ord) => ({
        ord,
        id: randomUUID(),
        clinic_id: row.clinicId,
        conversation_id: located[ord]!.conversationId,
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
        inbound: row.direction === 'in',
        new_conversation: located[ord]!.conversationCreated,
      }));
      // One statement: messages (duplicates skipped), their conversations' bookkeeping, their jobs in arrival order.
      const result = await db.execute<{ id: string; seq: string; job_id: string }>(sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS i(
            ord int, id uuid, clinic_id uuid, conversation_id uuid, channel_id uuid, channel_kind text, direction text, author text,
            text text, media jsonb, button_reply text, provider_message_id text, status text, meta jsonb, created_at timestamptz,
            preview text, inbound boolean, new_conversation boolean)
        ),
        ins AS (
          INSERT INTO messages (id, clinic_id, conversation_id, channel_id, channel_kind, direction, author, text, media, button_reply, provider_message_id, status, meta, created_at)
          SELECT id, clinic_id, conversation_id, channel_id, channel_kind, direction, author, text, media, button_reply, provider_message_id, status, meta, created_at
          FROM input ORDER BY ord
          ON CONFLICT DO NOTHING
          RETURNING id, seq
        ),
        stored AS (SELECT input.*, ins.seq FROM ins JOIN input USING (id)),
        touched AS (
          UPDATE conversations c SET
            last_message_at = GREATEST(c.last_message_at, t.last_at),
            last_message_preview = t.preview,
            unread_count = c.unread_count + t.inbound_count,
            last_inbound_at = GREATEST(c.last_inbound_at, t.last_inbound_at),
            updated_at = now()
          FROM (
            SELECT conversation_id, max(created_at) AS last_at, (array_agg(preview ORDER BY seq DESC))[1] AS preview,
              count(*) FILTER (WHERE inbound)::int AS inbound_count, max(created_at) FILTER (WHERE inbound) AS last_inbound_at
            FROM stored GROUP BY conversation_id
          ) t
          WHERE c.id = t.conversation_id
        ),
        jobs AS (
          INSERT INTO inbound_jobs (clinic_id, conversation_id, message_id, new_conversation)
          SELECT clinic_id, conversation_id, id, new_conversation FROM stored ORDER BY seq
          RETURNING id, message_id
        )
        SELECT stored.id, stored.seq, jobs.id AS job_id FROM stored JOIN jobs ON jobs.message_id = stored.id`);
      const byId = new Map(result.rows.map((row) => [row.id, row]));
      return rows.map((row, ord): StoredInbound => {
        const stored = byId.get(input[ord]!.id);
        if (!stored) return { duplicate: true };
        return {
          duplicate: false,
          message: messageRow(row, input[ord]!.id, Number(stored.seq), located[ord]!.conversationId),
          conversationId: located[ord]!.conversationId,
          patientCreated: located[ord]!.patientCreated,
          jobId: stored.job_id,
        };
      });
    },
  };
}

export type InboundBatchRepository = ReturnType<typeof createInboundBatchRepository>;

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

const phoneKey = (row: InboundRow) => `${row.clinicId}|${row.from}`;
const conversationKey = (clinicId: string, patientId: string, channelId: string) => `${clinicId}|${patientId}|${channelId}`;
