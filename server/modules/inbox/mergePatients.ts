// Merging a patient created from an unknown number into the real one: conversations, messages,
// appointments, recalls and external ids move; phones are combined; the duplicate goes.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { appointments, conversations, messages, patientExternalIds, patients, recalls, treatments, botSessions } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

export async function mergePatients(db: Db, clinicId: string, sourceId: string, targetId: string): Promise<void> {
  if (sourceId === targetId) throw AppError.validation('sourcePatientId', 'sourcePatientId: cannot merge a patient into itself');
  await db.transaction(async (tx) => {
    const found = await tx
      .select()
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), sql`${patients.id} IN (${sourceId}, ${targetId})`))
      .for('update');
    const source = found.find((p) => p.id === sourceId);
    const target = found.find((p) => p.id === targetId);
    if (!target) throw AppError.notFound('Patient');
    if (!source) throw new AppError('not_found', 404, 'sourcePatientId: Patient not found', 'sourcePatientId');

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
    for (const table of [appointments, recalls, treatments]) {
      await tx.update(table).set({ patientId: targetId }).where(and(eq(table.clinicId, clinicId), eq(table.patientId, sourceId)));
    }
    await tx.update(patientExternalIds).set({ patientId: targetId }).where(and(eq(patientExternalIds.clinicId, clinicId), eq(patientExternalIds.patientId, sourceId)));
    await tx
      .update(patients)
      .set({ phones: [...new Set([...target.phones, ...source.phones])], email: target.email ?? source.email, optOuts: [...new Set([...target.optOuts, ...source.optOuts])] })
      .where(eq(patients.id, targetId));
    await tx.delete(patients).where(eq(patients.id, sourceId));
  });
}
