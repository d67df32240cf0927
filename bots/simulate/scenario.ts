// A scenario file: patient inputs in order, and what the bot must have said and done at the end.
// Clinics and tests share the format (bots/simulate/scenarios/<flow>.<locale>.json).
import { z } from 'zod';
import { BOT_LOCALES, FLOW_NAMES } from '../ports.ts';
import { BOT_TEMPLATE_EVENTS } from '../flows/commands.ts';

const stepSchema = z.union([
  z.object({ say: z.string() }),
  z.object({ press: z.string() }),
  /** The reply deadline passes: the clock moves past it and the deadline job runs. */
  z.object({ deadline: z.literal(true) }),
  /** A person takes the conversation over in the inbox. */
  z.object({ takeover: z.string() }),
  /** The process restarts: a fresh engine resumes from the stored snapshots only. */
  z.object({ restart: z.literal(true) }),
]);

const scenarioSchema = z.object({
  name: z.string(),
  start: z
    .object({
      followupKind: z.enum(['thanks', 'survey']).optional(),
      deadlineHours: z.number().positive().optional(),
    })
    .default({}),
  steps: z.array(stepSchema),
  expect: z.object({
    /** Every template the bot sent, in order. */
    botEvents: z.array(z.enum(BOT_TEMPLATE_EVENTS)),
    /** Texts the bot must have said (each a substring of one bot message, in order). */
    botSays: z.array(z.string()).optional(),
    finalState: z.string(),
    session: z.enum(['active', 'done', 'stopped']),
    conversation: z.enum(['bot', 'human', 'closed']),
    reason: z.string().nullable().optional(),
    appointment: z.string().optional(),
    recall: z.string().optional(),
    surveyScore: z.number().optional(),
  }),
});

export const scenarioFileSchema = z.object({
  flow: z.enum(FLOW_NAMES),
  locale: z.enum(BOT_LOCALES),
  channel: z.enum(['whatsapp', 'sms']).default('whatsapp'),
  scenarios: z.array(scenarioSchema).min(1),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = z.infer<typeof stepSchema>;
