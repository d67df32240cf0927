// Everything held about one patient, in one JSON document (GDPR art. 15 and 20): the record and its ids in
// other systems, appointments, recalls, treatments, automated reminders, the consent ledger, the access audit,
// and every conversation with its messages, notes, events and bot sessions. Rows are exported as stored (nothing summarised away); only other patients'
// data and secrets are never reachable from here, since every query is scoped to this clinic and patient.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import {
  appointments,
  auditEntries,
  consentEvents,
  botSessions,
  conversationEvents,
  conversationNotes,
  conversations,
  messages,
  patientExternalIds,
  patients,
  plannedReminders,
  recalls,
  treatments,
} from '../../db/schema/index.ts';

export const PATIENT_EXPORT_FORMAT = 'clinic-inbox.patient-export.v1';

export async function exportPatient(db: Db, clinicId: string, patientId: string, now: Date = new Date()) {
  const [patient] = await db.select().from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!patient) return null;
  const [externalIds, patientAppointments, patientRecalls, patientTreatments, reminders, patientConversations, consents, audit] = await Promise.all([
    db.select({ source: patientExternalIds.source, externalId: patientExternalIds.externalId }).from(patientExternalIds).where(and(eq(patientExternalIds.clinicId, clinicId), eq(patientExternalIds.patientId, patientId))),
    db.select().from(appointments).where(and(eq(appointments.clinicId, clinicId), eq(appointments.patientId, patientId))).orderBy(asc(appointments.startsAt)),
    db.select().from(recalls).where(and(eq(recalls.clinicId, clinicId), eq(recalls.patientId, patientId))).orderBy(asc(recalls.dueDate)),
    db.select().from(treatments).where(and(eq(treatments.clinicId, clinicId), eq(treatments.patientId, patientId))).orderBy(asc(treatments.performedOn)),
    db.select().from(plannedReminders).where(and(eq(plannedReminders.clinicId, clinicId), eq(plannedReminders.patientId, patientId))).orderBy(asc(plannedReminders.dueAt)),
    db.select().from(conversations).where(and(eq(conversations.clinicId, clinicId), eq(conversations.patientId, patientId))).orderBy(asc(conversations.createdAt)),
    db.select().from(consentEvents).where(and(eq(consentEvents.clinicId, clinicId), eq(consentEvents.patientId, patientId))).orderBy(asc(consentEvents.at)),
    db.select().from(auditEntries).where(and(eq(auditEntries.clinicId, clinicId), eq(auditEntries.patientId, patientId))).orderBy(asc(auditEntries.at)),
  ]);
  const ids = patientConversations.map((c) => c.id);
  const [conversationMessages, notes, events, sessions] = ids.length
    ? await Promise.all([
        db.select().from(messages).where(and(eq(messages.clinicId, clinicId), inArray(messages.conversationId, ids))).orderBy(asc(messages.seq)),
        db.select().from(conversationNotes).where(and(eq(conversationNotes.clinicId, clinicId), inArray(conversationNotes.conversationId, ids))).orderBy(asc(conversationNotes.createdAt)),
        db.select().from(conversationEvents).where(and(eq(conversationEvents.clinicId, clinicId), inArray(conversationEvents.conversationId, ids))).orderBy(asc(conversationEvents.at)),
        db.select().from(botSessions).where(and(eq(botSessions.clinicId, clinicId), inArray(botSessions.conversationId, ids))).orderBy(asc(botSessions.startedAt)),
      ])
    : [[], [], [], []];
  return {
    format: PATIENT_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    patient: { ...patient, externalIds },
    appointments: patientAppointments,
    recalls: patientRecalls,
    treatments: patientTreatments,
    automatedReminders: reminders,
    consents,
    audit,
    conversations: patientConversations.map((conversation) => ({
      ...conversation,
      messages: conversationMessages.filter((m) => m.conversationId === conversation.id),
      notes: notes.filter((n) => n.conversationId === conversation.id),
      events: events.filter((e) => e.conversationId === conversation.id),
      botSessions: sessions.filter((s) => s.conversationId === conversation.id),
    })),
  };
}

export type PatientExport = NonNullable<Awaited<ReturnType<typeof exportPatient>>>;
