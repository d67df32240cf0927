// Erasure on request (GDPR art. 17): the patient's personal data and everything they and the clinic wrote are
// removed, in one transaction. What reports count stays (appointments, message directions, purposes, statuses,
// times), attached to an anonymous record marked `erased_at`, which nothing messages again and a PMS sync of the
// same record leaves alone (only a new PMS record makes a new patient). Unsent messages are cancelled.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';

export async function erasePatient(db: Db, clinicId: string, patientId: string, now: Date = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const erased = await tx.execute(sql`
      UPDATE patients SET first_name = '', last_name = '', phones = '{}', email = NULL, notes = NULL, locale = NULL,
        preferred_channel = 'none', privacy_consent = false, reminder_lead_hours = NULL, erased_at = ${now.toISOString()}::timestamptz, updated_at = now()
      WHERE clinic_id = ${clinicId} AND id = ${patientId}`);
    if ((erased.rowCount ?? 0) === 0) return false;
    const conversations = sql`(SELECT id FROM conversations WHERE clinic_id = ${clinicId} AND patient_id = ${patientId})`;
    // Only what reports read survives on a message: the appointments it was about and the channel decision.
    await tx.execute(sql`
      UPDATE messages SET text = '', subject = NULL, buttons = NULL, button_reply = NULL, media = NULL, error = NULL,
        meta = jsonb_strip_nulls(jsonb_build_object('erased', true, 'appointmentIds', meta->'appointmentIds', 'channelDecision', meta->'channelDecision'))
      WHERE clinic_id = ${clinicId} AND conversation_id IN ${conversations}`);
    await tx.execute(sql`UPDATE outbox SET state = 'cancelled', last_error = 'patient erased' WHERE clinic_id = ${clinicId} AND state = 'pending' AND message_id IN (SELECT id FROM messages WHERE conversation_id IN ${conversations})`);
    await tx.execute(sql`UPDATE conversation_notes SET text = '', mentions = '{}' WHERE clinic_id = ${clinicId} AND conversation_id IN ${conversations}`);
    await tx.execute(sql`UPDATE conversation_events SET data = NULL WHERE clinic_id = ${clinicId} AND conversation_id IN ${conversations}`);
    await tx.execute(sql`UPDATE conversations SET last_message_preview = NULL, labels = '{}' WHERE clinic_id = ${clinicId} AND patient_id = ${patientId}`);
    await tx.execute(sql`
      UPDATE bot_sessions SET snapshot = NULL, status = CASE WHEN status = 'active' THEN 'stopped' ELSE status END,
        end_reason = coalesce(end_reason, 'patient erased'), ended_at = coalesce(ended_at, now())
      WHERE clinic_id = ${clinicId} AND conversation_id IN ${conversations}`);
    await tx.execute(sql`UPDATE planned_reminders SET state = 'cancelled', outcome = 'patient_erased', meta = NULL WHERE clinic_id = ${clinicId} AND patient_id = ${patientId} AND state IN ('planned', 'sending')`);
    // The ledger keeps what was consented and when (proof for the clinic), not the words: they may be the patient's.
    await tx.execute(sql`UPDATE consent_events SET text_shown = NULL, note = NULL WHERE clinic_id = ${clinicId} AND patient_id = ${patientId}`);
    await tx.execute(sql`UPDATE appointments SET notes = NULL WHERE clinic_id = ${clinicId} AND patient_id = ${patientId}`);
    await tx.execute(sql`UPDATE treatments SET details = NULL WHERE clinic_id = ${clinicId} AND patient_id = ${patientId}`);
    return true;
  });
}
