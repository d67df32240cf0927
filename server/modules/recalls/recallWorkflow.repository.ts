// Data access for the recall workflow (prepare, send, generate): the recalls asked for, the patients' completed
// treatments and attended appointments, their upcoming appointments and the conversation each recall lives in.
// Every query filters on the clinic.
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { appointments, botSessions, conversations, patients, recalls, services, treatments } from '../../db/schema/index.ts';
import type { CompletedTreatment, UpcomingAppointment } from './recallHistory.ts';

export type RecallRow = typeof recalls.$inferSelect;
export type NewRecall = Pick<typeof recalls.$inferInsert, 'patientId' | 'serviceId' | 'reason' | 'dueDate' | 'origin' | 'status'>;

export function createRecallWorkflowRepository(db: Db) {
  return {
    async recallsByIds(clinicId: string, ids: string[]): Promise<RecallRow[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(recalls)
        .where(and(eq(recalls.clinicId, clinicId), inArray(recalls.id, ids)));
    },

    async allRecalls(clinicId: string): Promise<RecallRow[]> {
      return db.select().from(recalls).where(eq(recalls.clinicId, clinicId));
    },

    async updateRecall(clinicId: string, id: string, values: Partial<Pick<RecallRow, 'status' | 'statusReason' | 'sentAt'>>): Promise<RecallRow | null> {
      const [row] = await db
        .update(recalls)
        .set(values)
        .where(and(eq(recalls.clinicId, clinicId), eq(recalls.id, id)))
        .returning();
      return row ?? null;
    },

    async insertRecalls(clinicId: string, values: NewRecall[]): Promise<RecallRow[]> {
      if (values.length === 0) return [];
      return db
        .insert(recalls)
        .values(values.map((value) => ({ ...value, clinicId })))
        .returning();
    },

    async services(clinicId: string): Promise<Array<{ id: string; name: string; recallIntervalDays: number | null }>> {
      return db.select({ id: services.id, name: services.name, recallIntervalDays: services.recallIntervalDays }).from(services).where(eq(services.clinicId, clinicId));
    },

    /**
     * What each patient had done: treatment rows (PMS history) and attended appointments of a named service.
     * Appointment dates are the clinic's local dates. `patientIds` undefined: every patient of the clinic.
     */
    async completedTreatments(clinicId: string, timezone: string, patientIds?: string[]): Promise<CompletedTreatment[]> {
      if (patientIds?.length === 0) return [];
      const treatmentRows = await db
        .select({
          patientId: treatments.patientId,
          name: treatments.name,
          serviceId: treatments.serviceId,
          serviceName: services.name,
          performedOn: treatments.performedOn,
          manualIntervalDays: appointments.recallIntervalDays,
          serviceIntervalDays: services.recallIntervalDays,
        })
        .from(treatments)
        .leftJoin(services, and(eq(services.id, treatments.serviceId), eq(services.clinicId, clinicId)))
        .leftJoin(appointments, and(eq(appointments.id, treatments.appointmentId), eq(appointments.clinicId, clinicId)))
        .where(and(eq(treatments.clinicId, clinicId), patientIds ? inArray(treatments.patientId, patientIds) : undefined));
      const attendedRows = await db
        .select({
          patientId: appointments.patientId,
          serviceId: appointments.serviceId,
          serviceName: services.name,
          performedOn: sql<string>`to_char(${appointments.startsAt} at time zone ${timezone}, 'YYYY-MM-DD')`,
          manualIntervalDays: appointments.recallIntervalDays,
          serviceIntervalDays: services.recallIntervalDays,
        })
        .from(appointments)
        .innerJoin(services, and(eq(services.id, appointments.serviceId), eq(services.clinicId, clinicId)))
        .where(and(eq(appointments.clinicId, clinicId), eq(appointments.status, 'attended'), patientIds ? inArray(appointments.patientId, patientIds) : undefined));
      return [...treatmentRows, ...attendedRows.map((row) => ({ ...row, name: row.serviceName }))];
    },

    /** Appointments still to come and not cancelled (scheduled or confirmed). */
    async upcomingAppointments(clinicId: string, now: Date, patientIds?: string[]): Promise<UpcomingAppointment[]> {
      if (patientIds?.length === 0) return [];
      return db
        .select({ patientId: appointments.patientId, serviceId: appointments.serviceId, serviceName: services.name, startsAt: appointments.startsAt })
        .from(appointments)
        .leftJoin(services, and(eq(services.id, appointments.serviceId), eq(services.clinicId, clinicId)))
        .where(
          and(
            eq(appointments.clinicId, clinicId),
            gt(appointments.startsAt, now),
            inArray(appointments.status, ['scheduled', 'confirmed']),
            patientIds ? inArray(appointments.patientId, patientIds) : undefined,
          ),
        );
    },

    /**
     * The conversation to open for each recall: the one its bot flow ran in, else the patient's latest.
     * Also the patient's display name, which the recall list shows.
     */
    async recallContacts(clinicId: string, rows: Array<Pick<RecallRow, 'id' | 'patientId'>>): Promise<Map<string, { conversationId: string | null; patientName: string }>> {
      const contacts = new Map<string, { conversationId: string | null; patientName: string }>();
      if (rows.length === 0) return contacts;
      const recallIds = rows.map((row) => row.id);
      const patientIds = [...new Set(rows.map((row) => row.patientId))];
      const [sessions, patientConversations, names] = await Promise.all([
        db
          .select({ recallId: botSessions.recallId, conversationId: botSessions.conversationId })
          .from(botSessions)
          .where(and(eq(botSessions.clinicId, clinicId), inArray(botSessions.recallId, recallIds)))
          .orderBy(desc(botSessions.startedAt)),
        db
          .select({ patientId: conversations.patientId, id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.clinicId, clinicId), inArray(conversations.patientId, patientIds)))
          .orderBy(sql`${conversations.lastMessageAt} desc nulls last`, desc(conversations.createdAt)),
        db
          .select({ id: patients.id, firstName: patients.firstName, lastName: patients.lastName })
          .from(patients)
          .where(and(eq(patients.clinicId, clinicId), inArray(patients.id, patientIds))),
      ]);
      const bySession = new Map<string, string>();
      for (const session of sessions) if (session.recallId && !bySession.has(session.recallId)) bySession.set(session.recallId, session.conversationId);
      const byPatient = new Map<string, string>();
      for (const conversation of patientConversations) if (!byPatient.has(conversation.patientId)) byPatient.set(conversation.patientId, conversation.id);
      const nameOf = new Map(names.map((patient) => [patient.id, `${patient.firstName} ${patient.lastName}`.trim()]));
      for (const row of rows) {
        contacts.set(row.id, { conversationId: bySession.get(row.id) ?? byPatient.get(row.patientId) ?? null, patientName: nameOf.get(row.patientId) ?? '' });
      }
      return contacts;
    },
  };
}

export type RecallWorkflowRepository = ReturnType<typeof createRecallWorkflowRepository>;
