// An agent's reply from the inbox. A person writing pauses the bot: the conversation becomes theirs.
import { AppError } from '../../errors.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { takeOver } from './ownership.ts';
import { sendOutbound } from './sendOutbound.ts';

export async function replyAsAgent(deps: InboxDeps, input: { clinicId: string; conversationId: string; agentId: string; text: string; idempotencyKey?: string | undefined; sendAt?: Date | undefined }) {
  const conversation = await deps.conversations.get(input.clinicId, input.conversationId);
  if (!conversation) throw AppError.notFound('Conversation');
  const windowClosesAt = conversation.windowExpiresAt ? new Date(conversation.windowExpiresAt) : null;
  // Outside WhatsApp's 24-hour window the provider drops free text: refuse it here, where the agent can act.
  if (windowClosesAt && windowClosesAt.getTime() <= (input.sendAt ?? new Date()).getTime()) {
    throw new AppError('whatsapp_window_closed', 409, 'WhatsApp only accepts free-form messages within 24 hours of the patient\'s last message. Send an approved template instead.', 'text');
  }
  if (conversation.state === 'bot') await takeOver(deps, input.clinicId, input.conversationId, input.agentId);
  return sendOutbound(deps, {
    clinicId: input.clinicId,
    conversationId: input.conversationId,
    author: 'agent',
    authorUserId: input.agentId,
    text: input.text,
    purpose: 'agent_reply',
    ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    ...(input.sendAt ? { sendAt: input.sendAt } : {}),
  });
}
