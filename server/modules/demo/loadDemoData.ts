// Fills the first clinic with the demo dental clinic, once: a clinic that already has patients is left alone.
import { asc } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { clinics } from '../../db/schema/index.ts';
import type { Logger } from '../../logger.ts';
import { DEMO_LOCATIONS, DEMO_PROVIDERS, DEMO_SERVICES, DEMO_SOURCE, demoAppointments, demoPatients, demoRecalls } from './demoClinic.ts';

export async function loadDemoData(ctx: AppContext, logger: Logger, now = new Date()): Promise<{ loaded: boolean }> {
  const { repos } = ctx;
  const [clinic] = await ctx.db.select().from(clinics).orderBy(asc(clinics.createdAt)).limit(1);
  if (!clinic) return { loaded: false };
  const existing = await repos.patients.list(clinic.id, { limit: 1 });
  if (existing.items.length > 0) return { loaded: false };

  await repos.clinics.update(clinic.id, {
    name: clinic.name === 'Mi clínica' ? 'Clínica Dental Sonrisa' : clinic.name,
    phone: clinic.phone ?? '+34914470123',
    website: clinic.website ?? 'https://sonrisa.example',
    address: clinic.address ?? DEMO_LOCATIONS[0]!.address,
  });
  const source = { source: DEMO_SOURCE };
  const providers = await Promise.all(DEMO_PROVIDERS.map((p) => repos.providers.insert(clinic.id, { ...p, ...source, phone: null, messagingEnabled: true })));
  const locations = await Promise.all(DEMO_LOCATIONS.map((l) => repos.locations.insert(clinic.id, { ...l, ...source })));
  const services = await Promise.all(DEMO_SERVICES.map((s) => repos.services.insert(clinic.id, { ...s, ...source, messagingEnabled: true })));
  const patients = [];
  for (const p of demoPatients()) {
    const { externalId, phone, ...fields } = p;
    patients.push(await repos.patients.insert(clinic.id, { ...fields, phones: [phone], locale: 'es' }, { [DEMO_SOURCE]: externalId }));
  }
  const appointments = demoAppointments(now, clinic.timezone, patients.length);
  for (const a of appointments) {
    const service = services[a.serviceIndex]!;
    await repos.appointments.insert(clinic.id, {
      patientId: patients[a.patientIndex]!.id,
      providerId: providers[a.providerIndex]!.id,
      locationId: locations[a.locationIndex]!.id,
      serviceId: service.id,
      startsAt: a.startsAt,
      endsAt: new Date(a.startsAt.getTime() + (service.durationMinutes ?? 30) * 60_000),
      status: a.status,
      bookedOnline: a.bookedOnline,
      // Booked weeks before the platform's "now", so reminders plan for them whatever the clock says.
      createdAt: new Date(now.getTime() - 30 * 86_400_000),
      ...source,
      externalId: a.externalId,
    });
  }
  for (const r of demoRecalls(now, patients.length)) {
    await repos.recalls.insert(clinic.id, {
      patientId: patients[r.patientIndex]!.id,
      serviceId: services[r.serviceIndex]!.id,
      reason: r.reason,
      dueDate: r.dueDate,
      origin: 'pms',
      ...source,
      externalId: r.externalId,
    });
  }
  logger.info({ clinicId: clinic.id, patients: patients.length, appointments: appointments.length }, 'demo clinic loaded');
  return { loaded: true };
}
