// Called by the server's scheduled job for sessions whose deadlineAt has passed. Stale calls (the patient
// answered meanwhile, the flow was stopped, the deadline moved) change nothing.
import type { BotPorts, BotSession } from '../ports.ts';
import { FLOWS } from '../flows/registry.ts';
import { applyStep } from './applyStep.ts';
import { BotFlowError } from './BotFlowError.ts';
import { stepOrHandOver } from './stepOrHandOver.ts';

export type DeadlineResult =
  | { outcome: 'not_due'; session: BotSession }
  | { outcome: 'handled'; session: BotSession; state: string }
  | { outcome: 'failed'; session: BotSession };

export async function handleDeadline(ports: BotPorts, sessionId: string): Promise<DeadlineResult> {
  const found = await ports.loadSession(sessionId);
  if (!found) throw new BotFlowError('session_not_found', `No bot session ${sessionId}`);
  return ports.withConversationLock(found.conversationId, async () => {
    // Read again under the lock: a reply may have been handled while we waited.
    const session = (await ports.loadSession(sessionId)) ?? found;
    if (session.status !== 'active' || session.deadlineAt === null || session.deadlineAt > ports.now()) {
      return { outcome: 'not_due', session };
    }
    const result = await stepOrHandOver(ports, FLOWS[session.flow].machine, session, { type: 'DEADLINE' });
    if ('failed' in result) return { outcome: 'failed', session: result.failed };
    return { outcome: 'handled', session: await applyStep(ports, session, result.step), state: result.step.state };
  });
}
