// Clinic data, mostly synced from the practice-management software (PMS).
// (clinic, source, external id) is unique wherever a connector upserts, so a sync is idempotent.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clinics } from './clinic.ts';
import type { ConsentChoices } from './consents.ts';
import { createdAt, id, tstz, updatedAt } from './columns.ts';

const clinicId = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinics.id, { onDelete: 'cascade' });
const source = () => text('source');
const externalId = () => text('external_id');

export const locations = pgTable(
  'locations',
  {
    id: id(),
    clinicId: clinicId(),
    name: text('name').notNull(),
    address: text('address'),
    phone: text('phone'),
    notes: text('notes'),
    /** This location's own business hours and holidays, when they differ from the clinic's (settings.businessHours). */
    openingHours: jsonb('opening_hours').$type<Record<string, unknown>>(),
    source: source(),
    externalId: externalId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('locations_clinic_idx').on(t.clinicId, t.createdAt), uniqueIndex('locations_external_key').on(t.clinicId, t.source, t.externalId)],
);

export const providers = pgTable(
  'providers',
  {
    id: id(),
    clinicId: clinicId(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    phone: text('phone'),
    email: text('email'),
    messagingEnabled: boolean('messaging_enabled').notNull().default(true),
    source: source(),
    externalId: externalId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('providers_clinic_idx').on(t.clinicId, t.createdAt), uniqueIndex('providers_external_key').on(t.clinicId, t.source, t.externalId)],
);

export const services = pgTable(
  'services',
  {
    id: id(),
    clinicId: clinicId(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes'),
    price: numeric('price', { precision: 12, scale: 2, mode: 'number' }),
    preparation: text('preparation'),
    messagingEnabled: boolean('messaging_enabled').notNull().default(true),
    recallIntervalDays: integer('recall_interval_days'),
    source: source(),
    externalId: externalId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('services_clinic_idx').on(t.clinicId, t.createdAt), uniqueIndex('services_external_key').on(t.clinicId, t.source, t.externalId)],
);

export const patients = pgTable(
  'patients',
  {
    id: id(),
    clinicId: clinicId(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    /** E.164; the first one receives messages. */
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    email: text('email'),
    locale: text('locale'),
    preferredChannel: text('preferred_channel', { enum: ['whatsapp', 'sms', 'email', 'voice', 'none'] }),
    privacyConsent: boolean('privacy_consent').notNull().default(false),
    optOuts: text('opt_outs').array().notNull().default(sql`'{}'::text[]`),
    /** Consent per message purpose and kind of channel, as chosen; the consent ledger has each change. */
    consents: jsonb('consents').$type<ConsentChoices>().notNull().default({}),
    /** Patient's own reminder lead times in hours, overriding the clinic's when set. */
    reminderLeadHours: integer('reminder_lead_hours').array(),
    notes: text('notes'),
    /** Erased on request (GDPR art. 17): anonymised, never messaged, and a PMS sync of the same record leaves it so. */
    erasedAt: tstz('erased_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('patients_clinic_idx').on(t.clinicId, t.createdAt),
    index('patients_phones_idx').using('gin', t.phones),
    index('patients_name_idx').on(t.clinicId, t.lastName, t.firstName),
  ],
);

/** A patient is known by one id per source (PMS); unique per clinic so a sync finds the same patient again. */
export const patientExternalIds = pgTable(
  'patient_external_ids',
  {
    clinicId: clinicId(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.source, t.externalId] }), index('patient_external_ids_patient_idx').on(t.patientId)],
);

export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    clinicId: clinicId(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id').references(() => providers.id, { onDelete: 'set null' }),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'set null' }),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    status: text('status', { enum: ['scheduled', 'confirmed', 'cancelled', 'attended', 'no_show'] }).notNull().default('scheduled'),
    bookedOnline: boolean('booked_online').notNull().default(false),
    /** Booked in the PMS while we were connected (a push, or a sync after the first): announced like one made here. */
    liveBooking: boolean('live_booking').notNull().default(false),
    telehealthUrl: text('telehealth_url'),
    notes: text('notes'),
    /** What the patient did with the reminder: 'unanswered' when its deadline passed without a reply. */
    replyStatus: text('reply_status'),
    /** Recall interval set by hand on this appointment (seed 001), overriding the service's. */
    recallIntervalDays: integer('recall_interval_days'),
    source: source(),
    externalId: externalId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('appointments_clinic_starts_idx').on(t.clinicId, t.startsAt),
    index('appointments_patient_idx').on(t.clinicId, t.patientId, t.startsAt),
    index('appointments_provider_idx').on(t.clinicId, t.providerId, t.startsAt),
    index('appointments_status_idx').on(t.clinicId, t.status, t.startsAt),
    uniqueIndex('appointments_external_key').on(t.clinicId, t.source, t.externalId),
  ],
);

export const recalls = pgTable(
  'recalls',
  {
    id: id(),
    clinicId: clinicId(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['pending', 'sent', 'accepted', 'rejected', 'scheduled', 'discarded'] }).notNull().default('pending'),
    origin: text('origin', { enum: ['pms', 'generated', 'manual'] }).notNull().default('manual'),
    statusReason: text('status_reason'),
    sentAt: tstz('sent_at'),
    source: source(),
    externalId: externalId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('recalls_clinic_due_idx').on(t.clinicId, t.dueDate),
    index('recalls_status_idx').on(t.clinicId, t.status, t.dueDate),
    index('recalls_reason_idx').on(t.clinicId, t.reason),
    index('recalls_patient_idx').on(t.clinicId, t.patientId),
    uniqueIndex('recalls_external_key').on(t.clinicId, t.source, t.externalId),
  ],
);

/** Completed treatments (PMS history); recalls are generated from them. */
export const treatments = pgTable(
  'treatments',
  {
    id: id(),
    clinicId: clinicId(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    performedOn: date('performed_on', { mode: 'string' }).notNull(),
    appointmentId: uuid('appointment_id').references(() => appointments.id, { onDelete: 'set null' }),
    details: jsonb('details').$type<Record<string, unknown>>(),
    source: source(),
    externalId: externalId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('treatments_patient_idx').on(t.clinicId, t.patientId, t.performedOn), uniqueIndex('treatments_external_key').on(t.clinicId, t.source, t.externalId)],
);
