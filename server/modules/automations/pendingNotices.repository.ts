// Booking notices still waiting out their undo window: queued messages whose outbox row has not been picked up.
// Each remembers the state the patient was last told about (its baseline), so a change undone sends nothing.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { messages, outbox } from '../../db/schema/index.ts';

/** What `meta.automation.notice` holds on a notice held for its undo window. */
export const heldNoticeSchema = z.object({
  /** The appointment version (updatedAt, ms) the notice was planned for. */
  version: z.number(),
  /** What the patient had been told before this change (null: nothing yet, a new booking). */
  baseline: z.object({ status: z.string(), startsAt: z.iso.datetime({ offset: true }) }).nullable(),
});
export type HeldNotice = z.infer<typeof heldNoticeSchema>;

export function createPendingNoticesRepository(db: Db) {
  return {
    async list(clinicId: string, appointmentId: string): Promise<Array<{ messageId: string; held: HeldNotice }>> {
      const rows = await db
        .select({ messageId: messages.id, meta: messages.meta })
        .from(messages)
        .innerJoin(outbox, eq(outbox.messageId, messages.id))
        .where(
          and(
            eq(messages.clinicId, clinicId),
            eq(messages.status, 'queued'),
            eq(outbox.state, 'pending'),
            sql`${messages.meta} -> 'automation' ->> 'appointmentId' = ${appointmentId}`,
            sql`${messages.meta} -> 'automation' ? 'notice'`,
          ),
        );
      return rows.flatMap((row) => {
        const automation = row.meta?.automation;
        const held = heldNoticeSchema.safeParse(typeof automation === 'object' && automation !== null && 'notice' in automation ? automation.notice : null);
        return held.success ? [{ messageId: row.messageId, held: held.data }] : [];
      });
    },
  };
}

export type PendingNoticesRepository = ReturnType<typeof createPendingNoticesRepository>;
