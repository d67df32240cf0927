// One step of a flow: start it (or restore it from its persisted snapshot), optionally send one event, and
// collect what it asked for. Pure apart from XState's own bookkeeping: nothing here touches the ports.
import { createActor, type AnyStateMachine } from 'xstate';
import type { BotCommand, FlowEvent } from '../flows/commands.ts';
import { parseCommand } from './parseCommand.ts';
import { restoreSnapshot } from './restoreSnapshot.ts';

export type StepStart = { input: unknown } | { snapshot: unknown };

export interface StepResult {
  /** `actor.getPersistedSnapshot()`: what the session stores. */
  snapshot: unknown;
  commands: BotCommand[];
  /** The (flat) machine's current state name. */
  state: string;
  finished: boolean;
  context: Record<string, unknown>;
}

export function runStep(machine: AnyStateMachine, start: StepStart, event?: FlowEvent): StepResult {
  const actor =
    'snapshot' in start ? createActor(machine, { snapshot: restoreSnapshot(machine, start.snapshot) }) : createActor(machine, { input: start.input });
  const commands: BotCommand[] = [];
  actor.on('*', (emitted) => {
    commands.push(parseCommand(emitted));
  });
  // Observing errors keeps XState from also reporting them globally; we throw them below instead.
  actor.subscribe({ error: () => undefined });
  actor.start();
  if (event) actor.send(event);
  const current = actor.getSnapshot();
  if (current.status === 'error') throw current.error;
  const snapshot = actor.getPersistedSnapshot();
  actor.stop();
  return {
    snapshot,
    commands,
    state: String(current.value),
    finished: current.status === 'done',
    context: current.context,
  };
}
