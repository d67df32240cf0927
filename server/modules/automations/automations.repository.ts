// Data access for automations: settings, what was planned per appointment, and the planned-reminders
// queue the dispatcher claims in batches with FOR UPDATE SKIP LOCKED (any number of workers share it).
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { appointmentPlans, automationSettings, plannedReminders, PLANNED_SLOTS } from '../../db/schema/index.ts';
import { readAutomationSettings, type AutomationSettings } from './automationSettings.ts';

export type PlannedReminderRow = typeof plannedReminders.$inferSelect;
export type PlannedSlot = (typeof PLANNED_SLOTS)[number];
export type AppointmentPlanRow = typeof appointmentPlans.$inferSelect;

/** How long a claimed row stays with its worker; a worker that died leaves it to be claimed again after this. */
export const CLAIM_SECONDS = 120;

export function createAutomationsRepository(db: Db) {
  return {
    async getSettings(clinicId: string): Promise<AutomationSettings> {
      const [row] = await db.select().from(automationSettings).where(eq(automationSettings.clinicId, clinicId));
      return readAutomationSettings(row?.settings);
    },

    async saveSettings(clinicId: string, settings: AutomationSettings): Promise<void> {
      await db
        .insert(automationSettings)
        .values({ clinicId, settings })
        .onConflictDoUpdate({ target: automationSettings.clinicId, set: { settings, updatedAt: new Date() } });
    },

    /**
     * Appointments in [from, to) whose current version has not been planned yet: new ones, changed ones, and
     * ones a missed event left behind (a PMS sync, a crash).
     */
    async appointmentsToPlan(from: Date, to: Date, limit: number): Promise<Array<{ clinicId: string; appointmentId: string }>> {
      const result = await db.execute<{ clinic_id: string; id: string }>(sql`
        SELECT a.clinic_id, a.id FROM appointments a
        LEFT JOIN appointment_plans p ON p.appointment_id = a.id
        WHERE a.starts_at >= ${from.toISOString()}::timestamptz AND a.starts_at < ${to.toISOString()}::timestamptz
          AND (p.appointment_id IS NULL OR abs(extract(epoch FROM p.version - a.updated_at)) >= 0.001)
        ORDER BY a.starts_at
        LIMIT ${limit}`);
      return result.rows.map((row) => ({ clinicId: row.clinic_id, appointmentId: row.id }));
    },

    async getPlan(appointmentId: string): Promise<AppointmentPlanRow | null> {
      const [row] = await db.select().from(appointmentPlans).where(eq(appointmentPlans.appointmentId, appointmentId));
      return row ?? null;
    },

    async savePlan(values: typeof appointmentPlans.$inferInsert): Promise<void> {
      const { appointmentId: _key, ...set } = values;
      await db.insert(appointmentPlans).values(values).onConflictDoUpdate({ target: appointmentPlans.appointmentId, set });
    },

    /**
     * Plans (or re-plans) one slot. A row already done for the same appointment start stays done; a row being
     * sent right now is left to its worker; anything else takes the new time.
     */
    async plan(values: { clinicId: string; appointmentId: string; patientId: string; slot: PlannedSlot; dueAt: Date; startsAt: Date }): Promise<void> {
      await db
        .insert(plannedReminders)
        .values({ ...values, state: 'planned' })
        .onConflictDoUpdate({
          target: [plannedReminders.appointmentId, plannedReminders.slot],
          set: { dueAt: values.dueAt, startsAt: values.startsAt, patientId: values.patientId, state: 'planned', outcome: null, doneAt: null, updatedAt: new Date() },
          setWhere: sql`${plannedReminders.state} <> 'sending' AND (${plannedReminders.state} <> 'done' OR ${plannedReminders.startsAt} <> ${values.startsAt.toISOString()}::timestamptz)`,
        });
    },

    /** Slots that no longer apply (cancelled appointment, rule switched off) vanish unless already sent. */
    async unplan(appointmentId: string, keep: PlannedSlot[] = []): Promise<void> {
      await db
        .update(plannedReminders)
        .set({ state: 'cancelled', outcome: 'unplanned', updatedAt: new Date() })
        .where(and(eq(plannedReminders.appointmentId, appointmentId), eq(plannedReminders.state, 'planned'), keep.length ? notInArray(plannedReminders.slot, keep) : undefined));
    },

    async listForAppointment(clinicId: string, appointmentId: string): Promise<PlannedReminderRow[]> {
      return db
        .select()
        .from(plannedReminders)
        .where(and(eq(plannedReminders.clinicId, clinicId), eq(plannedReminders.appointmentId, appointmentId)));
    },

    /** Claims due rows, and rows whose claim expired (their worker died mid-dispatch). */
    async claimDue(now: Date, limit: number, owner: string | null = null): Promise<PlannedReminderRow[]> {
      const at = now.toISOString();
      const result = await db.execute<{ id: string }>(sql`
        UPDATE planned_reminders SET state = 'sending', attempts = attempts + 1, locked_by = ${owner},
          locked_until = ${at}::timestamptz + make_interval(secs => ${CLAIM_SECONDS}), updated_at = now()
        FROM (
          SELECT id FROM planned_reminders
          WHERE (state = 'planned' AND due_at <= ${at}::timestamptz) OR (state = 'sending' AND locked_until < ${at}::timestamptz)
          ORDER BY due_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        ) AS due
        WHERE planned_reminders.id = due.id
        RETURNING planned_reminders.id`);
      if (result.rows.length === 0) return [];
      return db.select().from(plannedReminders).where(inArray(plannedReminders.id, result.rows.map((row) => row.id)));
    },

    /**
     * At start-up: claims under this instance's name are its previous run's, which died mid-dispatch. They are
     * due again now, so the next sweep takes them (flows start once, messages carry idempotency keys).
     */
    async releaseClaimsOf(owner: string): Promise<number> {
      const rows = await db
        .update(plannedReminders)
        .set({ state: 'planned', lockedUntil: null, lockedBy: null })
        .where(and(eq(plannedReminders.state, 'sending'), eq(plannedReminders.lockedBy, owner)))
        .returning({ id: plannedReminders.id });
      return rows.length;
    },

    /**
     * Same-day first reminders of the same patient, still waiting: the dispatcher folds them into one message.
     * Claimed here so no other worker sends them separately.
     */
    async claimSiblings(row: PlannedReminderRow, dayStart: Date, dayEnd: Date): Promise<PlannedReminderRow[]> {
      const result = await db.execute<{ id: string }>(sql`
        UPDATE planned_reminders SET state = 'sending', locked_until = ${row.lockedUntil?.toISOString() ?? null}::timestamptz, locked_by = ${row.lockedBy}, updated_at = now()
        FROM (
          SELECT id FROM planned_reminders
          WHERE clinic_id = ${row.clinicId} AND patient_id = ${row.patientId} AND slot = ${row.slot} AND state = 'planned'
            AND id <> ${row.id} AND starts_at >= ${dayStart.toISOString()}::timestamptz AND starts_at < ${dayEnd.toISOString()}::timestamptz
          FOR UPDATE SKIP LOCKED
        ) AS sibling
        WHERE planned_reminders.id = sibling.id
        RETURNING planned_reminders.id`);
      if (result.rows.length === 0) return [];
      return db.select().from(plannedReminders).where(inArray(plannedReminders.id, result.rows.map((r) => r.id)));
    },

    async finish(id: string, state: 'done' | 'skipped' | 'cancelled', outcome: string, now: Date, meta?: Record<string, unknown>): Promise<void> {
      await db
        .update(plannedReminders)
        .set({ state, outcome, doneAt: now, lockedUntil: null, lockedBy: null, updatedAt: new Date(), ...(meta ? { meta } : {}) })
        .where(eq(plannedReminders.id, id));
    },

    /** Did this patient already get a reminder in [from, to)? (one reminder per patient per day) */
    async reminderSentBetween(clinicId: string, patientId: string, from: Date, to: Date, exceptId: string): Promise<boolean> {
      const result = await db.execute<{ found: number }>(sql`
        SELECT 1 AS found FROM planned_reminders
        WHERE clinic_id = ${clinicId} AND patient_id = ${patientId} AND id <> ${exceptId} AND state = 'done'
          AND slot IN ('reminder_1', 'reminder_2') AND outcome IN ('flow_started', 'sent', 'sent_multi')
          AND done_at >= ${from.toISOString()}::timestamptz AND done_at < ${to.toISOString()}::timestamptz
        LIMIT 1`);
      return result.rows.length > 0;
    },

    async setMeta(id: string, meta: Record<string, unknown>): Promise<void> {
      await db.update(plannedReminders).set({ meta }).where(eq(plannedReminders.id, id));
    },

    /** Has a bot flow of this kind started for the appointment since `since`? */
    async flowStartedSince(clinicId: string, appointmentId: string, flow: string, since: Date): Promise<boolean> {
      const result = await db.execute<{ found: number }>(sql`
        SELECT 1 AS found FROM bot_sessions
        WHERE clinic_id = ${clinicId} AND appointment_id = ${appointmentId} AND flow = ${flow} AND created_at >= ${since.toISOString()}::timestamptz
        LIMIT 1`);
      return result.rows.length > 0;
    },

    /** Share of the patient's past appointments (attended or missed) that were no-shows. */
    async noShowRate(clinicId: string, patientId: string, before: Date): Promise<number> {
      const result = await db.execute<{ missed: number; total: number }>(sql`
        SELECT count(*) FILTER (WHERE status = 'no_show')::int AS missed, count(*)::int AS total FROM appointments
        WHERE clinic_id = ${clinicId} AND patient_id = ${patientId} AND starts_at < ${before.toISOString()}::timestamptz
          AND status IN ('attended', 'no_show')`);
      const row = result.rows[0];
      return row && row.total > 0 ? row.missed / row.total : 0;
    },

    /** A transient failure: back to planned, due again later. */
    async retryLater(id: string, dueAt: Date, outcome: string): Promise<void> {
      await db.update(plannedReminders).set({ state: 'planned', dueAt, outcome, lockedUntil: null, lockedBy: null, updatedAt: new Date() }).where(eq(plannedReminders.id, id));
    },
  };
}

export type AutomationsRepository = ReturnType<typeof createAutomationsRepository>;
