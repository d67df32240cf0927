// What a due planned row does, checked against the rules as they stand now (the clinic may have switched
// something off, the patient may have confirmed): first reminder → the reminder bot flow (or one message for
// several appointments that day), second reminder → 'reminder_second', follow-up → flow or a task for reception.
import { DateTime } from 'luxon';
import { handOver } from '../inbox/ownership.ts';
import type { AutomationDeps } from './automationDeps.ts';
import type { PlannedReminderRow } from './automations.repository.ts';
import type { AutomationSettings } from './automationSettings.ts';
import { planAppointment } from './planAppointment.ts';
import { decideTarget, openConversation, sendAutomatedMessage } from './sendAutomatedMessage.ts';

export type ActResult = { state: 'done' | 'skipped' | 'cancelled'; outcome: string; meta?: Record<string, unknown> };

export async function actOnPlannedReminder(deps: AutomationDeps, row: PlannedReminderRow): Promise<ActResult> {
  const now = deps.clock.now();
  const appointment = await deps.repos.appointments.get(row.clinicId, row.appointmentId);
  if (!appointment || appointment.status === 'cancelled' || appointment.status === 'no_show') return { state: 'cancelled', outcome: 'appointment_cancelled' };
  if (appointment.startsAt.getTime() !== row.startsAt.getTime()) {
    // Moved since it was planned: the planner puts the row at its new time (after this one is closed).
    queueMicrotask(() => void planAppointment(deps, row.clinicId, row.appointmentId).catch((error) => deps.logger.error({ err: error }, 're-plan failed')));
    return { state: 'cancelled', outcome: 'moved' };
  }
  const settings = await deps.automations.getSettings(row.clinicId);
  if (!settings.enabled) return { state: 'skipped', outcome: 'automations_off' };
  if (row.slot === 'followup') return followUp(deps, row, settings);
  if (!settings.events.reminders.enabled) return { state: 'skipped', outcome: 'reminders_off' };
  if (appointment.startsAt <= now) return { state: 'skipped', outcome: 'too_late' };
  if (appointment.status !== 'scheduled') return { state: 'skipped', outcome: 'already_confirmed' };
  const clinic = await deps.repos.clinics.get(row.clinicId);
  const timezone = clinic?.timezone ?? 'Europe/Madrid';
  return row.slot === 'reminder_1' ? firstReminder(deps, row, settings, timezone) : secondReminder(deps, row, settings, timezone, now);
}

async function firstReminder(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, timezone: string): Promise<ActResult> {
  if (settings.reminders.onePerPatientPerDay) {
    const day = localDay(row.startsAt, timezone);
    const siblings = await deps.automations.claimSiblings(row, day.start, day.end);
    if (siblings.length) return reminderForSeveral(deps, row, siblings, settings, day.key);
  }
  return startFlowOnce(deps, row, settings, { flow: 'reminder', event: 'reminder', appointmentIds: [row.appointmentId], idempotencyKey: `reminder:${row.appointmentId}:${row.startsAt.getTime()}` });
}

/** What a flow starts for: its first template, the appointments it covers (the first is the main one), the key of its e-mail stand-in. */
type FlowPlan = { flow: 'reminder' | 'followup'; event: string; appointmentIds: string[]; idempotencyKey: string };

/**
 * Starts the slot's flow on the channel the decision chose. Flows run on phone channels: an e-mail patient
 * gets the template as a plain message instead. A row claimed again after its worker died checks first
 * whether the flow already started.
 */
async function startFlowOnce(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, plan: FlowPlan): Promise<ActResult> {
  const { flow, event, idempotencyKey } = plan;
  const [appointmentId] = plan.appointmentIds as [string, ...string[]];
  const several = plan.appointmentIds.length > 1 ? { appointmentIds: plan.appointmentIds } : {};
  const rule = flow === 'reminder' ? 'reminders' : 'followUp';
  const target = await decideTarget(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule, event });
  if ('reason' in target) return { state: 'skipped', outcome: target.reason };
  const { choice } = target;
  if (choice.kind !== 'whatsapp' && choice.kind !== 'sms') {
    const sent = await sendAutomatedMessage(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule, event, appointmentId, ...several, idempotencyKey, target });
    return sent.status === 'queued' ? { state: 'done', outcome: 'sent', meta: { messageId: sent.messageId, channel: sent.kind } } : { state: 'skipped', outcome: sent.reason };
  }
  const firstClaimAt = typeof row.meta?.['firstClaimAt'] === 'string' ? new Date(row.meta['firstClaimAt']) : null;
  if (row.attempts > 1 && firstClaimAt && (await deps.flowStartedSince(row.clinicId, appointmentId, flow, firstClaimAt))) return { state: 'done', outcome: 'flow_started' };
  await deps.automations.setMeta(row.id, { ...row.meta, firstClaimAt: firstClaimAt?.toISOString() ?? new Date().toISOString() });
  const started = await deps.startFlow({
    clinicId: row.clinicId,
    flow,
    appointmentId,
    ...several,
    choice,
    passedOver: target.passedOver,
    ...(flow === 'followup' ? { followupKind: settings.followUp.kind } : {}),
  });
  return { state: 'done', outcome: 'flow_started', meta: { conversationId: started.conversationId, channel: choice.kind } };
}

/**
 * Several appointments the same day: one reminder flow covering them all, so one answer confirms or cancels
 * each (the rows of the others are closed as merged). A sibling no longer waiting for its reminder (confirmed,
 * cancelled, moved) goes back to be judged on its own.
 */
async function reminderForSeveral(deps: AutomationDeps, row: PlannedReminderRow, siblings: PlannedReminderRow[], settings: AutomationSettings, dayKey: string): Promise<ActResult> {
  const merged: PlannedReminderRow[] = [];
  for (const sibling of siblings) {
    const appointment = await deps.repos.appointments.get(sibling.clinicId, sibling.appointmentId);
    if (appointment?.status === 'scheduled' && appointment.startsAt.getTime() === sibling.startsAt.getTime()) merged.push(sibling);
    else await deps.automations.retryLater(sibling.id, sibling.dueAt, 'not_merged');
  }
  if (!merged.length) return startFlowOnce(deps, row, settings, { flow: 'reminder', event: 'reminder', appointmentIds: [row.appointmentId], idempotencyKey: `reminder:${row.appointmentId}:${row.startsAt.getTime()}` });
  const all = [row, ...merged].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const result = await startFlowOnce(deps, row, settings, { flow: 'reminder', event: 'reminder_multi', appointmentIds: all.map((entry) => entry.appointmentId), idempotencyKey: `reminder_multi:${row.patientId}:${dayKey}` });
  const outcome = result.state === 'done' ? 'sent_multi' : result.outcome;
  const now = deps.clock.now();
  for (const sibling of merged) await deps.automations.finish(sibling.id, result.state, result.state === 'done' ? 'merged' : outcome, now, { mergedInto: row.id });
  return { ...result, outcome };
}

async function secondReminder(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, timezone: string, now: Date): Promise<ActResult> {
  if (settings.reminders.secondTo === 'unreliable') {
    const rate = await deps.noShowRate(row.clinicId, row.patientId, now);
    if (rate < settings.reminders.unreliableThreshold) return { state: 'skipped', outcome: 'reliable_patient' };
  }
  if (settings.reminders.onePerPatientPerDay) {
    const today = localDay(now, timezone);
    if (await deps.automations.reminderSentBetween(row.clinicId, row.patientId, today.start, today.end, row.id)) return { state: 'skipped', outcome: 'one_per_day' };
  }
  const result = await sendAutomatedMessage(deps, {
    clinicId: row.clinicId,
    patientId: row.patientId,
    settings,
    rule: 'reminders',
    event: 'reminder_second',
    appointmentId: row.appointmentId,
    idempotencyKey: `reminder_second:${row.appointmentId}:${row.startsAt.getTime()}`,
  });
  return result.status === 'queued' ? { state: 'done', outcome: 'sent', meta: { messageId: result.messageId, channel: result.kind } } : { state: 'skipped', outcome: result.reason };
}

async function followUp(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings): Promise<ActResult> {
  if (settings.followUp.mode === 'none' || !settings.events.followUp.enabled) return { state: 'skipped', outcome: 'followup_off' };
  if (settings.followUp.mode === 'manual') {
    // A task for reception: the conversation lands in the inbox with the reason, nothing goes to the patient.
    const target = await decideTarget(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule: 'followUp', event: 'followup_thanks' });
    if ('reason' in target) return { state: 'skipped', outcome: target.reason };
    const conversationId = await openConversation(deps, row.clinicId, row.patientId, target.choice);
    await handOver(deps.inbox, row.clinicId, conversationId, { type: 'system' }, 'followup_due');
    return { state: 'done', outcome: 'handed_over', meta: { conversationId } };
  }
  const event = settings.followUp.kind === 'survey' ? 'followup_survey' : 'followup_thanks';
  return startFlowOnce(deps, row, settings, { flow: 'followup', event, appointmentIds: [row.appointmentId], idempotencyKey: `${event}:${row.appointmentId}:${row.startsAt.getTime()}` });
}

function localDay(at: Date, timezone: string): { start: Date; end: Date; key: string } {
  const day = DateTime.fromJSDate(at, { zone: timezone }).startOf('day');
  return { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate(), key: day.toISODate() ?? '' };
}
