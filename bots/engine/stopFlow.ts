// End the conversation's active flow without another word to the patient: a person took over (or the clinic
// stopped it from the sessions list). Returns the stopped session, or null when no flow was running.
import type { BotPorts, BotSession } from '../ports.ts';
import { endSession } from './endSession.ts';

export async function stopFlow(ports: BotPorts, conversationId: string, reason: string): Promise<BotSession | null> {
  return ports.withConversationLock(conversationId, async () => {
    const session = await ports.loadActiveSession(conversationId);
    return session ? endSession(ports, session, reason) : null;
  });
}
