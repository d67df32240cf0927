import { describe, expect, it } from 'vitest';
import { BOT_LOCALES, FLOW_NAMES } from '../ports.ts';
import { bundledScenarioPath, loadScenarioFile } from './loadScenarioFile.ts';
import { runScenario } from './runScenario.ts';

const FILES = FLOW_NAMES.flatMap((flow) => BOT_LOCALES.map((locale) => ({ flow, locale })));

describe.each(FILES)('scenarios $flow.$locale', ({ flow, locale }) => {
  it.each(['whatsapp', 'sms'] as const)('when every scenario plays on %s, then each ends as it expects', async (channel) => {
    const file = await loadScenarioFile(bundledScenarioPath(flow, locale));
    expect(file.flow).toBe(flow);
    for (const scenario of file.scenarios) {
      const run = await runScenario({ ...file, channel }, scenario);
      expect({ scenario: scenario.name, failures: run.failures }).toEqual({ scenario: scenario.name, failures: [] });
    }
  });
});

describe('runScenario', () => {
  it('when a scenario expects something the bot did not do, then it reports the difference', async () => {
    const file = await loadScenarioFile(bundledScenarioPath('recall', 'es'));
    const [first] = file.scenarios;
    if (!first) throw new Error('recall.es has no scenarios');
    const wrong = { ...first, expect: { ...first.expect, recall: 'rejected', botSays: ['Hasta nunca'] } };
    const run = await runScenario(file, wrong);
    expect(run.failures).toEqual(['bot never said "Hasta nunca"', 'recall: expected "rejected", got "accepted"']);
  });

  it('when played on SMS, then the buttons become numbered text options', async () => {
    const file = await loadScenarioFile(bundledScenarioPath('recall', 'es'));
    const [first] = file.scenarios;
    if (!first) throw new Error('recall.es has no scenarios');
    const run = await runScenario({ ...file, channel: 'sms' }, first);
    expect(run.transcript[0]).toMatchObject({ author: 'bot', text: expect.stringContaining('1. Agendar cita  2. No gracias') });
    expect(run.transcript[0]?.buttons).toBeUndefined();
  });
});
