// Rule: post-appointment follow-up (seed 004). When: some hours after the appointment ends (a task for reception
// at once, a message to the patient inside the sending window). What: a task for reception, or the follow-up flow
// (thanks or survey).
import type { Holiday } from '../../businessHours/businessHours.schema.ts';
import type { PlannedReminderRow } from '../automations.repository.ts';
import type { AutomationSettings } from '../automationSettings.ts';
import { nextOpening } from '../sendingWindow.ts';
import { HOUR } from './appointmentFacts.ts';
import type { SlotPlan } from './slotPlan.ts';

export function followUpDue(settings: AutomationSettings, endsAt: Date, timezone: string, holidays: readonly Pick<Holiday, 'date'>[]): Date | null {
  if (followUpOff(settings)) return null;
  const ideal = new Date(endsAt.getTime() + settings.followUp.afterHours * HOUR);
  // A task for reception may appear at any hour; a message to the patient waits for the window.
  return settings.followUp.mode === 'manual' ? ideal : nextOpening(ideal, settings.sendingWindow, timezone, undefined, holidays);
}

/** What the follow-up sends, read again when due (the clinic may have switched it off or changed its mode). */
export function followUpPlan(row: PlannedReminderRow, settings: AutomationSettings): SlotPlan {
  if (followUpOff(settings)) return { send: 'nothing', outcome: 'followup_off' };
  if (settings.followUp.mode === 'manual') return { send: 'task', rule: 'followUp', event: 'followup_thanks', reason: 'followup_due' };
  const event = settings.followUp.kind === 'survey' ? 'followup_survey' : 'followup_thanks';
  return { send: 'flow', flow: 'followup', event, appointmentIds: [row.appointmentId], idempotencyKey: `${event}:${row.appointmentId}:${row.startsAt.getTime()}` };
}

function followUpOff(settings: AutomationSettings): boolean {
  return settings.followUp.mode === 'none' || !settings.events.followUp.enabled;
}
