// A patient's message or button press on a conversation: feed it to the active flow, if there is one.
// Messages for one conversation are handled one after the other (ports.withConversationLock).
import type { BotPorts, BotSession } from '../ports.ts';
import { FLOWS } from '../flows/registry.ts';
import { detectOptKeyword } from '../understand/detectOptKeyword.ts';
import { applyStep } from './applyStep.ts';
import { endSession } from './endSession.ts';
import { stepOrHandOver } from './stepOrHandOver.ts';

export interface InboundMessage {
  conversationId: string;
  text?: string;
  /** Label or payload of a pressed quick-reply button. */
  button?: string;
}

export type InboundResult =
  /** No flow runs here: the server decides about the auto-reply (shouldAutoReply) and the inbox. */
  | { outcome: 'no_active_flow' }
  /** "STOP", "BAJA"…: the flow stopped; the server records the opt-out and confirms it. */
  | { outcome: 'opted_out'; session: BotSession }
  | { outcome: 'handled'; session: BotSession; state: string }
  /** The stored flow could not resume: it was stopped and the conversation handed over. */
  | { outcome: 'failed'; session: BotSession };

export async function handleInbound(ports: BotPorts, message: InboundMessage): Promise<InboundResult> {
  return ports.withConversationLock(message.conversationId, async () => {
    const session = await ports.loadActiveSession(message.conversationId);
    if (!session) return { outcome: 'no_active_flow' };
    if (message.text !== undefined && detectOptKeyword(message.text) === 'opt_out') {
      return { outcome: 'opted_out', session: await endSession(ports, session, 'patient opted out') };
    }
    const result = await stepOrHandOver(ports, FLOWS[session.flow].machine, session, {
      type: 'REPLY',
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.button !== undefined ? { button: message.button } : {}),
    });
    if ('failed' in result) return { outcome: 'failed', session: result.failed };
    return { outcome: 'handled', session: await applyStep(ports, session, result.step), state: result.step.state };
  });
}
