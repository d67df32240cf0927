import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { definitionFiles } from './exportDefinitions.ts';

describe('exported flow definitions', () => {
  it('when the machines are compared with bots/definitions, then the committed JSON and diagrams are current', async () => {
    for (const file of definitionFiles()) {
      const committed = await readFile(file.path, 'utf8').catch(() => '(missing: run tsx bots/scripts/exportDefinitions.ts)');
      expect(committed, file.path).toBe(file.content);
    }
  });

  it('when the recall definition is exported, then it names the seed’s states, guards and handover reason', () => {
    const recall = definitionFiles().find((file) => file.path.endsWith('recall.json'));
    expect(recall?.content).toContain('"wantsAppointment"');
    expect(recall?.content).toContain('"recall accepted"');
    expect(JSON.parse(recall?.content ?? '{}')).toMatchObject({ id: 'recall', initial: 'awaitingAnswer' });
  });

  it('when the recall diagram is drawn, then each button leads to its outcome with what the bot does', () => {
    const diagram = definitionFiles().find((file) => file.path.endsWith('recall.mmd'))?.content ?? '';
    expect(diagram).toContain('awaitingAnswer --> accepted: REPLY [wantsAppointment] / setRecallStatus(accepted), sendTemplate(recall_accepted), handover(recall accepted)');
    expect(diagram).toContain('awaitingAnswer --> rejected: REPLY [declinesAppointment] / setRecallStatus(rejected), sendTemplate(recall_rejected), closeConversation(recall rejected)');
  });
});
