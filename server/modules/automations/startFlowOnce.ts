// Starts a planned row's bot flow once: a row claimed again after its worker died must not greet the patient
// twice, so the first claim's time is kept on the row and a repeat asks whether the flow already started.
import type { AutomationDeps } from './automationDeps.ts';
import type { PlannedReminderRow } from './automations.repository.ts';
import type { AutomationSettings } from './automationSettings.ts';
import { messageResult, type ActResult } from './actResult.ts';
import { decideTarget, sendAutomatedMessage } from './sendAutomatedMessage.ts';

/** What a flow starts for: its first template, the appointments it covers (the first is the main one), the key of its e-mail stand-in. */
export type FlowPlan = { flow: 'reminder' | 'followup'; event: string; appointmentIds: string[]; idempotencyKey: string };

/**
 * Starts the plan's flow on the channel the decision chose. Flows run on phone channels: an e-mail patient
 * gets the template as a plain message instead (its idempotency key makes a repeat send nothing).
 */
export async function startFlowOnce(deps: AutomationDeps, row: PlannedReminderRow, settings: AutomationSettings, plan: FlowPlan): Promise<ActResult> {
  const { flow, event, idempotencyKey } = plan;
  const [appointmentId] = plan.appointmentIds as [string, ...string[]];
  const several = plan.appointmentIds.length > 1 ? { appointmentIds: plan.appointmentIds } : {};
  const rule = flow === 'reminder' ? 'reminders' : 'followUp';
  const target = await decideTarget(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule, event });
  if ('reason' in target) return { state: 'skipped', outcome: target.reason };
  const { choice } = target;
  if (choice.kind !== 'whatsapp' && choice.kind !== 'sms') {
    return messageResult(await sendAutomatedMessage(deps, { clinicId: row.clinicId, patientId: row.patientId, settings, rule, event, appointmentId, ...several, idempotencyKey, target }));
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
