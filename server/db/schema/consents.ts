// The consent ledger: every change of what a patient agreed to, with where it came from, when and who recorded
// it. Today's consent model has two parts, and each has its entries: the privacy consent, and the opt-out of
// automated messages per kind of channel (STOP / BAJA, a provider's unsubscribe, reception).
import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clinics } from './clinic.ts';
import { id, tstz } from './columns.ts';
import { patients } from './practice.ts';

export const CONSENT_PURPOSES = ['privacy', 'automated_messages'] as const;
export const CONSENT_SOURCES = ['reception', 'patient_keyword', 'provider', 'pms'] as const;

export const consentEvents = pgTable(
  'consent_events',
  {
    id: id(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: CONSENT_PURPOSES }).notNull(),
    /** The kind of channel (whatsapp, sms, email, voice); null: every channel. */
    channel: text('channel'),
    granted: boolean('granted').notNull(),
    source: text('source', { enum: CONSENT_SOURCES }).notNull(),
    byUserId: uuid('by_user_id'),
    /** How it was expressed: the keyword understood (opt_out / opt_in), the provider's code. */
    evidence: text('evidence'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('consent_events_patient_idx').on(t.clinicId, t.patientId, t.at)],
);
