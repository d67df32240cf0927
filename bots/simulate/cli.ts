// Try a flow without a phone:
//   tsx bots/simulate/cli.ts recall es                 play the bundled scenarios, print each conversation
//   tsx bots/simulate/cli.ts recall es --sms           the same on SMS (buttons become numbered options)
//   tsx bots/simulate/cli.ts recall es --file my.json  a clinic's own scenario file
//   tsx bots/simulate/cli.ts recall es --templates texts.json   the clinic's own texts
//   tsx bots/simulate/cli.ts recall es --chat          type the patient's replies yourself
// Exit code 1 when a scenario does not end as expected, so a clinic's scenarios can guard its template edits.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BOT_LOCALES, FLOW_NAMES } from '../ports.ts';
import { chatInteractively } from './chatInteractively.ts';
import { bundledScenarioPath, loadScenarioFile } from './loadScenarioFile.ts';
import { runScenario, type ScenarioRun } from './runScenario.ts';
import { templateOverrides } from './templateOverrides.ts';

const USAGE = `usage: tsx bots/simulate/cli.ts <${FLOW_NAMES.join('|')}> <${BOT_LOCALES.join('|')}> [--sms] [--chat] [--file scenarios.json] [--templates texts.json]`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      sms: { type: 'boolean', default: false },
      chat: { type: 'boolean', default: false },
      file: { type: 'string' },
      templates: { type: 'string' },
    },
  });
  const flow = z.enum(FLOW_NAMES).safeParse(positionals[0]);
  const locale = z.enum(BOT_LOCALES).safeParse(positionals[1] ?? 'es');
  if (!flow.success || !locale.success) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const render = values.templates ? { renderTemplate: await templateOverrides(values.templates) } : {};
  if (values.chat) {
    const lines = createInterface({ input: process.stdin });
    const chat = { flow: flow.data, locale: locale.data, channel: values.sms ? ('sms' as const) : ('whatsapp' as const), ...render };
    await chatInteractively(chat, { lines, write: (text) => process.stdout.write(text) });
    lines.close();
    return 0;
  }
  const file = await loadScenarioFile(values.file ?? bundledScenarioPath(flow.data, locale.data));
  const channel = values.sms ? 'sms' : file.channel;
  let failed = 0;
  for (const scenario of file.scenarios) {
    const run = await runScenario({ ...file, channel }, scenario, render);
    process.stdout.write(describeRun(run, channel));
    if (run.failures.length > 0) failed += 1;
  }
  process.stdout.write(`\n${file.scenarios.length - failed}/${file.scenarios.length} scenarios as expected (${file.flow}, ${file.locale}, ${channel})\n`);
  return failed > 0 ? 1 : 0;
}

function describeRun(run: ScenarioRun, channel: string): string {
  const lines = [`\n── ${run.name} ──`];
  for (const message of run.transcript) {
    if (message.author === 'system') {
      lines.push(`             · ${message.text}`);
      continue;
    }
    const who = message.author === 'bot' ? `  🤖 bot    ` : `  🙂 patient`;
    const buttons = message.buttons ? `  [${message.buttons.join('] [')}]` : '';
    lines.push(`${who} ${message.text.replaceAll('\n', `\n${' '.repeat(14)}`)}${buttons}`);
  }
  lines.push(`  → ${run.finalState}${channel === 'sms' ? ' (sms)' : ''}`);
  lines.push(run.failures.length === 0 ? '  ✓ as expected' : run.failures.map((failure) => `  ✗ ${failure}`).join('\n'));
  return `${lines.join('\n')}\n`;
}

process.exitCode = await main();
