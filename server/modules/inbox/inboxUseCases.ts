// The inbox's use cases with their ports bound once (platform.ts, the composition root, builds this):
// what the inbox routes call, so no route reaches for a repository. Reads that are one repository call
// sit here; anything with a rule lives in its own verb-named file.
import type { PageQuery } from '../../db/pagination.ts';
import { AppError } from '../../errors.ts';
import type { OutboxRepository } from '../outbox/outbox.repository.ts';
import { addNote, type NoteInput } from './addNote.ts';
import { cancelScheduled } from './cancelScheduled.ts';
import { toMessage, type ConversationFilters } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { mergePatients } from './mergePatients.ts';
import { toNote } from './note.dto.ts';
import { optOutWarning } from './optOutWarning.ts';
import { assignConversation, closeConversation, handBack, markRead, reopenConversation, requireConversation, setLabels, takeOver, type Actor } from './ownership.ts';
import type { PatientMergesRepository } from './patientMerges.repository.ts';
import { replyAsAgent } from './replyAsAgent.ts';
import { resendAsTemplate } from './resendAsTemplate.ts';
import { sendTemplateReply, type TemplateReply } from './sendTemplateReply.ts';

export type InboxUseCaseDeps = InboxDeps & { outbox: OutboxRepository; patientMerges: PatientMergesRepository };

type AgentReply = Parameters<typeof replyAsAgent>[1];

export function createInboxUseCases(deps: InboxUseCaseDeps) {
  return Object.freeze({
    listConversations: (clinicId: string, userId: string, query: PageQuery & { filters: ConversationFilters }) => deps.conversations.list(clinicId, userId, query),

    async getConversation(clinicId: string, conversationId: string) {
      const conversation = await deps.conversations.get(clinicId, conversationId);
      if (!conversation) throw AppError.notFound('Conversation');
      return conversation;
    },

    async listMessages(clinicId: string, conversationId: string, page: PageQuery) {
      await requireConversation(deps, clinicId, conversationId);
      const rows = await deps.messages.listByConversation(clinicId, conversationId, page);
      return { items: rows.items.map(toMessage), nextCursor: rows.nextCursor };
    },

    /** The audit trail of who handled the conversation, oldest first. */
    async listEvents(clinicId: string, conversationId: string) {
      await requireConversation(deps, clinicId, conversationId);
      const events = await deps.conversations.events(clinicId, conversationId);
      return events.map(({ clinicId: _clinic, ...event }) => ({ ...event, at: event.at.toISOString() }));
    },

    /** An agent's free-text reply, with a warning when the patient opted out of that kind of message. */
    async reply(input: AgentReply) {
      const { message } = await replyAsAgent(deps, input);
      return { message, warning: await optOutWarning(deps, input.clinicId, message) };
    },
    replyWithTemplate: async (input: TemplateReply) => (await sendTemplateReply(deps, input)).message,
    resendAsTemplate: async (input: Parameters<typeof resendAsTemplate>[1]) => (await resendAsTemplate(deps, input)).message,

    /** Send-later: cancels a queued message and answers it as it now stands. */
    async cancelScheduled(clinicId: string, messageId: string, cancelledBy: string) {
      await cancelScheduled(deps, clinicId, messageId, cancelledBy);
      const row = await deps.messages.get(clinicId, messageId);
      if (!row) throw AppError.notFound('Message');
      return toMessage(row);
    },

    takeOver: (clinicId: string, conversationId: string, agentId: string) => takeOver(deps, clinicId, conversationId, agentId),
    handBack: (clinicId: string, conversationId: string, agentId: string) => handBack(deps, clinicId, conversationId, agentId),
    close: (clinicId: string, conversationId: string, actor: Actor, reason: string | null) => closeConversation(deps, clinicId, conversationId, actor, reason),
    reopen: (clinicId: string, conversationId: string, actor: Actor) => reopenConversation(deps, clinicId, conversationId, actor),
    markRead: (clinicId: string, conversationId: string) => markRead(deps, clinicId, conversationId),
    assign: (clinicId: string, conversationId: string, assigneeId: string | null, actor: Actor) => assignConversation(deps, clinicId, conversationId, assigneeId, actor),
    setLabels: (clinicId: string, conversationId: string, labels: string[]) => setLabels(deps, clinicId, conversationId, labels),

    /** Private notes, newest first. */
    async listNotes(clinicId: string, conversationId: string) {
      await requireConversation(deps, clinicId, conversationId);
      return (await deps.conversations.notes(clinicId, conversationId)).map(toNote);
    },
    addNote: (input: NoteInput) => addNote(deps, input),

    /** The patient's whole message log across channels, each message with its channel's type. */
    async listPatientMessages(clinicId: string, patientId: string, page: PageQuery) {
      if (!(await deps.patients.getRow(clinicId, patientId))) throw AppError.notFound('Patient');
      const rows = await deps.messages.listByPatient(clinicId, patientId, page);
      return { items: rows.items.map((row) => ({ ...toMessage(row), channelType: row.channelType })), nextCursor: rows.nextCursor };
    },
    mergePatients: (input: Parameters<typeof mergePatients>[1]) => mergePatients(deps, input),
  });
}

export type InboxUseCases = ReturnType<typeof createInboxUseCases>;
