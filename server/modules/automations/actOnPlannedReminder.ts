// What a due planned row does, checked against the rules as they stand now (the clinic may have switched
// something off, the patient may have confirmed): the slot's rule says what to send (rules/), this sends it.
import { handOver } from '../inbox/ownership.ts';
import { messageResult, type ActResult } from './actResult.ts';
import type { AutomationDeps } from './automationDeps.ts';
import type { PlannedReminderRow } from './automations.repository.ts';
import type { AutomationSettings } from './automationSettings.ts';
import { planAppointment } from './planAppointment.ts';
import { firstReminderPlan, followUpPlan, secondReminderPlan, type SlotPlan } from './rules/index.ts';
import { decideTarget, openConversation, sendAutomatedMessage } from './sendAutomatedMessage.ts';
import { startFlowOnce } from './startFlowOnce.ts';

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
  if (row.slot === 'followup') return sendPlan(deps, row, settings, followUpPlan(row, settings));
  if (!settings.events.reminders.enabled) return { state: 'skipped', outcome: 'reminders_off' };
  if (appointment.startsAt <= now) return { state: 'skipped', outcome: 'too_late' };
  if (appointment.status !== 'scheduled') return { state: 'skipped', outcome: 'already_confirmed' };
  const clinic = await deps.repos.clinics.get(row.clinicId);
  const timezone = clinic?.timezone ?? 'Europe/Madrid';
  const plan = row.slot === 'reminder_1' ? await firstReminderPlan(deps, row, settings, timezone) : await secondReminderPlan(deps, row, settings, timezone, now);
  return sendPlan(deps, row, settings, plan);
}

/** Sends what the rule chose; every channel choice goes through the one decision (decideTarget). */
async function sendPlan(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, plan: SlotPlan): Promise<ActResult> {
  switch (plan.send) {
    case 'nothing':
      return { state: 'skipped', outcome: plan.outcome };
    case 'flow': {
      const result = await startFlowOnce(deps, row, settings, plan);
      return plan.settle ? plan.settle(result) : result;
    }
    case 'message': {
      const { rule, event, idempotencyKey } = plan;
      return messageResult(await sendAutomatedMessage(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule, event, appointmentId: row.appointmentId, idempotencyKey }));
    }
    case 'task': {
      const target = await decideTarget(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule: plan.rule, event: plan.event });
      if ('reason' in target) return { state: 'skipped', outcome: target.reason };
      const conversationId = await openConversation(deps, row.clinicId, row.patientId, target.choice);
      await handOver(deps.inbox, row.clinicId, conversationId, { type: 'system' }, plan.reason);
      return { state: 'done', outcome: 'handed_over', meta: { conversationId } };
    }
  }
}
