import { describe, expect, it } from 'vitest';
import { runStep } from '../../engine/runStep.ts';
import { recallMachine } from './recall.machine.ts';

const input = { locale: 'es' as const, recallId: 'recall-1', replyWindowHours: 72 };

function started() {
  return runStep(recallMachine, { input });
}

function afterReply(reply: { text?: string; button?: string }) {
  return runStep(recallMachine, { snapshot: roundTrip(started().snapshot) }, { type: 'REPLY', ...reply });
}

/** What PostgreSQL JSONB hands back. */
function roundTrip(snapshot: unknown): unknown {
  return JSON.parse(JSON.stringify(snapshot));
}

describe('recall machine', () => {
  it('when it starts, then it sends the recall template with the buttons Agendar cita / No gracias and waits', () => {
    const step = started();
    expect(step.commands).toEqual([{ type: 'sendTemplate', event: 'recall', locale: 'es', buttons: ['Agendar cita', 'No gracias'] }]);
    expect(step.state).toBe('awaitingAnswer');
    expect(step.finished).toBe(false);
  });

  it('when the patient presses "Agendar cita", then the recall is accepted, the bot asks mornings or afternoons and hands over', () => {
    const step = afterReply({ button: 'Agendar cita' });
    expect(step.commands).toEqual([
      { type: 'setRecallStatus', recallId: 'recall-1', status: 'accepted' },
      { type: 'sendTemplate', event: 'recall_accepted', locale: 'es' },
      { type: 'handover', reason: 'recall accepted' },
    ]);
    expect(step.state).toBe('accepted');
    expect(step.finished).toBe(true);
  });

  it('when the patient presses "No gracias", then the recall is rejected, the bot thanks and closes the conversation', () => {
    const step = afterReply({ button: 'No gracias' });
    expect(step.commands).toEqual([
      { type: 'setRecallStatus', recallId: 'recall-1', status: 'rejected' },
      { type: 'sendTemplate', event: 'recall_rejected', locale: 'es' },
      { type: 'closeConversation', reason: 'recall rejected' },
    ]);
    expect(step.state).toBe('rejected');
    expect(step.finished).toBe(true);
  });

  it.each([
    ['sí, quiero cita', 'accepted'],
    ['1', 'accepted'],
    ['no gracias', 'rejected'],
    ['2', 'rejected'],
  ])('when the patient types %j, then it counts as the matching button (%s)', (text, state) => {
    expect(afterReply({ text }).state).toBe(state);
  });

  it('when the patient writes something else, then the bot hands over with reason "unrecognised reply"', () => {
    const step = afterReply({ text: '¿Cuánto cuesta una limpieza?' });
    expect(step.commands).toEqual([{ type: 'handover', reason: 'unrecognised reply' }]);
    expect(step.state).toBe('unrecognised');
    expect(step.finished).toBe(true);
  });

  it('when the deadline passes without an answer, then the conversation is closed and the recall left as sent', () => {
    const step = runStep(recallMachine, { snapshot: roundTrip(started().snapshot) }, { type: 'DEADLINE' });
    expect(step.commands).toEqual([{ type: 'closeConversation', reason: 'no reply' }]);
    expect(step.state).toBe('expired');
  });

  it('when the snapshot is restored, persisted and restored again mid-flow, then the flow continues where it was', () => {
    const restored = runStep(recallMachine, { snapshot: roundTrip(started().snapshot) });
    expect(restored.commands).toEqual([]);
    const again = runStep(recallMachine, { snapshot: roundTrip(restored.snapshot) }, { type: 'REPLY', button: 'Agendar cita' });
    expect(again.state).toBe('accepted');
    expect(again.commands).toHaveLength(3);
  });
});
