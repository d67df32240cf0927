// A clinic's own texts for the simulator: a JSON file { "recall_accepted": "¿Mañana o tarde?", … }; events it
// leaves out keep the sample text.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BOT_TEMPLATE_EVENTS } from '../flows/commands.ts';
import type { BotLocale, TemplateEvent } from '../ports.ts';
import { SAMPLE_TEMPLATES } from './sampleTemplates.ts';

const overridesSchema = z.partialRecord(z.enum(BOT_TEMPLATE_EVENTS), z.string());

export async function templateOverrides(path: string): Promise<(event: TemplateEvent, locale: BotLocale) => string> {
  const overrides = overridesSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  return (event, locale) => overrides[event] ?? SAMPLE_TEMPLATES[locale][event];
}
