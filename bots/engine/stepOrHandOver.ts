// Run the machine step; if the stored snapshot cannot be resumed (damaged row, or a deploy renamed the state it
// was in), end the session and hand the conversation to a person instead of failing on every later message.
import type { AnyStateMachine } from 'xstate';
import type { FlowEvent } from '../flows/commands.ts';
import type { BotPorts, BotSession } from '../ports.ts';
import { endSession } from './endSession.ts';
import { runStep, type StepResult } from './runStep.ts';

export const CANNOT_RESUME_REASON = 'bot could not resume';

export async function stepOrHandOver(
  ports: BotPorts,
  machine: AnyStateMachine,
  session: BotSession,
  event: FlowEvent,
): Promise<{ step: StepResult } | { failed: BotSession }> {
  try {
    return { step: runStep(machine, { snapshot: session.snapshot }, event) };
  } catch {
    const failed = await endSession(ports, session, CANNOT_RESUME_REASON);
    await ports.handover(session.conversationId, CANNOT_RESUME_REASON);
    return { failed };
  }
}
