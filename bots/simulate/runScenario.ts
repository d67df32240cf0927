// Play one scenario against the real engine and in-memory ports, then compare with what it expects.
import type { BotLocale, BotPorts, TemplateEvent } from '../ports.ts';
import { handleDeadline } from '../engine/handleDeadline.ts';
import { handleInbound } from '../engine/handleInbound.ts';
import { startFlow } from '../engine/startFlow.ts';
import { stopFlow } from '../engine/stopFlow.ts';
import { createMemoryPorts, type MemoryWorld, type SimulatedChannel, type SimulatedMessage } from './memoryPorts.ts';
import type { Scenario, ScenarioFile, ScenarioStep } from './scenario.ts';

export interface ScenarioRun {
  name: string;
  transcript: SimulatedMessage[];
  finalState: string;
  failures: string[];
}

export interface RunOptions {
  renderTemplate?: (event: TemplateEvent, locale: BotLocale) => string;
}

const CONVERSATION_ID = 'conversation-1';
const APPOINTMENT_ID = 'appointment-1';
const RECALL_ID = 'recall-1';

export async function runScenario(file: ScenarioFile, scenario: Scenario, options: RunOptions = {}): Promise<ScenarioRun> {
  const channel: SimulatedChannel = file.channel;
  const render = options.renderTemplate ? { renderTemplate: options.renderTemplate } : {};
  const created = createMemoryPorts({ channel, ...render });
  const world = created.world;
  let ports = created.ports;
  world.appointments.set(APPOINTMENT_ID, 'scheduled');
  world.recalls.set(RECALL_ID, 'sent');
  const session = await startFlow(ports, {
    conversationId: CONVERSATION_ID,
    flow: file.flow,
    locale: file.locale,
    appointmentId: file.flow === 'recall' ? null : APPOINTMENT_ID,
    recallId: file.flow === 'recall' ? RECALL_ID : null,
    ...(scenario.start.followupKind ? { followupKind: scenario.start.followupKind } : {}),
    ...(scenario.start.deadlineHours ? { deadlineHours: scenario.start.deadlineHours } : {}),
  });
  for (const step of scenario.steps) {
    // A restart: a fresh engine and ports over the same stored world; only persisted sessions carry on.
    if ('restart' in step) ports = createMemoryPorts({ channel, world, ...render }).ports;
    else await playStep(ports, world, session.id, step);
  }
  const finalSession = world.sessions.get(session.id);
  const finalState = finalSession?.status === 'stopped' ? 'stopped' : stateOf(finalSession?.snapshot);
  return { name: scenario.name, transcript: world.messages, finalState, failures: compare(scenario, world, finalState, session.id) };
}

async function playStep(ports: BotPorts, world: MemoryWorld, sessionId: string, step: ScenarioStep): Promise<void> {
  if ('say' in step) {
    world.messages.push({ conversationId: CONVERSATION_ID, author: 'patient', text: step.say });
    await handleInbound(ports, { conversationId: CONVERSATION_ID, text: step.say });
  } else if ('press' in step) {
    world.messages.push({ conversationId: CONVERSATION_ID, author: 'patient', text: `[${step.press}]` });
    await handleInbound(ports, { conversationId: CONVERSATION_ID, button: step.press });
  } else if ('deadline' in step) {
    const deadlineAt = world.sessions.get(sessionId)?.deadlineAt;
    if (deadlineAt) world.now = new Date(deadlineAt.getTime() + 1);
    await handleDeadline(ports, sessionId);
  } else if ('takeover' in step) {
    await stopFlow(ports, CONVERSATION_ID, step.takeover);
    world.conversations.set(CONVERSATION_ID, { state: 'human', reason: step.takeover });
    world.messages.push({ conversationId: CONVERSATION_ID, author: 'system', text: `a person took over: ${step.takeover}` });
  }
}

function compare(scenario: Scenario, world: MemoryWorld, finalState: string, sessionId: string): string[] {
  const expected = scenario.expect;
  const failures: string[] = [];
  const check = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) failures.push(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
  };
  const botMessages = world.messages.filter((message) => message.author === 'bot');
  check('bot templates', botMessages.map((message) => message.event), expected.botEvents);
  let from = 0;
  for (const text of expected.botSays ?? []) {
    const found = botMessages.findIndex((message, index) => index >= from && message.text.includes(text));
    if (found < 0) failures.push(`bot never said ${JSON.stringify(text)}`);
    else from = found + 1;
  }
  check('final state', finalState, expected.finalState);
  check('session', world.sessions.get(sessionId)?.status, expected.session);
  const conversation = world.conversations.get(CONVERSATION_ID);
  check('conversation', conversation?.state, expected.conversation);
  if (expected.reason !== undefined) check('reason', conversation?.reason ?? null, expected.reason);
  if (expected.appointment !== undefined) check('appointment', world.appointments.get(APPOINTMENT_ID), expected.appointment);
  if (expected.recall !== undefined) check('recall', world.recalls.get(RECALL_ID), expected.recall);
  if (expected.surveyScore !== undefined) check('survey score', world.surveyScores.at(-1)?.score, expected.surveyScore);
  return failures;
}

function stateOf(snapshot: unknown): string {
  if (typeof snapshot === 'object' && snapshot !== null && 'value' in snapshot) return String(snapshot.value);
  return 'unknown';
}
