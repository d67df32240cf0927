// Rule: booking notices (booked, changed, cancelled; seed 000). When: the appointment differs from what the patient
// was last told (first sight only for a fresh booking). What: the rule's template, held for the undo window.
import type { AutomationDeps } from '../automationDeps.ts';
import type { AutomationSettings } from '../automationSettings.ts';
import { sendAutomatedMessage } from '../sendAutomatedMessage.ts';
import { applyStatusUpdate } from '../../inbox/applyStatusUpdate.ts';
import type { HeldNotice } from '../pendingNotices.repository.ts';
import { HOUR, type AppointmentLike, type NotifiedPlan } from './appointmentFacts.ts';

/** An appointment first seen by the planner counts as newly booked only this soon after its creation. */
const NEW_BOOKING_MS = 2 * HOUR;

export type Notice = 'booked' | 'changed' | 'cancelled';

/**
 * The undo window: notices still waiting are withdrawn, and the change is judged against what the patient was told
 * before them — so a change undone sends nothing and several quick edits make one notice. A notice already held
 * for this very version stays (the planner ran twice).
 */
export async function withdrawHeldNotices(deps: AutomationDeps, appointment: AppointmentLike, plan: NotifiedPlan): Promise<{ plan: NotifiedPlan; alreadyHeld: boolean }> {
  const held = await deps.pendingNotices.list(appointment.clinicId, appointment.id);
  if (held.some((entry) => entry.held.version === appointment.updatedAt.getTime())) return { plan, alreadyHeld: true };
  let told = plan;
  for (const entry of held) {
    // Already picked up by the outbox: the patient is being told, so the saved plan stands.
    if (!(await deps.outbox.cancelPending(appointment.clinicId, entry.messageId))) continue;
    await applyStatusUpdate(deps.inbox, { id: entry.messageId }, { status: 'failed', error: SUPERSEDED_REASON, errorCode: 'superseded' });
    const baseline = entry.held.baseline;
    told = baseline ? { notifiedStatus: baseline.status, notifiedStartsAt: new Date(baseline.startsAt) } : null;
  }
  return { plan: told, alreadyHeld: false };
}

const SUPERSEDED_REASON = 'Not sent: the booking changed again within the undo window';

export function baselineOf(plan: NotifiedPlan): HeldNotice['baseline'] {
  return plan?.notifiedStatus && plan.notifiedStartsAt ? { status: plan.notifiedStatus, startsAt: plan.notifiedStartsAt.toISOString() } : null;
}

export function noticeFor(plan: NotifiedPlan, appointment: AppointmentLike, now: Date): Notice | null {
  const cancelled = appointment.status === 'cancelled';
  if (!cancelled && appointment.status !== 'scheduled' && appointment.status !== 'confirmed') return null;
  if (!plan) {
    // First sight: only a fresh booking is announced — made here, online, or in the PMS while we were connected;
    // an import (a PMS's first sync, a file, the demo data) must not notify every appointment it brings.
    if (cancelled || now.getTime() - appointment.createdAt.getTime() > NEW_BOOKING_MS) return null;
    return appointment.source === null || appointment.bookedOnline || appointment.liveBooking ? 'booked' : null;
  }
  // The patient cancelled by answering the reminder: the reminder flow has answered them in the conversation
  // (cancellation, then the rebooking offer), so a notice would be a second "cancelled" message.
  if (cancelled) return plan.notifiedStatus === 'cancelled' || appointment.replyStatus === 'cancelled' ? null : 'cancelled';
  if (plan.notifiedStatus === 'cancelled') return 'booked';
  if (plan.notifiedStartsAt && plan.notifiedStartsAt.getTime() !== appointment.startsAt.getTime()) return 'changed';
  return null;
}

const NOTICE_RULES = {
  booked: { rule: 'appointmentBooked', event: 'appointment_booked' },
  changed: { rule: 'appointmentChanged', event: 'appointment_changed' },
  cancelled: { rule: 'appointmentCancelled', event: 'appointment_cancelled' },
} as const;

export type HeldSend = { sendAt: Date; notice: HeldNotice } | null;

export async function sendNotice(deps: AutomationDeps, settings: AutomationSettings, appointment: AppointmentLike, notice: Notice, held: HeldSend): Promise<void> {
  const { rule, event } = NOTICE_RULES[notice];
  const ruleSettings = settings.events[rule];
  if (!ruleSettings.enabled || (ruleSettings.onlyBookedOnline && !appointment.bookedOnline)) return;
  const result = await sendAutomatedMessage(deps, {
    clinicId: appointment.clinicId,
    patientId: appointment.patientId,
    settings,
    rule,
    event,
    appointmentId: appointment.id,
    // One notice per change: the same change seen twice (event and planner, two workers) has the same key. A held
    // notice also names the version, so a change undone and made again is a new notice.
    idempotencyKey: `notice:${notice}:${appointment.id}:${appointment.startsAt.getTime()}${held ? `:v${held.notice.version}` : ''}`,
    ...(held ? { sendAt: held.sendAt, heldNotice: held.notice } : {}),
  });
  if (result.status === 'skipped') deps.logger.debug({ appointmentId: appointment.id, notice, reason: result.reason }, 'notice not sent');
}
