// Send-later: a scheduled message can be cancelled until the outbox has picked it up.
import { AppError } from '../../errors.ts';
import type { OutboxRepository } from '../outbox/outbox.repository.ts';
import { applyStatusUpdate } from './applyStatusUpdate.ts';
import type { InboxDeps } from './inboxDeps.ts';

export const CANCELLED_REASON = 'Cancelled before sending';

export async function cancelScheduled(deps: InboxDeps & { outbox: OutboxRepository }, clinicId: string, messageId: string, cancelledBy: string): Promise<void> {
  const message = await deps.messages.get(clinicId, messageId);
  if (!message) throw AppError.notFound('Message');
  if (!(await deps.outbox.cancelPending(clinicId, messageId))) {
    throw AppError.conflict('This message is already on its way and can no longer be cancelled');
  }
  // "failed" with its own code keeps the history honest: it was written, and never sent.
  await applyStatusUpdate(deps, { id: messageId }, { status: 'failed', error: CANCELLED_REASON, errorCode: 'cancelled' });
  await deps.conversations.addEvent({ clinicId, conversationId: message.conversationId, kind: 'message_cancelled', actorType: 'agent', actorId: cancelledBy, data: { messageId } });
}
