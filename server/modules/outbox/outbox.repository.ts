// The outbox: rows claimed in batches with FOR UPDATE SKIP LOCKED, so any number of workers share
// the work and each row is sent by one of them.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { outbox } from '../../db/schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** How long a claim lasts; a worker that dies mid-send leaves its rows to be reconciled after this. */
export const CLAIM_SECONDS = 120;

export function createOutboxRepository(db: Db) {
  return {
    /**
     * Claims due pending rows, and "sending" rows whose claim expired (their worker died).
     * `reclaimed` tells the dispatcher a send may already have happened.
     */
    async claimDue(limit: number, now = new Date(), instance: string | null = null): Promise<Array<OutboxRow & { reclaimed: boolean }>> {
      // Channels with a sticky session (WhatsApp Web) send only from the instance holding their lease.
      const leasedElsewhere = instance
        ? sql`AND channel_id NOT IN (SELECT channel_id FROM channel_leases WHERE owner <> ${instance} AND expires_at > now())`
        : sql``;
      const result = await db.execute<{ id: string; reclaimed: boolean }>(sql`
        UPDATE outbox SET state = 'sending', attempts = attempts + 1, locked_by = ${instance},
          locked_until = ${now.toISOString()}::timestamptz + make_interval(secs => ${CLAIM_SECONDS}),
          updated_at = now()
        FROM (
          SELECT id, state = 'sending' AS reclaimed FROM outbox
          WHERE ((state = 'pending' AND due_at <= ${now.toISOString()}::timestamptz)
             OR (state = 'sending' AND locked_until < ${now.toISOString()}::timestamptz))
          ${leasedElsewhere}
          ORDER BY due_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        ) AS due
        WHERE outbox.id = due.id
        RETURNING outbox.id, due.reclaimed`);
      if (result.rows.length === 0) return [];
      const reclaimed = new Map(result.rows.map((row) => [row.id, row.reclaimed]));
      const rows = await db.select().from(outbox).where(sql`${outbox.id} IN ${[...reclaimed.keys()]}`);
      return rows.map((row) => ({ ...row, reclaimed: reclaimed.get(row.id) ?? false }));
    },

    /**
     * At start-up: this instance holds no claim yet, so any claim under its name is from its previous run, which
     * died or stopped mid-send. They expire now, so the next claim takes them (as reclaimed rows, checked with
     * the provider before any resend) instead of waiting out CLAIM_SECONDS.
     */
    async releaseClaimsOf(instance: string): Promise<number> {
      const rows = await db
        .update(outbox)
        .set({ lockedUntil: sql`now() - interval '1 second'` })
        .where(and(eq(outbox.state, 'sending'), eq(outbox.lockedBy, instance)))
        .returning({ id: outbox.id });
      return rows.length;
    },

    /** Kept from the first attempt that may have reached the provider, so a later check looks back far enough. */
    async markSendStarted(id: string): Promise<void> {
      await db.update(outbox).set({ sendStartedAt: sql`coalesce(${outbox.sendStartedAt}, now())` }).where(eq(outbox.id, id));
    },

    async finish(id: string, state: 'done' | 'failed' | 'cancelled', lastError: string | null = null): Promise<void> {
      await db.update(outbox).set({ state, lockedUntil: null, lockedBy: null, lastError }).where(eq(outbox.id, id));
    },

    /** `keepSendStarted`: the failed attempt may have reached the provider, so the next one asks it first. */
    async retryLater(id: string, dueAt: Date, lastError: string, options: { keepSendStarted?: boolean } = {}): Promise<void> {
      await db
        .update(outbox)
        .set({ state: 'pending', dueAt, lockedUntil: null, lockedBy: null, lastError, ...(options.keepSendStarted ? {} : { sendStartedAt: null }) })
        .where(eq(outbox.id, id));
    },

    /** Cancels a message not yet sent (send-later); false when it is already on its way. */
    async cancelPending(clinicId: string, messageId: string): Promise<boolean> {
      const rows = await db
        .update(outbox)
        .set({ state: 'cancelled' })
        .where(and(eq(outbox.clinicId, clinicId), eq(outbox.messageId, messageId), eq(outbox.state, 'pending')))
        .returning({ id: outbox.id });
      return rows.length > 0;
    },

    async nextDueAt(): Promise<Date | null> {
      const [row] = await db.select({ dueAt: sql<Date>`min(${outbox.dueAt})` }).from(outbox).where(eq(outbox.state, 'pending'));
      return row?.dueAt ? new Date(row.dueAt) : null;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
