// Stop a session without moving its machine: a person took over, another flow replaced it, the patient opted out.
import type { BotPorts, BotSession } from '../ports.ts';

export async function endSession(ports: BotPorts, session: BotSession, reason: string): Promise<BotSession> {
  const stopped: BotSession = { ...session, status: 'stopped', deadlineAt: null, endReason: reason, endedAt: ports.now() };
  await ports.saveSession(stopped);
  await ports.recordBotEvent(session.conversationId, { kind: 'bot_stopped', sessionId: session.id, flow: session.flow, reason });
  return stopped;
}
