// The dispatcher: claims due planned reminders in batches (FOR UPDATE SKIP LOCKED, so any number of workers
// share them and each row is acted on by one) and acts on each once. A row whose worker died is claimed again
// after its claim expires (at once when it restarts under its name); the acts themselves are idempotent, so
// that repeat sends nothing twice.
import type { AutomationDeps } from './automationDeps.ts';
import { actOnPlannedReminder } from './actOnPlannedReminder.ts';

const RETRY_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/** Acts on everything due now; returns how many rows it handled. */
export async function dispatchDueReminders(deps: AutomationDeps, batchSize = 100): Promise<number> {
  let handled = 0;
  for (;;) {
    const now = deps.clock.now();
    const rows = await deps.automations.claimDue(now, batchSize, deps.instance ?? null);
    for (const row of rows) {
      try {
        const result = await actOnPlannedReminder(deps, row);
        await deps.automations.finish(row.id, result.state, result.outcome, now, { ...row.meta, ...result.meta });
      } catch (error) {
        deps.logger.error({ err: error, plannedReminderId: row.id, slot: row.slot }, 'planned reminder failed');
        if (row.attempts >= MAX_ATTEMPTS) await deps.automations.finish(row.id, 'skipped', 'error', now);
        else await deps.automations.retryLater(row.id, new Date(now.getTime() + RETRY_MS), 'error');
      }
    }
    handled += rows.length;
    if (rows.length < batchSize) return handled;
  }
}
