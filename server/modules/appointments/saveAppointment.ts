// Creating and changing appointments: references must belong to the clinic, end defaults from the
// service's duration, and every change is announced (automations re-plan reminders on it).
import { AppError } from '../../errors.ts';
import type { ServicesRepository, ProvidersRepository, LocationsRepository } from '../catalog/index.ts';
import type { DomainEvents } from '../events.ts';
import type { PatientsRepository } from '../patients/patients.repository.ts';
import { toAppointment, type Appointment, type AppointmentCreate, type AppointmentPatch } from './appointment.dto.ts';
import type { AppointmentsRepository } from './appointments.repository.ts';

export type AppointmentDeps = {
  appointments: AppointmentsRepository;
  patients: PatientsRepository;
  providers: ProvidersRepository;
  locations: LocationsRepository;
  services: ServicesRepository;
  events: DomainEvents;
};

const DEFAULT_DURATION_MINUTES = 30;

/** `origin.liveBooking`: a PMS booking made while we were connected (announced like one made here). */
export async function createAppointment(deps: AppointmentDeps, clinicId: string, input: AppointmentCreate, origin: { liveBooking?: boolean } = {}): Promise<Appointment> {
  await assertReferences(deps, clinicId, input);
  const startsAt = new Date(input.startsAt);
  const endsAt = input.endsAt ? new Date(input.endsAt) : await defaultEnd(deps, clinicId, startsAt, input.serviceId ?? null);
  assertOrder(startsAt, endsAt);
  const row = await deps.appointments.insert(clinicId, { ...input, startsAt, endsAt, liveBooking: origin.liveBooking === true });
  deps.events.emit('appointment:changed', { clinicId, appointmentId: row.id, change: 'created' });
  return toAppointment(row);
}

export async function updateAppointment(deps: AppointmentDeps, clinicId: string, id: string, patch: AppointmentPatch): Promise<Appointment | null> {
  const current = await deps.appointments.get(clinicId, id);
  if (!current) return null;
  await assertReferences(deps, clinicId, patch);
  const { startsAt: startsAtInput, endsAt: endsAtInput, ...rest } = patch;
  const startsAt = startsAtInput ? new Date(startsAtInput) : current.startsAt;
  // Moving the start keeps the duration unless a new end is given.
  const endsAt = endsAtInput ? new Date(endsAtInput) : new Date(startsAt.getTime() + (current.endsAt.getTime() - current.startsAt.getTime()));
  assertOrder(startsAt, endsAt);
  const row = await deps.appointments.update(clinicId, id, { ...rest, startsAt, endsAt });
  if (!row) return null;
  const change = row.status === 'cancelled' && current.status !== 'cancelled' ? 'cancelled' : 'updated';
  deps.events.emit('appointment:changed', { clinicId, appointmentId: id, change, previousStartsAt: current.startsAt.toISOString() });
  return toAppointment(row);
}

export async function deleteAppointment(deps: AppointmentDeps, clinicId: string, id: string): Promise<boolean> {
  const deleted = await deps.appointments.delete(clinicId, id);
  if (deleted) deps.events.emit('appointment:changed', { clinicId, appointmentId: id, change: 'deleted' });
  return deleted;
}

async function assertReferences(deps: AppointmentDeps, clinicId: string, input: AppointmentPatch): Promise<void> {
  if (input.patientId && !(await deps.patients.getRow(clinicId, input.patientId))) throw referenceNotFound('patientId', 'Patient');
  if (input.providerId && !(await deps.providers.get(clinicId, input.providerId))) throw referenceNotFound('providerId', 'Provider');
  if (input.locationId && !(await deps.locations.get(clinicId, input.locationId))) throw referenceNotFound('locationId', 'Location');
  if (input.serviceId && !(await deps.services.get(clinicId, input.serviceId))) throw referenceNotFound('serviceId', 'Service');
}

async function defaultEnd(deps: AppointmentDeps, clinicId: string, startsAt: Date, serviceId: string | null): Promise<Date> {
  const service = serviceId ? await deps.services.get(clinicId, serviceId) : null;
  const minutes = service?.durationMinutes ?? DEFAULT_DURATION_MINUTES;
  return new Date(startsAt.getTime() + minutes * 60_000);
}

function assertOrder(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw AppError.validation('endsAt', 'endsAt: must be after startsAt');
}

/** Another clinic's id is indistinguishable from an unknown one. */
export function referenceNotFound(field: string, what: string): AppError {
  return new AppError('not_found', 404, `${field}: ${what} not found`, field);
}
