// A provider unavailable for a day: that day's appointments are cancelled, each patient gets
// 'provider_unavailable' (instead of the ordinary cancellation notice) and their conversation goes to reception
// to rebook, with the reason 'provider_unavailable'.
import { DateTime } from 'luxon';
import { AppError } from '../../errors.ts';
import { updateAppointment, type AppointmentDeps } from '../appointments/saveAppointment.ts';
import { handOver } from '../inbox/ownership.ts';
import type { AlertResult } from './alertRunningLate.ts';
import type { AutomationDeps } from './automationDeps.ts';
import { sendAutomatedMessage } from './sendAutomatedMessage.ts';

export async function alertProviderUnavailable(deps: AutomationDeps & { appointmentDeps: AppointmentDeps }, clinicId: string, input: { providerId: string; date: string }): Promise<AlertResult> {
  const provider = await deps.repos.providers.get(clinicId, input.providerId);
  if (!provider) throw new AppError('not_found', 404, 'providerId: Provider not found', 'providerId');
  const clinic = await deps.repos.clinics.get(clinicId);
  const day = DateTime.fromISO(input.date, { zone: clinic?.timezone ?? 'Europe/Madrid' }).startOf('day');
  if (!day.isValid) throw AppError.validation('date', 'date: must be YYYY-MM-DD');
  const page = await deps.repos.appointments.list(clinicId, {
    limit: 200,
    filters: { from: day.toJSDate().toISOString(), to: day.plus({ days: 1 }).toJSDate().toISOString(), providerId: input.providerId, status: ['scheduled', 'confirmed'] },
  });
  const settings = await deps.automations.getSettings(clinicId);
  const now = deps.clock.now();
  const result: AlertResult = { appointments: page.items.length, notified: 0, skipped: [] };
  for (const appointment of page.items) {
    const sent = await sendAutomatedMessage(deps, {
      clinicId,
      patientId: appointment.patientId,
      settings,
      rule: 'appointmentCancelled',
      event: 'provider_unavailable',
      appointmentId: appointment.id,
      idempotencyKey: `provider_unavailable:${appointment.id}:${appointment.startsAt.getTime()}`,
    });
    // The patient was told already: the planner must not send the ordinary cancellation notice on top.
    await deps.automations.savePlan({ appointmentId: appointment.id, clinicId, version: appointment.updatedAt, notifiedStatus: 'cancelled', notifiedStartsAt: appointment.startsAt, plannedAt: now });
    await updateAppointment(deps.appointmentDeps, clinicId, appointment.id, { status: 'cancelled' });
    if (sent.status === 'queued') {
      result.notified++;
      await handOver(deps.inbox, clinicId, sent.conversationId, { type: 'system' }, 'provider_unavailable');
    } else {
      result.skipped.push({ appointmentId: appointment.id, reason: sent.reason });
    }
  }
  return result;
}
