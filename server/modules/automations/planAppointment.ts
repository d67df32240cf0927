// Plans everything automated about one appointment from its current state: the booked/changed/cancelled
// notice (once per change), the reminders (re-planned when it moves, gone when it is cancelled) and the
// follow-up. Safe to run any number of times for the same version: rows are unique per (appointment, slot)
// and notices carry idempotency keys.
import type { AutomationDeps } from './automationDeps.ts';
import type { PlannedSlot } from './automations.repository.ts';
import { holidaysFor } from '../businessHours/businessHours.schema.ts';
import { baselineOf, followUpDue, noticeFor, reminderSlots, sendNotice, withdrawHeldNotices } from './rules/index.ts';

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

  // Messaging switched off for the provider or the service silences everything about the appointment:
  // reminders, follow-up and notices alike.
  const messaging = await messagingAllowed(deps, clinicId, appointment.providerId, appointment.serviceId);
  const keep: PlannedSlot[] = [];
  const upcoming = appointment.status === 'scheduled' || appointment.status === 'confirmed';
  // An attended appointment still gets its follow-up (and needs no more reminders).
  if (upcoming || appointment.status === 'attended') {
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
  if (notice && messaging && settings.enabled && appointment.startsAt > now) {
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

async function messagingAllowed(deps: AutomationDeps, clinicId: string, providerId: string | null, serviceId: string | null): Promise<boolean> {
  const provider = providerId ? await deps.repos.providers.get(clinicId, providerId) : null;
  if (provider && !provider.messagingEnabled) return false;
  const service = serviceId ? await deps.repos.services.get(clinicId, serviceId) : null;
  return !(service && !service.messagingEnabled);
}
