// A flow's machine as Stately-importable JSON: the createMachine config with guards and actions by name (and
// params), functions dropped (the context comes from the flow's input at runtime).
import type { AnyStateMachine } from 'xstate';

export function toStatelyJson(machine: AnyStateMachine): Record<string, unknown> {
  const config: unknown = JSON.parse(JSON.stringify(machine.config));
  if (typeof config !== 'object' || config === null) throw new Error(`Machine ${machine.id} has no config`);
  return { ...config };
}
