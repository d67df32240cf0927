// Rule: appointment reminders (seeds 000, 002). When: the clinic's offsets before the appointment (the patient's own
// first), after the minimum lead time, inside the sending window. What: the first reminder starts the reminder flow
// (one flow for several appointments the same day), the second is a plain message.
import { DateTime } from 'luxon';
import type { Holiday } from '../../businessHours/businessHours.schema.ts';
import type { ActResult } from '../actResult.ts';
import type { AutomationDeps } from '../automationDeps.ts';
import type { PlannedReminderRow } from '../automations.repository.ts';
import type { AutomationSettings } from '../automationSettings.ts';
import { nextOpening } from '../sendingWindow.ts';
import { HOUR, type AppointmentLike } from './appointmentFacts.ts';
import type { SlotPlan } from './slotPlan.ts';

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

/** What the first reminder sends: the reminder flow, or one flow for all of the patient's appointments that day. */
export async function firstReminderPlan(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, timezone: string): Promise<SlotPlan> {
  if (settings.reminders.onePerPatientPerDay) {
    const day = localDay(row.startsAt, timezone);
    const siblings = await deps.automations.claimSiblings(row, day.start, day.end);
    if (siblings.length) return reminderForSeveral(deps, row, siblings, day.key);
  }
  return reminderFlow(row);
}

/** What the second reminder sends: a plain message, unless the patient is reliable or was reminded today. */
export async function secondReminderPlan(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, timezone: string, now: Date): Promise<SlotPlan> {
  if (settings.reminders.secondTo === 'unreliable') {
    const rate = await deps.noShowRate(row.clinicId, row.patientId, now);
    if (rate < settings.reminders.unreliableThreshold) return { send: 'nothing', outcome: 'reliable_patient' };
  }
  if (settings.reminders.onePerPatientPerDay) {
    const today = localDay(now, timezone);
    if (await deps.automations.reminderSentBetween(row.clinicId, row.patientId, today.start, today.end, row.id)) return { send: 'nothing', outcome: 'one_per_day' };
  }
  return { send: 'message', rule: 'reminders', event: 'reminder_second', idempotencyKey: `reminder_second:${row.appointmentId}:${row.startsAt.getTime()}` };
}

function reminderFlow(row: PlannedReminderRow): SlotPlan {
  return { send: 'flow', flow: 'reminder', event: 'reminder', appointmentIds: [row.appointmentId], idempotencyKey: `reminder:${row.appointmentId}:${row.startsAt.getTime()}` };
}

/**
 * Several appointments the same day: one reminder flow covering them all, so one answer confirms or cancels
 * each (the rows of the others are closed as merged). A sibling no longer waiting for its reminder (confirmed,
 * cancelled, moved) goes back to be judged on its own.
 */
async function reminderForSeveral(deps: AutomationDeps, row: PlannedReminderRow, siblings: PlannedReminderRow[], dayKey: string): Promise<SlotPlan> {
  const merged: PlannedReminderRow[] = [];
  for (const sibling of siblings) {
    const appointment = await deps.repos.appointments.get(sibling.clinicId, sibling.appointmentId);
    if (appointment?.status === 'scheduled' && appointment.startsAt.getTime() === sibling.startsAt.getTime()) merged.push(sibling);
    else await deps.automations.retryLater(sibling.id, sibling.dueAt, 'not_merged');
  }
  if (!merged.length) return reminderFlow(row);
  const all = [row, ...merged].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    send: 'flow',
    flow: 'reminder',
    event: 'reminder_multi',
    appointmentIds: all.map((entry) => entry.appointmentId),
    idempotencyKey: `reminder_multi:${row.patientId}:${dayKey}`,
    settle: (result) => closeMerged(deps, row, merged, result),
  };
}

/** The merged rows end with the combined reminder's result. */
async function closeMerged(deps: AutomationDeps, row: PlannedReminderRow, merged: PlannedReminderRow[], result: ActResult): Promise<ActResult> {
  const outcome = result.state === 'done' ? 'sent_multi' : result.outcome;
  const now = deps.clock.now();
  for (const sibling of merged) await deps.automations.finish(sibling.id, result.state, result.state === 'done' ? 'merged' : outcome, now, { mergedInto: row.id });
  return { ...result, outcome };
}

function localDay(at: Date, timezone: string): { start: Date; end: Date; key: string } {
  const day = DateTime.fromJSDate(at, { zone: timezone }).startOf('day');
  return { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate(), key: day.toISODate() ?? '' };
}
