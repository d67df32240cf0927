// After the machine moved: run its commands, then persist the new snapshot (and the session's end when the flow
// reached a final state). The ports' lock makes this one unit per conversation.
import type { BotPorts, BotSession } from '../ports.ts';
import { executeCommands } from './executeCommands.ts';
import type { StepResult } from './runStep.ts';

export async function applyStep(ports: BotPorts, session: BotSession, step: StepResult): Promise<BotSession> {
  await executeCommands(ports, session.conversationId, step.commands);
  const now = ports.now();
  const next: BotSession = step.finished
    ? { ...session, snapshot: step.snapshot, status: 'done', deadlineAt: null, endReason: step.state, endedAt: now }
    : { ...session, snapshot: step.snapshot, deadlineAt: deadlineFrom(now, step.context['replyWindowHours']) };
  await ports.saveSession(next);
  if (step.finished) {
    await ports.recordBotEvent(session.conversationId, { kind: 'bot_done', sessionId: session.id, flow: session.flow, finalState: step.state });
  }
  return next;
}

/** Each question the bot asks gets the full reply window again. */
export function deadlineFrom(now: Date, replyWindowHours: unknown): Date | null {
  if (typeof replyWindowHours !== 'number' || replyWindowHours <= 0) return null;
  return new Date(now.getTime() + replyWindowHours * 3_600_000);
}
