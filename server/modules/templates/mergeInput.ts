// Gathers what a message may mention — clinic, patient, appointment with its provider, place and
// service, the patient's other appointments that day (or the ones a message covers), a recall — into the
// template library's input.
import { and, eq, gte, inArray, lt, ne, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Channel, Locale, MergeInput } from '../../../templates/index.ts';
import type { Db } from '../../db/database.ts';
import { appointments, clinics, locations, patients, providers, recalls, services } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

export type MergeRequest = {
  clinicId: string;
  channel: Channel;
  patientId?: string | null | undefined;
  appointmentId?: string | null | undefined;
  /** The appointments a message covers (a same-day reminder and its answer): `{{#each appointments}}` lists these. */
  appointmentIds?: readonly string[] | null | undefined;
  recallId?: string | null | undefined;
  locale?: Locale | null | undefined;
  extras?: { bookingUrl?: string; reviewUrl?: string; delayMinutes?: number; newStartsAt?: string } | undefined;
};

export async function loadMergeInput(db: Db, request: MergeRequest): Promise<{ input: MergeInput; patientLocale: string | null; clinicLocale: string; settings: Record<string, unknown> }> {
  const { clinicId } = request;
  const [clinic] = await db.select().from(clinics).where(eq(clinics.id, clinicId));
  if (!clinic) throw AppError.notFound('Clinic');
  const appointment = request.appointmentId ? await one(db.select().from(appointments).where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, request.appointmentId))), 'appointmentId', 'Appointment') : null;
  const recall = request.recallId ? await one(db.select().from(recalls).where(and(eq(recalls.clinicId, clinicId), eq(recalls.id, request.recallId))), 'recallId', 'Recall') : null;
  const patientId = request.patientId ?? appointment?.patientId ?? recall?.patientId ?? null;
  const patient = patientId ? await one(db.select().from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId))), 'patientId', 'Patient') : null;
  const provider = appointment?.providerId ? (await db.select().from(providers).where(eq(providers.id, appointment.providerId)))[0] : undefined;
  const location = appointment?.locationId ? (await db.select().from(locations).where(eq(locations.id, appointment.locationId)))[0] : undefined;
  const service = appointment?.serviceId ? (await db.select().from(services).where(eq(services.id, appointment.serviceId)))[0] : undefined;
  const links = linksOf(clinic.settings);

  const input: MergeInput = {
    clinic: { name: clinic.name, timezone: clinic.timezone, locale: clinic.locale, phone: clinic.phone, website: clinic.website, address: clinic.address },
    patient: patient ? { firstName: patient.firstName, lastName: patient.lastName, locale: patient.locale, phone: patient.phones[0] ?? null, email: patient.email } : null,
    appointment: appointment
      ? { startsAt: appointment.startsAt.toISOString(), endsAt: appointment.endsAt.toISOString(), notes: appointment.notes, telehealthUrl: appointment.telehealthUrl, price: service?.price ?? null }
      : null,
    provider: provider ? { firstName: provider.firstName, lastName: provider.lastName, phone: provider.phone, email: provider.email } : null,
    location: location ? { name: location.name, address: location.address, phone: location.phone, notes: location.notes } : null,
    service: service ? { name: service.name, durationMinutes: service.durationMinutes, price: service.price, preparation: service.preparation } : null,
    appointments: request.appointmentIds?.length
      ? await listAppointments(db, and(eq(appointments.clinicId, clinicId), inArray(appointments.id, [...request.appointmentIds])))
      : appointment
        ? await sameDayAppointments(db, clinicId, appointment, clinic.timezone)
        : null,
    recall: recall ? { reason: recall.reason, dueDate: recall.dueDate } : null,
    extras: { ...(links.bookingUrl ? { bookingUrl: links.bookingUrl } : {}), ...(links.reviewUrl ? { reviewUrl: links.reviewUrl } : {}), ...request.extras },
    channel: request.channel,
    ...(request.locale ? { locale: request.locale } : {}),
  };
  return { input, patientLocale: patient?.locale ?? null, clinicLocale: clinic.locale, settings: clinic.settings };
}

async function one<T>(query: Promise<T[]>, field: string, what: string): Promise<T> {
  const [row] = await query;
  if (!row) throw new AppError('not_found', 404, `${field}: ${what} not found`, field);
  return row;
}

/** For reminder_multi: every live appointment of that patient on the same local day, in order. */
async function sameDayAppointments(db: Db, clinicId: string, appointment: typeof appointments.$inferSelect, timezone: string) {
  const day = DateTime.fromJSDate(appointment.startsAt, { zone: timezone }).startOf('day');
  return listAppointments(
    db,
    and(
      eq(appointments.clinicId, clinicId),
      eq(appointments.patientId, appointment.patientId),
      ne(appointments.status, 'cancelled'),
      gte(appointments.startsAt, day.toJSDate()),
      lt(appointments.startsAt, day.plus({ days: 1 }).toJSDate()),
    ),
  );
}

async function listAppointments(db: Db, where: SQL | undefined) {
  const rows = await db
    .select({ startsAt: appointments.startsAt, endsAt: appointments.endsAt, service: services.name, providerFirst: providers.firstName, providerLast: providers.lastName, location: locations.name })
    .from(appointments)
    .leftJoin(services, eq(services.id, appointments.serviceId))
    .leftJoin(providers, eq(providers.id, appointments.providerId))
    .leftJoin(locations, eq(locations.id, appointments.locationId))
    .where(where)
    .orderBy(appointments.startsAt);
  return rows.map((row) => ({
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    service: row.service,
    provider: [row.providerFirst, row.providerLast].filter(Boolean).join(' ') || null,
    location: row.location,
  }));
}

function linksOf(settings: Record<string, unknown>): { bookingUrl?: string; reviewUrl?: string } {
  const links = settings.links;
  if (typeof links !== 'object' || links === null) return {};
  const bookingUrl = 'bookingUrl' in links && typeof links.bookingUrl === 'string' ? links.bookingUrl : undefined;
  const reviewUrl = 'reviewUrl' in links && typeof links.reviewUrl === 'string' ? links.reviewUrl : undefined;
  return { ...(bookingUrl ? { bookingUrl } : {}), ...(reviewUrl ? { reviewUrl } : {}) };
}
