// FHIR R4 resources → the plain PMS records the server syncs. One mapper per resource; a resource that cannot
// be read becomes a rejected row with the reason (the first failing field), never an exception.
import type { z } from 'zod';
import type { PmsAppointmentStatus, PmsRecords, PmsRejectedRow, PmsResource } from '../pms-connector.ts';
import { addressCountryOf, conceptText, datePart, emailOf, firstReferenceId, instant, nameParts, phonesOf, referenceId } from './fhir-fields.ts';
import {
  fhirAppointmentSchema,
  fhirHealthcareServiceSchema,
  fhirLocationSchema,
  fhirPatientSchema,
  fhirPractitionerSchema,
  fhirProcedureSchema,
  fhirServiceRequestSchema,
  type FhirAppointment,
} from './fhir-resources.ts';

export type FhirMapResult<T> = { record: T; lastUpdated: string | null } | { rejected: PmsRejectedRow; lastUpdated: string | null };

/** Which FHIR resource type each of our resources is read from. */
export const FHIR_RESOURCE_TYPES = {
  locations: 'Location',
  providers: 'Practitioner',
  services: 'HealthcareService',
  patients: 'Patient',
  appointments: 'Appointment',
  treatments: 'Procedure',
  recalls: 'ServiceRequest',
} as const satisfies Record<PmsResource, string>;

type Mappers = { [R in PmsResource]: (raw: unknown) => FhirMapResult<PmsRecords[R]> };

const mappers: Mappers = {
  locations: (raw) =>
    read(fhirLocationSchema, raw, (location) => {
      if (!location.name?.trim()) return 'name: missing';
      const address = location.address;
      const addressText = address?.text ?? ([...(address?.line ?? []), address?.postalCode, address?.city].filter(Boolean).join(', ') || null);
      return { externalId: location.id, name: location.name.trim(), address: addressText, phone: phonesOf(location.telecom)[0] ?? null };
    }),
  providers: (raw) =>
    read(fhirPractitionerSchema, raw, (practitioner) => {
      const { firstName, lastName } = nameParts(practitioner.name);
      if (!firstName && !lastName) return 'name: missing';
      return { externalId: practitioner.id, firstName: firstName || lastName, lastName: firstName ? lastName : '', phone: phonesOf(practitioner.telecom)[0] ?? null, email: emailOf(practitioner.telecom) };
    }),
  services: (raw) =>
    read(fhirHealthcareServiceSchema, raw, (service) => {
      const name = service.name?.trim() || conceptText(service.type?.[0]);
      if (!name) return 'name: missing';
      return { externalId: service.id, name, durationMinutes: null };
    }),
  patients: (raw) =>
    read(fhirPatientSchema, raw, (patient) => ({ externalId: patient.id, ...nameParts(patient.name), phones: phonesOf(patient.telecom), email: emailOf(patient.telecom), country: addressCountryOf(patient.address) })),
  appointments: (raw) =>
    read(fhirAppointmentSchema, raw, (appointment) => {
      const actors = (appointment.participant ?? []).map((p) => p.actor);
      const patientExternalId = firstReferenceId(actors, 'Patient');
      if (!patientExternalId) return 'participant: no Patient';
      const startsAt = instant(appointment.start);
      if (!startsAt) return 'start: missing or not an instant with a time zone';
      const end = instant(appointment.end);
      const endsAt = end ?? (appointment.minutesDuration ? new Date(Date.parse(startsAt) + appointment.minutesDuration * 60_000).toISOString() : null);
      const status = appointmentStatus(appointment);
      if (!status) return `status: ${appointment.status} is not an appointment status`;
      return {
        externalId: appointment.id,
        patientExternalId,
        providerExternalId: firstReferenceId(actors, 'Practitioner'),
        locationExternalId: firstReferenceId(actors, 'Location'),
        serviceExternalId: firstReferenceId(actors, 'HealthcareService'),
        startsAt,
        endsAt,
        status,
        notes: appointment.comment ?? null,
      };
    }),
  treatments: (raw) =>
    read(fhirProcedureSchema, raw, (procedure) => {
      if (procedure.status !== 'completed') return `status: ${procedure.status} is not a completed procedure`;
      const patientExternalId = referenceId(procedure.subject, 'Patient');
      if (!patientExternalId) return 'subject: not a Patient';
      const name = conceptText(procedure.code);
      if (!name) return 'code: missing';
      const performedOn = datePart(procedure.performedDateTime ?? procedure.performedPeriod?.start);
      if (!performedOn) return 'performed[x]: missing';
      return {
        externalId: procedure.id,
        patientExternalId,
        serviceExternalId: null,
        appointmentExternalId: firstReferenceId(procedure.basedOn ?? [], 'Appointment'),
        name,
        performedOn,
      };
    }),
  recalls: (raw) =>
    read(fhirServiceRequestSchema, raw, (request) => {
      const patientExternalId = referenceId(request.subject, 'Patient');
      if (!patientExternalId) return 'subject: not a Patient';
      const reason = conceptText(request.code);
      if (!reason) return 'code.text: missing';
      const dueDate = datePart(request.occurrenceDateTime);
      if (!dueDate) return 'occurrenceDateTime: missing';
      return { externalId: request.id, patientExternalId, serviceExternalId: firstReferenceId(request.performer ?? [], 'HealthcareService'), reason, dueDate, status: request.status === 'active' ? 'active' : 'closed' };
    }),
};

export function mapFhirResource<R extends PmsResource>(resource: R, raw: unknown): FhirMapResult<PmsRecords[R]> {
  return mappers[resource](raw);
}

/**
 * FHIR has no "confirmed" appointment status: the patient's participant status carries it
 * (`accepted` = the patient confirmed; `needs-action`/`tentative` = not yet). Deleted (`entered-in-error`) counts as cancelled.
 */
function appointmentStatus(appointment: FhirAppointment): PmsAppointmentStatus | null {
  switch (appointment.status) {
    case 'proposed':
    case 'pending':
    case 'waitlist':
      return 'scheduled';
    case 'booked': {
      const patient = (appointment.participant ?? []).find((p) => referenceId(p.actor, 'Patient'));
      return patient?.status === 'accepted' ? 'confirmed' : 'scheduled';
    }
    case 'arrived':
    case 'checked-in':
    case 'fulfilled':
      return 'attended';
    case 'noshow':
      return 'no_show';
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled';
    default:
      return null;
  }
}

function read<S extends z.ZodType<{ id: string; meta?: { lastUpdated?: string | undefined } | undefined }>, T>(
  schema: S,
  raw: unknown,
  map: (resource: z.infer<S>) => T | string,
): FhirMapResult<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'resource';
    return { rejected: { externalId: rawId(raw), message: `${field}: ${issue?.message ?? 'invalid'}` }, lastUpdated: rawLastUpdated(raw) };
  }
  const lastUpdated = parsed.data.meta?.lastUpdated ?? null;
  const mapped = map(parsed.data);
  return typeof mapped === 'string' ? { rejected: { externalId: parsed.data.id, message: mapped }, lastUpdated } : { record: mapped, lastUpdated };
}

function rawId(raw: unknown): string | null {
  return typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
}

function rawLastUpdated(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('meta' in raw)) return null;
  const meta = raw.meta;
  return typeof meta === 'object' && meta !== null && 'lastUpdated' in meta && typeof meta.lastUpdated === 'string' ? meta.lastUpdated : null;
}
