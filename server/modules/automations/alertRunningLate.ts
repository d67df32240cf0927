// A provider running late: each of their patients still to come today gets 'running_late' with the adjusted
// time (seed 001, "Invia avvisi"). Sent once per appointment and delay.
import { DateTime } from 'luxon';
import { AppError } from '../../errors.ts';
import type { AutomationDeps } from './automationDeps.ts';
import { sendAutomatedMessage } from './sendAutomatedMessage.ts';

export type AlertResult = { appointments: number; notified: number; skipped: Array<{ appointmentId: string; reason: string }> };

export async function alertRunningLate(deps: AutomationDeps, clinicId: string, input: { providerId: string; minutes: number }): Promise<AlertResult> {
  const provider = await deps.repos.providers.get(clinicId, input.providerId);
  if (!provider) throw new AppError('not_found', 404, 'providerId: Provider not found', 'providerId');
  const now = deps.clock.now();
  const clinic = await deps.repos.clinics.get(clinicId);
  const timezone = clinic?.timezone ?? 'Europe/Madrid';
  const endOfDay = DateTime.fromJSDate(now, { zone: timezone }).endOf('day').toJSDate();
  const page = await deps.repos.appointments.list(clinicId, { limit: 200, filters: { from: now.toISOString(), to: endOfDay.toISOString(), providerId: input.providerId, status: ['scheduled', 'confirmed'] } });
  const settings = await deps.automations.getSettings(clinicId);
  const result: AlertResult = { appointments: page.items.length, notified: 0, skipped: [] };
  for (const appointment of page.items) {
    const adjusted = DateTime.fromJSDate(appointment.startsAt, { zone: timezone }).plus({ minutes: input.minutes });
    const sent = await sendAutomatedMessage(deps, {
      clinicId,
      patientId: appointment.patientId,
      settings,
      rule: 'reminders',
      event: 'running_late',
      appointmentId: appointment.id,
      extras: { delayMinutes: input.minutes, newStartsAt: adjusted.toUTC().toISO() ?? appointment.startsAt.toISOString() },
      idempotencyKey: `running_late:${appointment.id}:${input.minutes}`,
    });
    if (sent.status === 'queued') result.notified++;
    else result.skipped.push({ appointmentId: appointment.id, reason: sent.reason });
  }
  return result;
}
