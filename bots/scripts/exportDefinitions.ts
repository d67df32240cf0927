// Writes bots/definitions/<flow>.json (Stately-importable) and <flow>.mmd (mermaid) for every flow:
// `tsx bots/scripts/exportDefinitions.ts`. A test fails when the committed files are out of date.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FLOWS } from '../flows/registry.ts';
import { FLOW_NAMES } from '../ports.ts';
import { toMermaid } from '../visualise/toMermaid.ts';
import { toStatelyJson } from '../visualise/toStatelyJson.ts';

export function definitionFiles(): Array<{ path: string; content: string }> {
  return FLOW_NAMES.flatMap((flow) => {
    const json = toStatelyJson(FLOWS[flow].machine);
    return [
      { path: definitionPath(`${flow}.json`), content: `${JSON.stringify(json, null, 2)}\n` },
      { path: definitionPath(`${flow}.mmd`), content: toMermaid(json) },
    ];
  });
}

function definitionPath(name: string): string {
  return fileURLToPath(new URL(`../definitions/${name}`, import.meta.url));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of definitionFiles()) await writeFile(file.path, file.content);
  process.stdout.write(`wrote ${definitionFiles().length} files to bots/definitions/\n`);
}
