// The access audit (GDPR accountability): who read, exported, changed or erased which patient or conversation.
// Append-only: the migration adds a trigger refusing UPDATE and DELETE (only a clinic's own deletion removes its
// rows). Actor and patient are plain ids, not foreign keys, so an entry outlives the user and the erasure.
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clinics } from './clinic.ts';
import { id, tstz } from './columns.ts';

export const AUDIT_ACTIONS = ['read', 'export', 'create', 'update', 'delete', 'erase', 'merge'] as const;
// 'user': a staff member's own sign-in settings (two-factor on or off), with no patient.
export const AUDIT_SUBJECTS = ['patient', 'conversation', 'user'] as const;

export const auditEntries = pgTable(
  'audit_entries',
  {
    id: id(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    at: tstz('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    subjectType: text('subject_type', { enum: AUDIT_SUBJECTS }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** The patient the subject belongs to, so "everything about this patient" is one query. */
    patientId: uuid('patient_id'),
    /** What changed (field names, never values) or how it was reached. */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_entries_patient_idx').on(t.clinicId, t.patientId, t.at), index('audit_entries_clinic_idx').on(t.clinicId, t.at)],
);
