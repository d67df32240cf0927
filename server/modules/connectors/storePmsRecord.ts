// One PMS record → our tables, upserted on (clinic, source, external id). Patients get E.164 phones read with their
// address country, else the clinic's; appointments go through the appointment use cases, so a cancellation from the PMS cancels
// the pending reminders exactly as one made in the inbox does. A record that cannot be stored throws a
// SyncRowError with the reason; the sync records it and carries on.
import { z } from 'zod';
import type { PmsAppointment, PmsPatient, PmsRecall, PmsRecords, PmsResource, PmsTreatment } from '../../../integrations/pms/pms-connector.ts';
import { createAppointment, updateAppointment } from '../appointments/saveAppointment.ts';
import { countryCode } from '../patients/countryCode.ts';
import { toE164 } from '../patients/phones.ts';
import type { ConnectorDeps } from './connectorDeps.ts';
import { outOfYears } from '../dates.ts';
import { stripNul } from '../stripNul.ts';

export type StoreOutcome = 'created' | 'updated' | 'unchanged';
export type StoreResult = { outcome: StoreOutcome; warnings: string[] };

/** Where records are stored: the clinic, the connector's source, the clinic's country for phones; `dryRun`
 * works out every outcome and error without writing anything. `wholeRecords` (a file import): a record with any
 * error is not stored, so staff fix the file and upload it again; a sync keeps the patient with what it could read.
 * `liveBookings`: appointments created now were booked while we were connected (a push, a sync after the first),
 * so they get the booked notice like one made here; a first sync or a file import brings history, announced to nobody. */
export type SyncScope = { clinicId: string; source: string; country: string; dryRun?: boolean; wholeRecords?: boolean; liveBookings?: boolean };

const EMAIL = z.email();

export class SyncRowError extends Error {
  override name = 'SyncRowError';
}

type Deps = Pick<ConnectorDeps, 'targets' | 'appointmentDeps'>;
type Stores = { [R in PmsResource]: (deps: Deps, scope: SyncScope, record: PmsRecords[R]) => Promise<StoreResult> };

const stores: Stores = {
  locations: async (deps, scope, location) => {
    const values = { name: location.name, address: location.address, phone: location.phone };
    const key = keyOf(scope, location.externalId);
    return scope.dryRun ? foresee(await deps.targets.peek('locations', key), values) : done(await deps.targets.upsertLocation(key, values));
  },
  providers: async (deps, scope, provider) => {
    const values = { firstName: provider.firstName, lastName: provider.lastName, phone: provider.phone, email: provider.email };
    const key = keyOf(scope, provider.externalId);
    return scope.dryRun ? foresee(await deps.targets.peek('providers', key), values) : done(await deps.targets.upsertProvider(key, values));
  },
  services: async (deps, scope, service) => {
    const key = keyOf(scope, service.externalId);
    if (scope.dryRun) return foresee(await deps.targets.peek('services', key), service.durationMinutes === null ? { name: service.name } : { name: service.name, durationMinutes: service.durationMinutes });
    return done(await deps.targets.upsertService(key, { name: service.name, durationMinutes: service.durationMinutes }));
  },
  patients: storePatient,
  appointments: storeAppointment,
  treatments: storeTreatment,
  recalls: storeRecall,
};

/** Every connector's records come through here: cleaned of U+0000 and refused when a date is out of any clinic's range. */
export async function storePmsRecord<R extends PmsResource>(deps: Deps, scope: SyncScope, resource: R, received: PmsRecords[R]): Promise<StoreResult> {
  const record = stripNul(received).value;
  const outOfRange = DATE_FIELDS.map((field) => outOfYears(field, dateField(record, field))).find((reason) => reason !== null);
  if (outOfRange) throw new SyncRowError(outOfRange);
  return stores[resource](deps, scope, record);
}

/** The record fields holding dates, across resources (a year 0001 placeholder in a PMS is not an appointment). */
const DATE_FIELDS = ['startsAt', 'endsAt', 'performedOn', 'dueDate'] as const;

function dateField(record: object, field: (typeof DATE_FIELDS)[number]): string | null {
  const value: unknown = field in record ? Reflect.get(record, field) : null;
  return typeof value === 'string' ? value : null;
}

async function storePatient(deps: Deps, scope: SyncScope, patient: PmsPatient): Promise<StoreResult> {
  const patients = deps.appointmentDeps.patients;
  if (!patient.firstName.trim() && !patient.lastName.trim()) throw new SyncRowError('firstName: a patient needs a name (firstName or lastName)');
  // A patient living abroad writes their number as it is dialled there.
  const country = countryCode(patient.country) ?? scope.country;
  const warnings: string[] = [];
  const phones: string[] = [];
  patient.phones.forEach((raw, index) => {
    const e164 = toE164(raw, country);
    if (e164) phones.push(e164);
    else warnings.push(`phones[${index}]: not a valid phone number for ${country}`);
  });
  const email = patient.email?.trim() || null;
  const emailValid = email === null || EMAIL.safeParse(email).success;
  if (!emailValid) warnings.push('email: not a valid e-mail address');
  if (scope.wholeRecords && warnings.length) throw new SyncRowError(warnings.join('; '));
  const values = { firstName: patient.firstName, lastName: patient.lastName, phones: [...new Set(phones)], email: emailValid ? email : null };
  const existing = await patients.findByExternalId(scope.clinicId, scope.source, patient.externalId);
  if (!existing) {
    const adoptable = await patientWhoWroteFirst(deps, scope, values);
    if (adoptable) {
      // Someone who wrote to the clinic before the first sync: the PMS record becomes theirs (one conversation, one patient).
      if (!scope.dryRun) await patients.update(scope.clinicId, adoptable.id, values, { ...adoptable.externalIds, [scope.source]: patient.externalId });
      return { outcome: 'updated', warnings };
    }
    if (!scope.dryRun) await patients.insert(scope.clinicId, values, { [scope.source]: patient.externalId });
    return { outcome: 'created', warnings };
  }
  // Erased on request: the same PMS record does not bring the data back (a new record would make a new patient).
  if (existing.erasedAt) return { outcome: 'unchanged', warnings };
  const same = existing.firstName === values.firstName && existing.lastName === values.lastName && existing.email === values.email && sameList(existing.phones, values.phones);
  if (same) return { outcome: 'unchanged', warnings };
  if (!scope.dryRun) await patients.update(scope.clinicId, existing.id, values);
  return { outcome: 'updated', warnings };
}

/**
 * A patient created here from an inbound message with the PMS patient's first phone, not yet linked to this
 * source, and nameless (or named the same): the same person. Relatives sharing a phone have other names and
 * stay separate patients.
 */
async function patientWhoWroteFirst(deps: Deps, scope: SyncScope, values: { firstName: string; lastName: string; phones: string[] }) {
  const phone = values.phones[0];
  if (!phone) return null;
  const patients = deps.appointmentDeps.patients;
  const row = await patients.findByPhone(scope.clinicId, phone);
  if (!row) return null;
  const [candidate] = await patients.withExternalIds(scope.clinicId, [row]);
  if (!candidate || candidate.externalIds[scope.source]) return null;
  const nameOf = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim().toLocaleLowerCase('es');
  return nameOf(candidate) === '' || nameOf(candidate) === nameOf(values) ? candidate : null;
}

async function storeAppointment(deps: Deps, scope: SyncScope, appointment: PmsAppointment): Promise<StoreResult> {
  const patientId = await requirePatient(deps, scope, appointment.patientExternalId);
  const [providerId, locationId, serviceId] = await Promise.all([
    appointment.providerExternalId ? deps.targets.providerId(keyOf(scope, appointment.providerExternalId)) : null,
    appointment.locationExternalId ? deps.targets.locationId(keyOf(scope, appointment.locationExternalId)) : null,
    appointment.serviceExternalId ? deps.targets.serviceId(keyOf(scope, appointment.serviceExternalId)) : null,
  ]);
  const wanted = { patientId, providerId, locationId, serviceId, startsAt: appointment.startsAt, status: appointment.status, notes: appointment.notes };
  const existing = await deps.targets.findAppointment(keyOf(scope, appointment.externalId));
  if (!existing) {
    // Kept even when first seen cancelled: it is the patient's history. The planner sends nothing for it (no
    // notice for a first sight that is cancelled, no reminders for what is not upcoming).
    if (!scope.dryRun) await createAppointment(deps.appointmentDeps, scope.clinicId, { ...wanted, endsAt: appointment.endsAt, source: scope.source, externalId: appointment.externalId }, { liveBooking: scope.liveBookings === true });
    return { outcome: 'created', warnings: [] };
  }
  // The PMS wins on appointment data: only what differs is written, so reminders are re-planned only on a change.
  const patch = {
    ...(existing.patientId !== patientId ? { patientId } : {}),
    ...(existing.providerId !== providerId ? { providerId } : {}),
    ...(existing.locationId !== locationId ? { locationId } : {}),
    ...(existing.serviceId !== serviceId ? { serviceId } : {}),
    ...(existing.startsAt.getTime() !== Date.parse(appointment.startsAt) ? { startsAt: appointment.startsAt } : {}),
    ...(appointment.endsAt && existing.endsAt.getTime() !== Date.parse(appointment.endsAt) ? { endsAt: appointment.endsAt } : {}),
    ...(existing.status !== appointment.status ? { status: appointment.status } : {}),
    ...(existing.notes !== appointment.notes ? { notes: appointment.notes } : {}),
  };
  if (Object.keys(patch).length === 0) return { outcome: 'unchanged', warnings: [] };
  if (!scope.dryRun) await updateAppointment(deps.appointmentDeps, scope.clinicId, existing.id, patch);
  return { outcome: 'updated', warnings: [] };
}

async function storeTreatment(deps: Deps, scope: SyncScope, treatment: PmsTreatment): Promise<StoreResult> {
  const patientId = await requirePatient(deps, scope, treatment.patientExternalId);
  const serviceId = treatment.serviceExternalId ? await deps.targets.serviceId(keyOf(scope, treatment.serviceExternalId)) : null;
  const appointmentId = treatment.appointmentExternalId ? await deps.targets.appointmentId(keyOf(scope, treatment.appointmentExternalId)) : null;
  const key = keyOf(scope, treatment.externalId);
  const values = { patientId, serviceId, appointmentId, name: treatment.name, performedOn: treatment.performedOn };
  return scope.dryRun ? foresee(await deps.targets.peek('treatments', key), values) : done(await deps.targets.upsertTreatment(key, values));
}

async function storeRecall(deps: Deps, scope: SyncScope, recall: PmsRecall): Promise<StoreResult> {
  const key = keyOf(scope, recall.externalId);
  if (recall.status === 'closed') {
    if (!scope.dryRun) return done(await deps.targets.closeRecall(key));
    const stored = await deps.targets.peek('recalls', key);
    return { outcome: stored && (stored.status === 'pending' || stored.status === 'sent') ? 'updated' : 'unchanged', warnings: [] };
  }
  const patientId = await requirePatient(deps, scope, recall.patientExternalId);
  const serviceId = recall.serviceExternalId ? await deps.targets.serviceId(keyOf(scope, recall.serviceExternalId)) : null;
  const values = { patientId, serviceId, reason: recall.reason, dueDate: recall.dueDate };
  return scope.dryRun ? foresee(await deps.targets.peek('recalls', key), values) : done(await deps.targets.upsertRecall(key, values));
}

async function requirePatient(deps: Deps, scope: SyncScope, externalId: string): Promise<string> {
  const patient = await deps.appointmentDeps.patients.findByExternalId(scope.clinicId, scope.source, externalId);
  if (!patient) throw new SyncRowError(`patient ${externalId} is not synced`);
  return patient.id;
}

function keyOf(scope: SyncScope, externalId: string) {
  return { clinicId: scope.clinicId, source: scope.source, externalId };
}

function done(outcome: { inserted: boolean } | null): StoreResult {
  return { outcome: outcome === null ? 'unchanged' : outcome.inserted ? 'created' : 'updated', warnings: [] };
}

/** A dry run's outcome: what the upsert would do to this stored row (or to none). */
function foresee(stored: Record<string, unknown> | null, values: Record<string, unknown>): StoreResult {
  if (!stored) return { outcome: 'created', warnings: [] };
  const differs = Object.entries(values).some(([field, value]) => stored[field] !== value);
  return { outcome: differs ? 'updated' : 'unchanged', warnings: [] };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
