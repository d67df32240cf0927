// The inbound jobs: written with their message (the inbound batch, ingest_inbound_batch), claimed the way the outbox
// claims (FOR UPDATE SKIP LOCKED with a claim that expires), so every instance can share the work. A claim takes
// only the oldest open job of each conversation: its messages are handled in the order they arrived.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { inboundJobs } from '../../db/schema/index.ts';

export type InboundJobRow = typeof inboundJobs.$inferSelect;

/** How long a claim lasts; a worker that dies mid-job leaves it to the others after this. */
export const INBOUND_CLAIM_SECONDS = 120;

export function createInboundJobsRepository(db: Db) {
  return {
    /** Claims due jobs (pending, or claimed by a worker whose claim expired), at most one per conversation. */
    async claimDue(limit: number, now: Date, owner: string): Promise<InboundJobRow[]> {
      const at = now.toISOString();
      const result = await db.execute<{ id: string }>(sql`
        UPDATE inbound_jobs SET state = 'processing', attempts = attempts + 1, locked_by = ${owner},
          locked_until = ${at}::timestamptz + make_interval(secs => ${INBOUND_CLAIM_SECONDS}),
          updated_at = now()
        FROM (
          SELECT job.id FROM inbound_jobs job
          WHERE job.state IN ('pending', 'processing')
            AND ((job.state = 'pending' AND job.due_at <= ${at}::timestamptz)
              OR (job.state = 'processing' AND job.locked_until < ${at}::timestamptz))
            AND NOT EXISTS (
              SELECT 1 FROM inbound_jobs earlier
              WHERE earlier.conversation_id = job.conversation_id AND earlier.seq < job.seq
                AND earlier.state IN ('pending', 'processing'))
          ORDER BY job.seq
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        ) AS due
        WHERE inbound_jobs.id = due.id
        RETURNING inbound_jobs.id`);
      if (result.rows.length === 0) return [];
      const rows = await db.select().from(inboundJobs).where(sql`${inboundJobs.id} IN ${result.rows.map((row) => row.id)}`);
      return rows.sort((a, b) => a.seq - b.seq);
    },

    /**
     * At start-up: this instance holds no claim yet, so any claim under its name is from its previous run,
     * which stopped mid-job. They are due again now instead of after their claim expires.
     */
    async releaseClaimsOf(owner: string): Promise<number> {
      const rows = await db
        .update(inboundJobs)
        .set({ state: 'pending', lockedUntil: null, lockedBy: null, dueAt: new Date() })
        .where(and(eq(inboundJobs.state, 'processing'), eq(inboundJobs.lockedBy, owner)))
        .returning({ id: inboundJobs.id });
      return rows.length;
    },

    /**
     * Done jobs are kept a while as history (what ran, how many attempts), then removed so the table holds the
     * open work and recent days only. Bounded per call; failed jobs stay until someone looks at them.
     */
    async deleteDoneBefore(before: Date, limit = 5000): Promise<number> {
      const result = await db.execute(sql`
        DELETE FROM inbound_jobs WHERE id IN (
          SELECT id FROM inbound_jobs WHERE state = 'done' AND updated_at < ${before.toISOString()}::timestamptz LIMIT ${limit})`);
      return result.rowCount ?? 0;
    },

    async finish(id: string): Promise<void> {
      await db.update(inboundJobs).set({ state: 'done', lockedUntil: null, lastError: null }).where(eq(inboundJobs.id, id));
    },

    async retryLater(id: string, dueAt: Date, lastError: string): Promise<void> {
      await db.update(inboundJobs).set({ state: 'pending', dueAt, lockedUntil: null, lockedBy: null, lastError }).where(eq(inboundJobs.id, id));
    },

    async fail(id: string, lastError: string): Promise<void> {
      await db.update(inboundJobs).set({ state: 'failed', lockedUntil: null, lastError }).where(eq(inboundJobs.id, id));
    },

    async get(id: string): Promise<InboundJobRow | null> {
      const [row] = await db.select().from(inboundJobs).where(eq(inboundJobs.id, id)).limit(1);
      return row ?? null;
    },
  };
}

export type InboundJobsRepository = ReturnType<typeof createInboundJobsRepository>;
