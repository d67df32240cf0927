// Read and validate a scenario file: by path, or the bundled one for a flow and locale.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BotLocale, FlowName } from '../ports.ts';
import { scenarioFileSchema, type ScenarioFile } from './scenario.ts';

export function bundledScenarioPath(flow: FlowName, locale: BotLocale): string {
  return fileURLToPath(new URL(`./scenarios/${flow}.${locale}.json`, import.meta.url));
}

export async function loadScenarioFile(path: string): Promise<ScenarioFile> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  return scenarioFileSchema.parse(parsed);
}
