// What the channel decision did in a period, beside the delivery report: which kinds it passed over and why
// ("wanted voice, no voice channel: went by SMS"), and which planned reminders and follow-ups it sent nothing
// for, with the reason. So a preference the platform cannot honour shows up instead of silently becoming SMS.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';

export type ChannelDecisionReport = {
  passedOver: { kind: string; reason: string; messages: number }[];
  notSent: { slot: string; reason: string; count: number }[];
};

export async function channelDecisionReport(db: Db, clinicId: string, from: Date, to: Date): Promise<ChannelDecisionReport> {
  const passedOver = await db.execute<{ kind: string; reason: string; messages: number }>(sql`
    SELECT entry->>'kind' AS kind, entry->>'reason' AS reason, count(*)::int AS messages
    FROM messages m, jsonb_array_elements(m.meta->'channelDecision'->'passedOver') AS entry
    WHERE m.clinic_id = ${clinicId} AND m.direction = 'out' AND NOT m.is_test
      AND jsonb_typeof(m.meta->'channelDecision'->'passedOver') = 'array'
      AND m.created_at >= ${from.toISOString()}::timestamptz AND m.created_at < ${to.toISOString()}::timestamptz
    GROUP BY 1, 2 ORDER BY 1, 2`);
  const notSent = await db.execute<{ slot: string; reason: string; count: number }>(sql`
    SELECT slot, coalesce(outcome, 'unknown') AS reason, count(*)::int AS count
    FROM planned_reminders
    WHERE clinic_id = ${clinicId} AND state = 'skipped'
      AND done_at >= ${from.toISOString()}::timestamptz AND done_at < ${to.toISOString()}::timestamptz
    GROUP BY 1, 2 ORDER BY 1, 2`);
  return { passedOver: passedOver.rows, notSent: notSent.rows };
}
