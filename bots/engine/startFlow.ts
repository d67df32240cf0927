// Start a flow on a conversation: any active flow there ends first (recorded as replaced), the new machine
// starts (its first message goes out) and its snapshot is persisted.
import type { BotPorts, BotSession } from '../ports.ts';
import { FLOWS, type FlowStartParams } from '../flows/registry.ts';
import { applyStep, deadlineFrom } from './applyStep.ts';
import { endSession } from './endSession.ts';
import { runStep } from './runStep.ts';

export async function startFlow(ports: BotPorts, params: FlowStartParams): Promise<BotSession> {
  const definition = FLOWS[params.flow];
  const replyWindowHours = params.deadlineHours === undefined ? definition.defaultDeadlineHours : params.deadlineHours;
  // Built before taking the lock so a missing appointment or recall fails without touching anything.
  const input = definition.buildInput(params, replyWindowHours);
  return ports.withConversationLock(params.conversationId, async () => {
    const previous = await ports.loadActiveSession(params.conversationId);
    if (previous) await endSession(ports, previous, `replaced by ${params.flow}`);
    const step = runStep(definition.machine, { input });
    const now = ports.now();
    const session: BotSession = {
      id: ports.newId(),
      conversationId: params.conversationId,
      flow: params.flow,
      status: 'active',
      snapshot: step.snapshot,
      deadlineAt: deadlineFrom(now, replyWindowHours),
      appointmentId: params.appointmentId ?? params.appointmentIds?.[0] ?? null,
      recallId: params.recallId ?? null,
      endReason: null,
      startedAt: now,
      endedAt: null,
    };
    // Saved before its first message goes out, so the conversation already belongs to the bot when it does.
    await ports.saveSession(session);
    await ports.recordBotEvent(params.conversationId, { kind: 'bot_started', sessionId: session.id, flow: params.flow });
    return applyStep(ports, session, step);
  });
}
