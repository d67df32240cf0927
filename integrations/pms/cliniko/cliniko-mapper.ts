// Cliniko records → the plain PMS records the server syncs. One mapper per resource; a record that cannot be read
// becomes a rejected row naming the first failing field, never an exception.
import type { z } from 'zod';
import type { PmsAppointmentStatus, PmsRecords, PmsRejectedRow } from '../pms-connector.ts';
import {
  clinikoAppointmentTypeSchema,
  clinikoBusinessSchema,
  clinikoIndividualAppointmentSchema,
  clinikoPatientSchema,
  clinikoPractitionerSchema,
  type ClinikoIndividualAppointment,
  type ClinikoLink,
  type ClinikoPatient,
} from './cliniko-resources.ts';

/** The resources Cliniko has. It keeps no recalls and no completed-treatment list, so those are not pulled. */
export const CLINIKO_COLLECTIONS = {
  locations: 'businesses',
  providers: 'practitioners',
  services: 'appointment_types',
  patients: 'patients',
  appointments: 'individual_appointments',
} as const;

export type ClinikoResource = keyof typeof CLINIKO_COLLECTIONS;

/**
 * Cliniko has no "confirmed" appointment state: a confirmation written back is this line in the appointment's
 * notes, and an appointment whose notes carry it reads as confirmed (the line itself is left out of our notes).
 */
export const CLINIKO_CONFIRMED_NOTE = '[Clinic Inbox] Confirmed by the patient';

export type ClinikoMapResult<T> = { record: T; updatedAt: string | null } | { rejected: PmsRejectedRow; updatedAt: string | null };

type Mappers = { [R in ClinikoResource]: (raw: unknown) => ClinikoMapResult<PmsRecords[R]> };

const mappers: Mappers = {
  locations: (raw) =>
    read(clinikoBusinessSchema, raw, (business) => {
      const name = (business.business_name || business.display_name)?.trim();
      if (!name) return 'business_name: missing';
      const address = [business.address_1, business.address_2, business.post_code, business.city].map((part) => part?.trim()).filter(Boolean).join(', ');
      return { externalId: business.id, name, address: address || null, phone: null };
    }),
  providers: (raw) =>
    read(clinikoPractitionerSchema, raw, (practitioner) => {
      const firstName = practitioner.first_name?.trim() ?? '';
      const lastName = practitioner.last_name?.trim() ?? '';
      if (!firstName && !lastName) return 'first_name: missing';
      return { externalId: practitioner.id, firstName: firstName || lastName, lastName: firstName ? lastName : '', phone: null, email: practitioner.email?.trim() || null };
    }),
  services: (raw) =>
    read(clinikoAppointmentTypeSchema, raw, (type) => {
      const name = type.name?.trim();
      if (!name) return 'name: missing';
      return { externalId: type.id, name, durationMinutes: type.duration_in_minutes || null };
    }),
  patients: (raw) =>
    read(clinikoPatientSchema, raw, (patient) => {
      // Archived patients are left out of Cliniko's lists; one that arrives anyway is not to be messaged.
      if (patient.archived_at || patient.deleted_at) return 'archived_at: the patient is archived in Cliniko';
      return { externalId: patient.id, firstName: patient.first_name?.trim() ?? '', lastName: patient.last_name?.trim() ?? '', phones: phonesOf(patient), email: patient.email?.trim() || null, country: patient.country?.trim() || null };
    }),
  appointments: (raw) =>
    read(clinikoIndividualAppointmentSchema, raw, (appointment) => {
      const patientExternalId = linkedId(appointment.patient, 'patients');
      if (!patientExternalId) return 'patient: no patient link';
      const startsAt = instant(appointment.starts_at);
      if (!startsAt) return 'starts_at: missing or not a UTC date-time';
      return {
        externalId: appointment.id,
        patientExternalId,
        providerExternalId: linkedId(appointment.practitioner, 'practitioners'),
        locationExternalId: linkedId(appointment.business, 'businesses'),
        serviceExternalId: linkedId(appointment.appointment_type, 'appointment_types'),
        startsAt,
        endsAt: instant(appointment.ends_at),
        status: appointmentStatus(appointment),
        notes: notesWithoutConfirmation(appointment.notes),
      };
    }),
};

export function mapClinikoRecord<R extends ClinikoResource>(resource: R, raw: unknown): ClinikoMapResult<PmsRecords[R]> {
  return mappers[resource](raw);
}

/** Archived (Cliniko's deletion) and cancelled are both cancelled here: their reminders must go either way. */
function appointmentStatus(appointment: ClinikoIndividualAppointment): PmsAppointmentStatus {
  if (appointment.archived_at || appointment.deleted_at || appointment.cancelled_at) return 'cancelled';
  if (appointment.did_not_arrive) return 'no_show';
  if (appointment.patient_arrived) return 'attended';
  return appointment.notes?.includes(CLINIKO_CONFIRMED_NOTE) ? 'confirmed' : 'scheduled';
}

function notesWithoutConfirmation(notes: string | null | undefined): string | null {
  const kept = (notes ?? '')
    .split('\n')
    .filter((line) => !line.includes(CLINIKO_CONFIRMED_NOTE))
    .join('\n')
    .trim();
  return kept || null;
}

/** Mobile numbers first, fax numbers left out, each as the clinic typed it (the server makes it E.164). */
function phonesOf(patient: ClinikoPatient): string[] {
  const numbers = (patient.patient_phone_numbers ?? []).filter((phone) => phone.number?.trim() && phone.phone_type?.toLowerCase() !== 'fax');
  const ordered = [...numbers].sort((a, b) => Number(a.phone_type?.toLowerCase() !== 'mobile') - Number(b.phone_type?.toLowerCase() !== 'mobile'));
  return [...new Set(ordered.map((phone) => phone.number!.trim()))];
}

/** `{"links": {"self": "https://api.au1.cliniko.com/v1/patients/82"}}` → '82' when it points at that collection. */
export function linkedId(link: ClinikoLink, collection: string): string | null {
  const self = link?.links.self;
  if (!self) return null;
  const match = new RegExp(`/${collection}/([A-Za-z0-9_-]{1,64})/?(?:[?#].*)?$`).exec(self);
  return match?.[1] ?? null;
}

/** A Cliniko date-time (UTC, `2026-12-10T09:00:00Z`) → ISO, or null. */
function instant(value: string | null | undefined): string | null {
  if (!value || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function read<S extends z.ZodType<{ id: string; updated_at?: string | null | undefined }>, T>(schema: S, raw: unknown, map: (record: z.infer<S>) => T | string): ClinikoMapResult<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'record';
    return { rejected: { externalId: rawId(raw), message: `${field}: ${issue?.message ?? 'invalid'}` }, updatedAt: rawUpdatedAt(raw) };
  }
  const updatedAt = parsed.data.updated_at ?? null;
  const mapped = map(parsed.data);
  return typeof mapped === 'string' ? { rejected: { externalId: parsed.data.id, message: mapped }, updatedAt } : { record: mapped, updatedAt };
}

function rawId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  return typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : null;
}

function rawUpdatedAt(raw: unknown): string | null {
  return typeof raw === 'object' && raw !== null && 'updated_at' in raw && typeof raw.updated_at === 'string' ? raw.updated_at : null;
}
