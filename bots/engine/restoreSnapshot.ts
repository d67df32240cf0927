// A stored snapshot comes back from JSONB as `unknown`: check it is an active flat-machine snapshot before
// handing it to XState, so a damaged row fails with a clear error instead of a confused actor.
import { z } from 'zod';
import type { AnyStateMachine, Snapshot } from 'xstate';

const persistedSnapshotSchema = z.looseObject({
  status: z.literal('active'),
  value: z.string(),
  context: z.record(z.string(), z.unknown()),
});

export function restoreSnapshot(machine: AnyStateMachine, stored: unknown): Snapshot<unknown> {
  const parsed = persistedSnapshotSchema.parse(stored);
  // Checked here because XState reports an unknown state asynchronously, out of our reach.
  if (!Object.hasOwn(machine.states, parsed.value)) throw new Error(`Flow ${machine.id} has no state "${parsed.value}"`);
  // JSON drops `undefined`; XState's active snapshot type spells them out.
  return { ...parsed, status: 'active', output: undefined, error: undefined };
}
