// Rule: post-appointment follow-up (seed 004). When: some hours after the appointment ends (a task for reception
// at once, a message to the patient inside the sending window). What: actOnPlannedReminder (thanks or survey).
import type { Holiday } from '../../businessHours/businessHours.schema.ts';
import type { AutomationSettings } from '../automationSettings.ts';
import { nextOpening } from '../sendingWindow.ts';
import { HOUR } from './appointmentFacts.ts';

export function followUpDue(settings: AutomationSettings, endsAt: Date, timezone: string, holidays: readonly Pick<Holiday, 'date'>[]): Date | null {
  if (settings.followUp.mode === 'none' || !settings.events.followUp.enabled) return null;
  const ideal = new Date(endsAt.getTime() + settings.followUp.afterHours * HOUR);
  // A task for reception may appear at any hour; a message to the patient waits for the window.
  return settings.followUp.mode === 'manual' ? ideal : nextOpening(ideal, settings.sendingWindow, timezone, undefined, holidays);
}
