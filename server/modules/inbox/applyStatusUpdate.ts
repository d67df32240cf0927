// Delivery receipts from providers (and the dispatcher's own results) move a message's status forward.
import { toMessage } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';
import type { MessageStatus } from './messages.repository.ts';

export type StatusUpdate = {
  status: MessageStatus;
  error?: string | null;
  errorCode?: string | null;
  providerMessageId?: string;
  at?: Date;
};

/** Returns whether anything changed: stale or unknown updates are ignored, never an error. */
export async function applyStatusUpdate(deps: InboxDeps, target: { id: string } | { channelId: string; providerMessageId: string }, update: StatusUpdate): Promise<boolean> {
  const row = await deps.messages.advanceStatus(target, update);
  if (!row) return false;
  const message = toMessage(row);
  deps.events.emit('message:status', { clinicId: row.clinicId, conversationId: row.conversationId, messageId: row.id, status: row.status, error: row.error });
  return message.status === update.status;
}
