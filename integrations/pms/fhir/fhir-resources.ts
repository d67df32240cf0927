// The parts of FHIR R4 resources the connector reads, as zod schemas: unknown fields pass through untouched
// (write-back sends the whole resource back), missing optional ones are fine, wrong types are a rejected row.
import { z } from 'zod';

const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional() });
const coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const codeableConcept = z.looseObject({ text: z.string().optional(), coding: z.array(coding).optional() });
const meta = z.looseObject({ lastUpdated: z.string().optional(), versionId: z.string().optional() });

export const humanNameSchema = z.looseObject({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
});
export const contactPointSchema = z.looseObject({ system: z.string().optional(), value: z.string().optional(), use: z.string().optional(), rank: z.number().optional() });
const addressSchema = z.looseObject({ text: z.string().optional(), line: z.array(z.string()).optional(), city: z.string().optional(), postalCode: z.string().optional(), country: z.string().optional(), use: z.string().optional() });

const base = { id: z.string().min(1), meta: meta.optional() };

export const fhirPatientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  ...base,
  name: z.array(humanNameSchema).optional(),
  telecom: z.array(contactPointSchema).optional(),
  address: z.array(addressSchema).optional(),
});
export const fhirPractitionerSchema = z.looseObject({
  resourceType: z.literal('Practitioner'),
  ...base,
  name: z.array(humanNameSchema).optional(),
  telecom: z.array(contactPointSchema).optional(),
});
export const fhirLocationSchema = z.looseObject({
  resourceType: z.literal('Location'),
  ...base,
  name: z.string().optional(),
  address: addressSchema.optional(),
  telecom: z.array(contactPointSchema).optional(),
});
export const fhirHealthcareServiceSchema = z.looseObject({
  resourceType: z.literal('HealthcareService'),
  ...base,
  name: z.string().optional(),
  type: z.array(codeableConcept).optional(),
});
export const fhirAppointmentParticipantSchema = z.looseObject({ actor: reference.optional(), status: z.string() });
export const fhirAppointmentSchema = z.looseObject({
  resourceType: z.literal('Appointment'),
  ...base,
  status: z.string(),
  start: z.string().optional(),
  end: z.string().optional(),
  minutesDuration: z.number().optional(),
  comment: z.string().optional(),
  participant: z.array(fhirAppointmentParticipantSchema).optional(),
});
export const fhirProcedureSchema = z.looseObject({
  resourceType: z.literal('Procedure'),
  ...base,
  status: z.string(),
  code: codeableConcept.optional(),
  subject: reference,
  performedDateTime: z.string().optional(),
  performedPeriod: z.looseObject({ start: z.string().optional(), end: z.string().optional() }).optional(),
  encounter: reference.optional(),
  /** Not core R4 for appointments, but PMSs put the visit here: `Appointment/<id>`. */
  basedOn: z.array(reference).optional(),
});
export const fhirServiceRequestSchema = z.looseObject({
  resourceType: z.literal('ServiceRequest'),
  ...base,
  status: z.string(),
  code: codeableConcept.optional(),
  subject: reference,
  occurrenceDateTime: z.string().optional(),
  performer: z.array(reference).optional(),
});

export const fhirBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  meta: meta.optional(),
  total: z.number().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string(), id: z.string().optional() }).optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
        /** History bundles: what happened to the resource (a DELETE has no resource). */
        request: z.looseObject({ method: z.string(), url: z.string() }).optional(),
        response: z.looseObject({ status: z.string().optional(), lastModified: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

export type FhirBundle = z.infer<typeof fhirBundleSchema>;
export type FhirAppointment = z.infer<typeof fhirAppointmentSchema>;
export type FhirCodeableConcept = z.infer<typeof codeableConcept>;
export type FhirHumanName = z.infer<typeof humanNameSchema>;
export type FhirContactPoint = z.infer<typeof contactPointSchema>;
