import { describe, expect, it } from 'vitest';
import type { FlowEvent } from '../commands.ts';
import { runStep } from '../../engine/runStep.ts';
import { followupMachine, type FollowupKind } from './followup.machine.ts';

function run(kind: FollowupKind, ...events: FlowEvent[]) {
  let step = runStep(followupMachine, { input: { locale: 'es', appointmentId: 'appt-1', kind, replyWindowHours: 72 } });
  for (const event of events) step = runStep(followupMachine, { snapshot: JSON.parse(JSON.stringify(step.snapshot)) }, event);
  return step;
}
const reply = (text: string): FlowEvent => ({ type: 'REPLY', text });

describe('followup machine', () => {
  it('when it is a thank-you, then it sends followup_thanks, closes the conversation and is done at once', () => {
    const step = run('thanks');
    expect(step.commands).toEqual([
      { type: 'sendTemplate', event: 'followup_thanks', locale: 'es' },
      { type: 'closeConversation', reason: 'follow-up sent' },
    ]);
    expect(step.finished).toBe(true);
    expect(step.state).toBe('thanked');
  });

  it('when it is a survey, then it sends followup_survey and waits for a score', () => {
    const step = run('survey');
    expect(step.commands).toEqual([{ type: 'sendTemplate', event: 'followup_survey', locale: 'es' }]);
    expect(step.state).toBe('awaitingScore');
  });

  it.each(['1', '2', '3', '⭐⭐⭐'])('when the score is %j (3 or less), then the bot records it, replies and hands over for low satisfaction', (text) => {
    const step = run('survey', reply(text));
    expect(step.commands).toEqual([
      { type: 'recordSurveyScore', score: expect.any(Number), appointmentId: 'appt-1' },
      { type: 'sendTemplate', event: 'followup_low_score', locale: 'es' },
      { type: 'handover', reason: 'low satisfaction' },
    ]);
    expect(step.state).toBe('lowScore');
  });

  it.each([['4', 4], ['5 estrellas', 5], ['⭐⭐⭐⭐⭐', 5]])('when the score is %j, then the bot records %i, thanks (review link in the template) and closes', (text, score) => {
    const step = run('survey', reply(text));
    expect(step.commands).toEqual([
      { type: 'recordSurveyScore', score, appointmentId: 'appt-1' },
      { type: 'sendTemplate', event: 'followup_high_score', locale: 'es' },
      { type: 'closeConversation', reason: 'survey answered' },
    ]);
    expect(step.state).toBe('highScore');
  });

  it('when the patient answers with free text, then the bot hands over', () => {
    const step = run('survey', reply('La doctora fue muy amable pero esperé mucho'));
    expect(step.commands).toEqual([{ type: 'handover', reason: 'unrecognised reply' }]);
    expect(step.state).toBe('unrecognised');
  });

  it('when the survey gets no answer by the deadline, then the conversation is closed', () => {
    const step = run('survey', { type: 'DEADLINE' });
    expect(step.commands).toEqual([{ type: 'closeConversation', reason: 'no reply' }]);
    expect(step.state).toBe('expired');
  });

  it('when restored → persisted → restored while waiting for the score, then it resumes there', () => {
    const waiting = run('survey');
    const restored = runStep(followupMachine, { snapshot: JSON.parse(JSON.stringify(waiting.snapshot)) });
    expect(restored.commands).toEqual([]);
    const answered = runStep(followupMachine, { snapshot: JSON.parse(JSON.stringify(restored.snapshot)) }, reply('5'));
    expect(answered.state).toBe('highScore');
  });
});
