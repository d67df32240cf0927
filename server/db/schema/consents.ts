// The consent ledger: every change of what a patient agreed to, with where it came from, when and who recorded
// it. Entries are of three layers: the privacy consent; the opt-out of every automated message per kind of channel
// (STOP / BAJA, a provider's unsubscribe, reception); and consent per message purpose and kind of channel.
import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clinics } from './clinic.ts';
import { id, tstz } from './columns.ts';
import { patients } from './practice.ts';

/** What an automated message is for, each consented per kind of channel (see modules/consents/consentPurposes.ts). */
export const MESSAGE_PURPOSES = ['appointments', 'recalls', 'marketing', 'surveys'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];
export const CONSENT_PURPOSES = ['privacy', 'automated_messages', ...MESSAGE_PURPOSES] as const;
export const CONSENT_SOURCES = ['reception', 'patient_keyword', 'provider', 'pms', 'web_form'] as const;
/** A patient's explicit choices per purpose and kind of channel; what is absent follows the purpose's default. */
export type ConsentChoices = Partial<Record<MessagePurpose, Partial<Record<string, boolean>>>>;

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
    /** The words the change was made on: the consent text a form or reception showed, or the patient's own message. */
    textShown: text('text_shown'),
    /** Reception's note on the change. */
    note: text('note'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('consent_events_patient_idx').on(t.clinicId, t.patientId, t.at)],
);
