// Rule: appointment reminders (seeds 000, 002). When: the clinic's offsets before the appointment (the patient's own
// first), after the minimum lead time, inside the sending window. What: actOnPlannedReminder (the reminder flow).
import type { Holiday } from '../../businessHours/businessHours.schema.ts';
import type { AutomationSettings } from '../automationSettings.ts';
import { nextOpening } from '../sendingWindow.ts';
import { HOUR, type AppointmentLike } from './appointmentFacts.ts';

/** When each reminder goes out: offsets (the patient's own first), minimum lead time, sending window. */
export function reminderSlots(
  settings: AutomationSettings,
  appointment: Pick<AppointmentLike, 'startsAt' | 'createdAt'>,
  patientLeadHours: number[] | null,
  now: Date,
  timezone: string,
  holidays: readonly Pick<Holiday, 'date'>[] = [],
): Array<{ slot: 'reminder_1' | 'reminder_2'; dueAt: Date }> {
  if (!settings.events.reminders.enabled) return [];
  const { startsAt } = appointment;
  if (startsAt <= now) return [];
  const bookedAhead = startsAt.getTime() - appointment.createdAt.getTime();
  if (bookedAhead < settings.reminders.minLeadHours * HOUR) return [];
  const offsets = (patientLeadHours?.length ? patientLeadHours : settings.reminders.offsetsHours).slice(0, 2).sort((a, b) => b - a);
  const slots: Array<{ slot: 'reminder_1' | 'reminder_2'; dueAt: Date }> = [];
  offsets.forEach((hours, index) => {
    const wanted = startsAt.getTime() - hours * HOUR;
    // Booked after the second reminder's time: the first one (sent at once) is enough.
    if (index === 1 && wanted < appointment.createdAt.getTime()) return;
    const dueAt = nextOpening(new Date(Math.max(wanted, now.getTime())), settings.sendingWindow, timezone, startsAt, holidays);
    if (!dueAt) return;
    slots.push({ slot: index === 0 ? 'reminder_1' : 'reminder_2', dueAt });
  });
  return slots;
}
