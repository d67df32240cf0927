import { z } from 'zod';
import type { appointments } from '../../db/schema/index.ts';
import { isoInstantSchema } from '../dates.ts';

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'attended', 'no_show'] as const;

const isoDateTime = isoInstantSchema;
const uuid = z.uuid();

const fields = {
  patientId: uuid,
  providerId: uuid.nullable(),
  locationId: uuid.nullable(),
  serviceId: uuid.nullable(),
  startsAt: isoDateTime,
  endsAt: isoDateTime.nullable(),
  status: z.enum(APPOINTMENT_STATUSES),
  bookedOnline: z.boolean(),
  telehealthUrl: z.url().nullable(),
  notes: z.string().max(5000).nullable(),
  recallIntervalDays: z.number().int().min(1).max(3650).nullable(),
  source: z.string().max(60).nullable(),
  externalId: z.string().max(200).nullable(),
};
export const appointmentCreateSchema = z.object(fields).partial().required({ patientId: true, startsAt: true }).strict();
export const appointmentPatchSchema = z.object(fields).partial().strict();
export type AppointmentCreate = z.infer<typeof appointmentCreateSchema>;
export type AppointmentPatch = z.infer<typeof appointmentPatchSchema>;

export const appointmentFiltersSchema = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  status: z.union([z.enum(APPOINTMENT_STATUSES), z.array(z.enum(APPOINTMENT_STATUSES))]).optional(),
  patientId: uuid.optional(),
  providerId: uuid.optional(),
});
export type AppointmentFilters = z.infer<typeof appointmentFiltersSchema>;

export type Appointment = ReturnType<typeof toAppointment>;

export function toAppointment(row: typeof appointments.$inferSelect) {
  return {
    id: row.id,
    patientId: row.patientId,
    providerId: row.providerId,
    locationId: row.locationId,
    serviceId: row.serviceId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    bookedOnline: row.bookedOnline,
    telehealthUrl: row.telehealthUrl,
    notes: row.notes,
    recallIntervalDays: row.recallIntervalDays,
    replyStatus: row.replyStatus,
    externalId: row.externalId,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
