// A flat flow machine as a mermaid state diagram: one arrow per transition, labelled with the event, the guard
// and what the bot does. Generated, so the README's diagrams cannot drift from the machines.
import { z } from 'zod';

const actionSchema = z.union([z.string(), z.object({ type: z.string(), params: z.record(z.string(), z.unknown()).optional() })]);
const transitionSchema = z.object({
  target: z.string().optional(),
  guard: z.string().optional(),
  actions: z.union([actionSchema, z.array(actionSchema)]).optional(),
});
const transitionsSchema = z.union([z.string(), transitionSchema, z.array(transitionSchema)]);
const configSchema = z.object({
  initial: z.string(),
  states: z.record(
    z.string(),
    z.object({
      type: z.string().optional(),
      entry: z.union([actionSchema, z.array(actionSchema)]).optional(),
      on: z.record(z.string(), transitionsSchema).optional(),
      always: transitionsSchema.optional(),
    }),
  ),
});

export function toMermaid(statelyJson: unknown): string {
  const config = configSchema.parse(statelyJson);
  const lines = ['stateDiagram-v2', `  [*] --> ${config.initial}`];
  for (const [name, state] of Object.entries(config.states)) {
    const entry = list(state.entry).map(describeAction);
    if (entry.length > 0) lines.push(`  ${name}: ${name}<br/>entry / ${entry.join(', ')}`);
    const events: Array<[string, z.infer<typeof transitionsSchema>]> = Object.entries(state.on ?? {});
    if (state.always) events.push(['always', state.always]);
    for (const [event, transitions] of events) {
      for (const transition of normalise(transitions)) {
        const guard = transition.guard ? ` [${transition.guard}]` : '';
        const actions = list(transition.actions).map(describeAction);
        const effect = actions.length > 0 ? ` / ${actions.join(', ')}` : '';
        lines.push(`  ${name} --> ${transition.target ?? name}: ${event}${guard}${effect}`);
      }
    }
    if (state.type === 'final') lines.push(`  ${name} --> [*]`);
  }
  return `${lines.join('\n')}\n`;
}

function normalise(transitions: z.infer<typeof transitionsSchema>): Array<z.infer<typeof transitionSchema>> {
  if (typeof transitions === 'string') return [{ target: transitions }];
  return Array.isArray(transitions) ? transitions : [transitions];
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function describeAction(action: z.infer<typeof actionSchema>): string {
  if (typeof action === 'string') return action;
  const { question, ...rest } = action.params ?? {};
  const params = Object.values(rest).filter((value) => typeof value === 'string');
  if (question !== undefined) params.push('+buttons');
  // Mermaid labels break on ":" and quotes; keep it to words.
  return params.length > 0 ? `${action.type}(${params.join(' ')})` : action.type;
}
