// The recurring planner: every appointment in the planning horizon whose current version has not been
// planned yet (new, changed, or missed by the change events: a PMS sync, a crash) gets planned now.
import type { AutomationDeps } from './automationDeps.ts';
import { planAppointment } from './planAppointment.ts';

const DAY = 86_400_000;
/** Far enough ahead for a two-week reminder offset; far enough back for follow-ups of recent appointments. */
export const PLANNING_HORIZON = { backDays: 3, aheadDays: 15 };

export async function planDueAppointments(deps: AutomationDeps, batchSize = 500): Promise<number> {
  const now = deps.clock.now();
  const from = new Date(now.getTime() - PLANNING_HORIZON.backDays * DAY);
  const to = new Date(now.getTime() + PLANNING_HORIZON.aheadDays * DAY);
  const failed = new Set<string>();
  let planned = 0;
  for (;;) {
    const batch = (await deps.automations.appointmentsToPlan(from, to, batchSize + failed.size)).filter((entry) => !failed.has(entry.appointmentId));
    for (const { clinicId, appointmentId } of batch) {
      try {
        await planAppointment(deps, clinicId, appointmentId);
        planned++;
      } catch (error) {
        // Left for the next run; this run must not spin on it.
        failed.add(appointmentId);
        deps.logger.error({ err: error, appointmentId }, 'planning an appointment failed');
      }
    }
    if (batch.length < batchSize) return planned;
  }
}
