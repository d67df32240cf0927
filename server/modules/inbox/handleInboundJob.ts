// What follows a stored inbound message, run by the inbound worker from its job: who handles the conversation
// now (a closed one reopens, a first message needs a person, the clinic writing from its phone pauses the bot),
// then the bots' reaction (the flow's step or the auto-reply). A retry repeats it, so each part checks the
// current state rather than trusting the state at arrival.
import { toMessage } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';
import type { InboundJobRow } from './inboundJobs.repository.ts';
import { announce, handOver, reopenConversation } from './ownership.ts';

export async function handleInboundJob(deps: InboxDeps, job: Pick<InboundJobRow, 'clinicId' | 'messageId' | 'newConversation'>): Promise<void> {
  const { clinicId } = job;
  const stored = await deps.messages.get(clinicId, job.messageId);
  // Erased with its patient, or merged away: nothing is left to answer.
  if (!stored) return;
  const conversation = await deps.conversations.getRow(clinicId, stored.conversationId);
  if (!conversation) return;

  if (stored.author === 'agent') {
    // Someone at the clinic answered from the phone: a person is handling it, so the bot pauses.
    if (conversation.state === 'bot') await handOver(deps, clinicId, conversation.id, { type: 'agent' }, 'agent_replied_from_phone');
    else await announce(deps, clinicId, conversation.id);
    return;
  }

  let current;
  if (conversation.state === 'closed') {
    current = await reopenConversation(deps, clinicId, conversation.id, { type: 'patient', id: conversation.patientId }, 'patient_wrote_again');
  } else {
    current = await announce(deps, clinicId, conversation.id);
    // A first message from a patient is the plainest case of "needs a person".
    if (job.newConversation && current.state === 'human') {
      deps.events.emit('conversation:handover', { clinicId, conversationId: conversation.id, reason: current.handoverReason, at: stored.createdAt.toISOString() });
    }
  }
  await deps.reactions.run('message:received', { clinicId, conversation: current, message: toMessage(stored) });
}
