import { describe, expect, it } from 'vitest';
import type { FlowEvent } from '../commands.ts';
import { runStep } from '../../engine/runStep.ts';
import { reminderMachine } from './reminder.machine.ts';

const input = { locale: 'es' as const, appointmentIds: ['appt-1'], replyWindowHours: 24 };
const one = { appointmentIds: ['appt-1'] };

/** Start the flow, then feed each event through a JSON round trip, as the runtime does with PostgreSQL. */
function run(...events: FlowEvent[]) {
  return runWith(input, ...events);
}
function runWith(start: unknown, ...events: FlowEvent[]) {
  let step = runStep(reminderMachine, { input: start });
  for (const event of events) step = runStep(reminderMachine, { snapshot: JSON.parse(JSON.stringify(step.snapshot)) }, event);
  return step;
}
const reply = (text: string): FlowEvent => ({ type: 'REPLY', text });

describe('reminder machine', () => {
  it('when it starts, then it sends the reminder with confirm / cancel buttons and waits', () => {
    const step = run();
    expect(step.commands).toEqual([{ type: 'sendTemplate', event: 'reminder', locale: 'es', buttons: ['Confirmar', 'Cancelar'], ...one }]);
    expect(step.state).toBe('awaitingConfirmation');
  });

  it('when the patient confirms, then the appointment is confirmed, the confirmation sent and the conversation closed', () => {
    const step = run(reply('Sí 👍'));
    expect(step.commands).toEqual([
      { type: 'setAppointmentStatus', appointmentIds: ['appt-1'], status: 'confirmed' },
      { type: 'sendTemplate', event: 'reminder_confirmed', locale: 'es', ...one, appointmentStatus: 'confirmed' },
      { type: 'closeConversation', reason: 'appointment confirmed' },
    ]);
    expect(step.finished).toBe(true);
    expect(step.state).toBe('confirmed');
  });

  it('when the patient cancels, then the appointment is cancelled, the cancellation and the rebooking offer sent', () => {
    const step = run(reply('cancelar'));
    expect(step.commands).toEqual([
      { type: 'setAppointmentStatus', appointmentIds: ['appt-1'], status: 'cancelled' },
      { type: 'sendTemplate', event: 'reminder_cancelled', locale: 'es', ...one, appointmentStatus: 'cancelled' },
      { type: 'sendTemplate', event: 'rebook_offer', locale: 'es', buttons: ['Sí', 'No'], ...one, appointmentStatus: 'cancelled' },
    ]);
    expect(step.state).toBe('awaitingRebooking');
    expect(step.finished).toBe(false);
  });

  it('when the patient says yes to rebooking, then the bot hands over with reason "wants to rebook"', () => {
    const step = run(reply('No'), reply('sí'));
    expect(step.commands).toEqual([{ type: 'handover', reason: 'wants to rebook' }]);
    expect(step.state).toBe('rebooking');
  });

  it('when the patient says no to rebooking, then the conversation is closed', () => {
    const step = run(reply('2'), reply('no, gracias'));
    expect(step.commands).toEqual([{ type: 'closeConversation', reason: 'no rebooking' }]);
    expect(step.state).toBe('notRebooking');
  });

  it('when the rebooking answer is unclear, then the bot hands over with reason "unrecognised reply"', () => {
    const step = run(reply('❌'), reply('¿y el jueves?'));
    expect(step.commands).toEqual([{ type: 'handover', reason: 'unrecognised reply' }]);
  });

  it('when the rebooking offer gets no answer by the deadline, then the conversation is closed', () => {
    const step = run(reply('anular'), { type: 'DEADLINE' });
    expect(step.commands).toEqual([{ type: 'closeConversation', reason: 'no reply' }]);
    expect(step.state).toBe('notRebooking');
  });

  it('when the reply is unrecognised, then the bot hands over with reason "unrecognised reply"', () => {
    const step = run(reply('¿Puedo llevar a mi hijo?'));
    expect(step.commands).toEqual([{ type: 'handover', reason: 'unrecognised reply' }]);
    expect(step.state).toBe('unrecognised');
  });

  it('when nobody answers by the deadline, then the appointment is marked unanswered', () => {
    const step = run({ type: 'DEADLINE' });
    expect(step.commands).toEqual([
      { type: 'markAppointmentUnanswered', appointmentIds: ['appt-1'] },
      { type: 'closeConversation', reason: 'no reply' },
    ]);
    expect(step.state).toBe('unanswered');
  });

  it('when restored → persisted → restored while waiting for the rebooking answer, then it resumes there', () => {
    const waiting = run(reply('cancelar'));
    const restored = runStep(reminderMachine, { snapshot: JSON.parse(JSON.stringify(waiting.snapshot)) });
    expect(restored.commands).toEqual([]);
    expect(restored.state).toBe('awaitingRebooking');
    const answered = runStep(reminderMachine, { snapshot: JSON.parse(JSON.stringify(restored.snapshot)) }, reply('sí'));
    expect(answered.commands).toEqual([{ type: 'handover', reason: 'wants to rebook' }]);
  });

  it('when the flow runs in English, then the buttons are English', () => {
    const step = runStep(reminderMachine, { input: { ...input, locale: 'en' } });
    expect(step.commands[0]).toMatchObject({ buttons: ['Confirm', 'Cancel'], locale: 'en' });
  });

  describe('for several appointments the same day', () => {
    const several = { ...input, appointmentIds: ['appt-1', 'appt-2'] };
    const both = { appointmentIds: ['appt-1', 'appt-2'] };

    it('when it starts, then one reminder lists them all, with the same buttons', () => {
      expect(runWith(several).commands).toEqual([{ type: 'sendTemplate', event: 'reminder_multi', locale: 'es', buttons: ['Confirmar', 'Cancelar'], ...both }]);
    });

    it('when the patient confirms, then every appointment is confirmed and one confirmation names them', () => {
      const step = runWith(several, { type: 'REPLY', button: 'Confirmar' });
      expect(step.commands).toEqual([
        { type: 'setAppointmentStatus', ...both, status: 'confirmed' },
        { type: 'sendTemplate', event: 'reminder_multi_confirmed', locale: 'es', ...both, appointmentStatus: 'confirmed' },
        { type: 'closeConversation', reason: 'appointment confirmed' },
      ]);
    });

    it('when the patient cancels, then every appointment is cancelled, one cancellation, then the rebooking offer', () => {
      const step = runWith(several, reply('NO'));
      expect(step.commands).toEqual([
        { type: 'setAppointmentStatus', ...both, status: 'cancelled' },
        { type: 'sendTemplate', event: 'reminder_multi_cancelled', locale: 'es', ...both, appointmentStatus: 'cancelled' },
        { type: 'sendTemplate', event: 'rebook_offer', locale: 'es', buttons: ['Sí', 'No'], ...both, appointmentStatus: 'cancelled' },
      ]);
    });

    it('when nobody answers by the deadline, then every appointment is marked unanswered', () => {
      expect(runWith(several, { type: 'DEADLINE' }).commands[0]).toEqual({ type: 'markAppointmentUnanswered', ...both });
    });
  });

  it('when a snapshot saved before several appointments were possible is restored, then its one appointment is answered', () => {
    const waiting = run();
    const snapshot = JSON.parse(JSON.stringify(waiting.snapshot));
    snapshot.context = { locale: 'es', appointmentId: 'appt-old', replyWindowHours: 24 };
    const answered = runStep(reminderMachine, { snapshot }, reply('sí'));
    expect(answered.commands[0]).toEqual({ type: 'setAppointmentStatus', appointmentIds: ['appt-old'], status: 'confirmed' });
  });
});
