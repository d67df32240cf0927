// The parts of Cliniko's API records the connector reads, as zod schemas (shapes from docs.api.cliniko.com and the
// examples in github.com/redguava/cliniko-api). Unknown fields pass through; older accounts answer "" where newer
// ones answer null, and ids arrive as numbers or as strings of int64: both are read.
import { z } from 'zod';

const id = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const text = z.string().nullish();
/** A related record: `{"links": {"self": "https://api.au1.cliniko.com/v1/patients/82"}}`. */
const link = z.looseObject({ links: z.looseObject({ self: z.string() }) }).nullish();

const base = { id, created_at: text, updated_at: text, archived_at: text, deleted_at: text };

export const clinikoPatientSchema = z.looseObject({
  ...base,
  first_name: text,
  last_name: text,
  email: text,
  country: text,
  patient_phone_numbers: z.array(z.looseObject({ number: text, phone_type: text })).nullish(),
});

export const clinikoPractitionerSchema = z.looseObject({ ...base, first_name: text, last_name: text, title: text, email: text });

export const clinikoBusinessSchema = z.looseObject({
  ...base,
  business_name: text,
  display_name: text,
  address_1: text,
  address_2: text,
  city: text,
  post_code: text,
  state: text,
});

export const clinikoAppointmentTypeSchema = z.looseObject({ ...base, name: text, duration_in_minutes: z.number().int().nonnegative().nullish() });

export const clinikoIndividualAppointmentSchema = z.looseObject({
  ...base,
  starts_at: text,
  ends_at: text,
  cancelled_at: text,
  did_not_arrive: z.boolean().nullish(),
  patient_arrived: z.boolean().nullish(),
  notes: text,
  patient: link,
  practitioner: link,
  appointment_type: link,
  business: link,
});

/** One page of a list: the records sit under the resource's name (`"patients": [...]`). */
export const clinikoListSchema = z.looseObject({
  total_entries: z.number().int().optional(),
  links: z.looseObject({ self: z.string().optional(), next: z.string().optional(), previous: z.string().optional() }).optional(),
});

export type ClinikoLink = z.infer<typeof link>;
export type ClinikoIndividualAppointment = z.infer<typeof clinikoIndividualAppointmentSchema>;
export type ClinikoPatient = z.infer<typeof clinikoPatientSchema>;
