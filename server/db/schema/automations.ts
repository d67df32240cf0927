// Automations: per-clinic rules, what the planner already saw of each appointment, and the planned
// reminders/follow-ups (one row per appointment and slot) that the dispatcher claims when due.
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clinics } from './clinic.ts';
import { createdAt, id, tstz, updatedAt } from './columns.ts';
import { appointments, patients } from './practice.ts';

const clinicId = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinics.id, { onDelete: 'cascade' });

/** The clinic's automation rules (validated by the automations module; defaults fill what is missing). */
export const automationSettings = pgTable('automation_settings', {
  clinicId: uuid('clinic_id')
    .primaryKey()
    .references(() => clinics.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: updatedAt(),
});

/**
 * What the planner last planned for an appointment: the appointment's updated_at it planned from, and the
 * status/start the patient was last told about (notices go out once per change).
 */
export const appointmentPlans = pgTable(
  'appointment_plans',
  {
    appointmentId: uuid('appointment_id')
      .primaryKey()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    clinicId: clinicId(),
    version: tstz('version').notNull(),
    notifiedStatus: text('notified_status'),
    notifiedStartsAt: tstz('notified_starts_at'),
    plannedAt: tstz('planned_at').notNull(),
  },
  (t) => [index('appointment_plans_clinic_idx').on(t.clinicId)],
);

export const PLANNED_SLOTS = ['reminder_1', 'reminder_2', 'followup'] as const;
export const PLANNED_STATES = ['planned', 'sending', 'done', 'skipped', 'cancelled'] as const;

/** One reminder (or follow-up) per appointment and slot; due rows are claimed with FOR UPDATE SKIP LOCKED. */
export const plannedReminders = pgTable(
  'planned_reminders',
  {
    id: id(),
    clinicId: clinicId(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    slot: text('slot', { enum: PLANNED_SLOTS }).notNull(),
    dueAt: tstz('due_at').notNull(),
    /** The appointment start this row was planned for: a moved appointment gets a new row version. */
    startsAt: tstz('starts_at').notNull(),
    state: text('state', { enum: PLANNED_STATES }).notNull().default('planned'),
    lockedUntil: tstz('locked_until'),
    /** The instance holding the claim: the same instance restarted takes its claims back at once. */
    lockedBy: text('locked_by'),
    attempts: integer('attempts').notNull().default(0),
    /** Why it ended as it did (sent, flow_started, confirmed, no_channel, merged…). */
    outcome: text('outcome'),
    doneAt: tstz('done_at'),
    meta: jsonb('meta').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('planned_reminders_slot_key').on(t.appointmentId, t.slot),
    index('planned_reminders_due_idx').on(t.state, t.dueAt),
    index('planned_reminders_patient_idx').on(t.clinicId, t.patientId, t.dueAt),
  ],
);
