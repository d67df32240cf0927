// Plans everything automated about one appointment from its current state: the booked/changed/cancelled
// notice (once per change), the reminders (re-planned when it moves, gone when it is cancelled) and the
// follow-up. Safe to run any number of times for the same version: rows are unique per (appointment, slot)
// and notices carry idempotency keys.
import type { AutomationDeps } from './automationDeps.ts';
import type { PlannedSlot } from './automations.repository.ts';
import type { AutomationSettings } from './automationSettings.ts';
import { nextOpening } from './sendingWindow.ts';
import { holidaysFor, type Holiday } from '../businessHours/businessHours.schema.ts';
import { sendAutomatedMessage } from './sendAutomatedMessage.ts';
import { applyStatusUpdate } from '../inbox/applyStatusUpdate.ts';
import type { HeldNotice } from './pendingNotices.repository.ts';

const HOUR = 3_600_000;
/** An appointment first seen by the planner counts as newly booked only this soon after its creation. */
const NEW_BOOKING_MS = 2 * HOUR;

type Notice = 'booked' | 'changed' | 'cancelled';

export async function planAppointment(deps: AutomationDeps, clinicId: string, appointmentId: string): Promise<void> {
  const appointment = await deps.repos.appointments.get(clinicId, appointmentId);
  if (!appointment) return; // deleted: its planned rows went with it
  const now = deps.clock.now();
  const settings = await deps.automations.getSettings(clinicId);
  const clinic = await deps.repos.clinics.get(clinicId);
  const timezone = clinic?.timezone ?? 'Europe/Madrid';
  // Holidays (the clinic's, and those of the appointment's location) close the sending window like a closed weekday.
  const location = appointment.locationId ? await deps.repos.locations.get(clinicId, appointment.locationId) : null;
  const holidays = holidaysFor(clinic?.settings ?? {}, location?.openingHours ?? undefined);
  const plan = await deps.automations.getPlan(appointmentId);

  const keep: PlannedSlot[] = [];
  const upcoming = appointment.status === 'scheduled' || appointment.status === 'confirmed';
  // An attended appointment still gets its follow-up (and needs no more reminders).
  if (upcoming || appointment.status === 'attended') {
    const messaging = await messagingAllowed(deps, clinicId, appointment.providerId, appointment.serviceId);
    const patient = await deps.repos.patients.getRow(clinicId, appointment.patientId);
    if (messaging && patient && settings.enabled) {
      const reminders = upcoming ? reminderSlots(settings, appointment, patient.reminderLeadHours, now, timezone, holidays) : [];
      for (const slot of reminders) {
        await deps.automations.plan({ clinicId, appointmentId, patientId: appointment.patientId, slot: slot.slot, dueAt: slot.dueAt, startsAt: appointment.startsAt });
        keep.push(slot.slot);
      }
      const followUpAt = followUpDue(settings, appointment.endsAt, timezone, holidays);
      if (followUpAt) {
        await deps.automations.plan({ clinicId, appointmentId, patientId: appointment.patientId, slot: 'followup', dueAt: followUpAt, startsAt: appointment.startsAt });
        keep.push('followup');
      }
    }
  }
  await deps.automations.unplan(appointmentId, keep);

  // Last: a notice that cannot go out now leaves this version unplanned, so the next run tries again.
  const undoMs = settings.notices.undoMinutes * 60_000;
  const told = undoMs > 0 ? await withdrawHeldNotices(deps, appointment, plan) : { plan, alreadyHeld: false };
  const notice = told.alreadyHeld ? null : noticeFor(told.plan, appointment, now);
  if (notice && settings.enabled && appointment.startsAt > now) {
    const held = undoMs > 0 ? { sendAt: new Date(now.getTime() + undoMs), notice: { version: appointment.updatedAt.getTime(), baseline: baselineOf(told.plan) } } : null;
    await sendNotice(deps, settings, appointment, notice, held);
  }
  await deps.automations.savePlan({
    appointmentId,
    clinicId,
    version: appointment.updatedAt,
    notifiedStatus: appointment.status,
    notifiedStartsAt: appointment.startsAt,
    plannedAt: now,
  });
}

type AppointmentLike = { id: string; clinicId: string; patientId: string; status: string; startsAt: Date; endsAt: Date; createdAt: Date; updatedAt: Date; bookedOnline: boolean; source: string | null };
type NotifiedPlan = { notifiedStatus: string | null; notifiedStartsAt: Date | null } | null;

/**
 * The undo window: notices still waiting are withdrawn, and the change is judged against what the patient was told
 * before them — so a change undone sends nothing and several quick edits make one notice. A notice already held
 * for this very version stays (the planner ran twice).
 */
async function withdrawHeldNotices(deps: AutomationDeps, appointment: AppointmentLike, plan: NotifiedPlan): Promise<{ plan: NotifiedPlan; alreadyHeld: boolean }> {
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

function baselineOf(plan: NotifiedPlan): HeldNotice['baseline'] {
  return plan?.notifiedStatus && plan.notifiedStartsAt ? { status: plan.notifiedStatus, startsAt: plan.notifiedStartsAt.toISOString() } : null;
}

function noticeFor(plan: NotifiedPlan, appointment: AppointmentLike, now: Date): Notice | null {
  const cancelled = appointment.status === 'cancelled';
  if (!cancelled && appointment.status !== 'scheduled' && appointment.status !== 'confirmed') return null;
  if (!plan) {
    // First sight: only a fresh booking made here or online is announced; an import (a PMS's first sync, the
    // demo data) must not notify every appointment it brings.
    if (cancelled || now.getTime() - appointment.createdAt.getTime() > NEW_BOOKING_MS) return null;
    return appointment.source === null || appointment.bookedOnline ? 'booked' : null;
  }
  if (cancelled) return plan.notifiedStatus === 'cancelled' ? null : 'cancelled';
  if (plan.notifiedStatus === 'cancelled') return 'booked';
  if (plan.notifiedStartsAt && plan.notifiedStartsAt.getTime() !== appointment.startsAt.getTime()) return 'changed';
  return null;
}

const NOTICE_RULES = {
  booked: { rule: 'appointmentBooked', event: 'appointment_booked' },
  changed: { rule: 'appointmentChanged', event: 'appointment_changed' },
  cancelled: { rule: 'appointmentCancelled', event: 'appointment_cancelled' },
} as const;

type HeldSend = { sendAt: Date; notice: HeldNotice } | null;

async function sendNotice(deps: AutomationDeps, settings: AutomationSettings, appointment: AppointmentLike, notice: Notice, held: HeldSend): Promise<void> {
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

async function messagingAllowed(deps: AutomationDeps, clinicId: string, providerId: string | null, serviceId: string | null): Promise<boolean> {
  const provider = providerId ? await deps.repos.providers.get(clinicId, providerId) : null;
  if (provider && !provider.messagingEnabled) return false;
  const service = serviceId ? await deps.repos.services.get(clinicId, serviceId) : null;
  return !(service && !service.messagingEnabled);
}

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

function followUpDue(settings: AutomationSettings, endsAt: Date, timezone: string, holidays: readonly Pick<Holiday, 'date'>[]): Date | null {
  if (settings.followUp.mode === 'none' || !settings.events.followUp.enabled) return null;
  const ideal = new Date(endsAt.getTime() + settings.followUp.afterHours * HOUR);
  // A task for reception may appear at any hour; a message to the patient waits for the window.
  return settings.followUp.mode === 'manual' ? ideal : nextOpening(ideal, settings.sendingWindow, timezone, undefined, holidays);
}
