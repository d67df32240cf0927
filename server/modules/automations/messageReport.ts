// The delivery report per automation (message purpose) and period (seed 001, "Riepilogo messaggi"): sent,
// delivered, read, failed, replied, and for appointment messages how many appointments ended confirmed or
// cancelled (every appointment a message covered: one reminder may name several). Test messages never count.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';

export type MessageReportRow = {
  purpose: string;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  replied: number;
  appointments: number;
  confirmed: number;
  cancelled: number;
  /** confirmed / appointments, null when the purpose concerns no appointment. */
  confirmationRate: number | null;
};

/** How long after a message an answer in the same conversation counts as a reply to it. */
const REPLY_WINDOW = '48 hours';

export async function messageReport(db: Db, clinicId: string, from: Date, to: Date): Promise<MessageReportRow[]> {
  const result = await db.execute<{
    purpose: string; sent: number; delivered: number; read: number; failed: number; replied: number; appointments: number; confirmed: number; cancelled: number;
  }>(sql`
    WITH sent AS (
      SELECT m.id, m.purpose, m.status, m.conversation_id, m.created_at,
        CASE
          WHEN jsonb_typeof(m.meta->'appointmentIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(m.meta->'appointmentIds'))
          WHEN jsonb_typeof(m.meta->'automation'->'appointmentIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(m.meta->'automation'->'appointmentIds'))
          ELSE ARRAY[coalesce(m.meta->'automation'->>'appointmentId', m.meta->>'appointmentId', bs.appointment_id::text)]
        END AS appointment_ids
      FROM messages m
      LEFT JOIN LATERAL (
        SELECT appointment_id FROM bot_sessions b
        WHERE b.conversation_id = m.conversation_id AND b.created_at <= m.created_at AND b.appointment_id IS NOT NULL
        ORDER BY b.created_at DESC LIMIT 1
      ) bs ON m.author = 'bot'
      WHERE m.clinic_id = ${clinicId} AND m.direction = 'out' AND NOT m.is_test AND m.purpose IS NOT NULL
        AND m.created_at >= ${from.toISOString()}::timestamptz AND m.created_at < ${to.toISOString()}::timestamptz
    )
    SELECT s.purpose,
      count(DISTINCT s.id) FILTER (WHERE s.status IN ('sent', 'delivered', 'read'))::int AS sent,
      count(DISTINCT s.id) FILTER (WHERE s.status IN ('delivered', 'read'))::int AS delivered,
      count(DISTINCT s.id) FILTER (WHERE s.status = 'read')::int AS read,
      count(DISTINCT s.id) FILTER (WHERE s.status = 'failed')::int AS failed,
      count(DISTINCT s.id) FILTER (WHERE EXISTS (
        SELECT 1 FROM messages r WHERE r.conversation_id = s.conversation_id AND r.direction = 'in'
          AND r.created_at > s.created_at AND r.created_at < s.created_at + interval '${sql.raw(REPLY_WINDOW)}'))::int AS replied,
      count(DISTINCT a.id)::int AS appointments,
      count(DISTINCT a.id) FILTER (WHERE a.status IN ('confirmed', 'attended'))::int AS confirmed,
      count(DISTINCT a.id) FILTER (WHERE a.status = 'cancelled')::int AS cancelled
    FROM sent s
    LEFT JOIN appointments a ON a.clinic_id = ${clinicId} AND a.id::text = ANY(s.appointment_ids)
    GROUP BY s.purpose
    ORDER BY s.purpose`);
  return result.rows.map((row) => ({ ...row, confirmationRate: row.appointments > 0 ? Math.round((row.confirmed / row.appointments) * 1000) / 1000 : null }));
}
