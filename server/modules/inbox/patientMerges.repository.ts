// Merging two patients in the database, in one transaction: conversations, messages, appointments, recalls,
// treatments, consent ledger entries and external ids move to the kept patient; the duplicate goes. What the kept patient's contact
// details become is the caller's rule (mergePatients.ts).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { appointments, consentEvents, conversations, messages, patientExternalIds, patients, recalls, treatments, botSessions } from '../../db/schema/index.ts';
import { mergeConsentChoices } from '../consents/consentPurposes.ts';

export type PatientContact = { phones: string[]; email: string | null; optOuts: string[] };
export type MergeOutcome = 'merged' | 'target_missing' | 'source_missing';

export function createPatientMergesRepository(db: Db) {
  return {
    /** Both patients are locked first, so two merges (or a merge and an edit) of the same pair never interleave. */
    async merge(clinicId: string, sourceId: string, targetId: string, combine: (target: PatientContact, source: PatientContact) => PatientContact): Promise<MergeOutcome> {
      return db.transaction(async (tx) => {
        const found = await tx
          .select()
          .from(patients)
          .where(and(eq(patients.clinicId, clinicId), sql`${patients.id} IN (${sourceId}, ${targetId})`))
          .for('update');
        const source = found.find((p) => p.id === sourceId);
        const target = found.find((p) => p.id === targetId);
        if (!target) return 'target_missing';
        if (!source) return 'source_missing';

        const sourceConversations = await tx.select().from(conversations).where(and(eq(conversations.clinicId, clinicId), eq(conversations.patientId, sourceId)));
        for (const conversation of sourceConversations) {
          const [existing] = await tx
            .select()
            .from(conversations)
            .where(and(eq(conversations.clinicId, clinicId), eq(conversations.patientId, targetId), eq(conversations.channelId, conversation.channelId)));
          if (!existing) {
            await tx.update(conversations).set({ patientId: targetId }).where(eq(conversations.id, conversation.id));
            continue;
          }
          // Both had a conversation on this channel: one thread, history kept in order (seq is global).
          await tx.update(messages).set({ conversationId: existing.id }).where(eq(messages.conversationId, conversation.id));
          await tx.update(botSessions).set({ conversationId: existing.id }).where(and(eq(botSessions.conversationId, conversation.id), sql`${botSessions.status} <> 'active'`));
          await tx
            .update(conversations)
            .set({
              unreadCount: sql`${conversations.unreadCount} + ${conversation.unreadCount}`,
              lastMessageAt: sql`GREATEST(${conversations.lastMessageAt}, ${conversation.lastMessageAt})`,
              lastInboundAt: sql`GREATEST(${conversations.lastInboundAt}, ${conversation.lastInboundAt})`,
            })
            .where(eq(conversations.id, existing.id));
          await tx.delete(conversations).where(eq(conversations.id, conversation.id));
        }
        // The consent ledger is the clinic's proof: it moves with the patient instead of going with the duplicate.
        for (const table of [appointments, recalls, treatments, consentEvents]) {
          await tx.update(table).set({ patientId: targetId }).where(and(eq(table.clinicId, clinicId), eq(table.patientId, sourceId)));
        }
        await tx.update(patientExternalIds).set({ patientId: targetId }).where(and(eq(patientExternalIds.clinicId, clinicId), eq(patientExternalIds.patientId, sourceId)));
        const { phones, email, optOuts } = combine(target, source);
        await tx.update(patients).set({ phones, email, optOuts, consents: mergeConsentChoices(target.consents, source.consents) }).where(eq(patients.id, targetId));
        await tx.delete(patients).where(eq(patients.id, sourceId));
        return 'merged';
      });
    },
  };
}

export type PatientMergesRepository = ReturnType<typeof createPatientMergesRepository>;
