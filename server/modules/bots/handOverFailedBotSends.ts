// A bot message that fails for good (provider refusal, WhatsApp's window, no address) leaves a flow waiting
// for an answer that cannot come: the conversation goes to reception at once, with the reason, so a person
// sees it instead of a bot session quietly waiting out its deadline.
import type { DomainEvents } from '../events.ts';
import type { InboxDeps } from '../inbox/inboxDeps.ts';
import { handOver } from '../inbox/ownership.ts';

/** Withdrawn on purpose, not failed: nothing for a person to pick up. */
const WITHDRAWN_CODES = new Set(['cancelled', 'superseded']);

export function handOverFailedBotSends(deps: InboxDeps & { events: DomainEvents }): { stop: () => Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const onStatus = (event: { clinicId: string; conversationId: string; messageId: string; status: string }) => {
    if (event.status !== 'failed') return;
    const work = handOverIfBotWaits(deps, event).catch((error: unknown) => deps.logger.error({ err: error, messageId: event.messageId }, 'handing over after a failed bot message failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  deps.events.on('message:status', onStatus);
  return {
    async stop() {
      deps.events.off('message:status', onStatus);
      await Promise.all([...inFlight]);
    },
  };
}

async function handOverIfBotWaits(deps: InboxDeps, event: { clinicId: string; conversationId: string; messageId: string }): Promise<void> {
  const message = await deps.messages.get(event.clinicId, event.messageId);
  if (!message || message.author !== 'bot' || (message.errorCode && WITHDRAWN_CODES.has(message.errorCode))) return;
  const conversation = await deps.conversations.getRow(event.clinicId, event.conversationId);
  if (conversation?.state !== 'bot') return;
  await handOver(deps, event.clinicId, conversation.id, { type: 'system' }, 'bot_message_failed');
}
