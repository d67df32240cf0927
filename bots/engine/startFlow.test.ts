import { describe, expect, it } from 'vitest';
import { createMemoryPorts } from '../simulate/memoryPorts.ts';
import { BotFlowError } from './BotFlowError.ts';
import { startFlow } from './startFlow.ts';

const conversationId = 'conversation-1';

describe('startFlow', () => {
  it('when a reminder starts, then the session is active with a deadline and the reminder went out with buttons', async () => {
    const { ports, world } = createMemoryPorts({ now: new Date('2026-06-01T09:00:00Z') });
    const session = await startFlow(ports, { conversationId, flow: 'reminder', locale: 'es', appointmentId: 'appt-1' });
    expect(session).toMatchObject({ status: 'active', flow: 'reminder', appointmentId: 'appt-1', recallId: null });
    expect(session.deadlineAt).toEqual(new Date('2026-06-02T09:00:00Z'));
    expect(world.messages).toEqual([
      expect.objectContaining({ author: 'bot', event: 'reminder', buttons: ['Confirmar', 'Cancelar'] }),
    ]);
    expect(world.conversations.get(conversationId)?.state).toBe('bot');
    expect(world.calls).toEqual(['bot_started', 'sendTemplate:reminder']);
  });

  it('when a flow starts where another is active, then the old one ends first, recorded as replaced', async () => {
    const { ports, world } = createMemoryPorts();
    const reminder = await startFlow(ports, { conversationId, flow: 'reminder', locale: 'es', appointmentId: 'appt-1' });
    const recall = await startFlow(ports, { conversationId, flow: 'recall', locale: 'es', recallId: 'recall-1' });
    expect(world.sessions.get(reminder.id)).toMatchObject({ status: 'stopped', endReason: 'replaced by recall' });
    expect(world.sessions.get(recall.id)?.status).toBe('active');
    expect(world.botEvents.map(({ event }) => event.kind)).toEqual(['bot_started', 'bot_stopped', 'bot_started']);
  });

  it('when a reminder is started without an appointment, then it refuses with a 400 error and changes nothing', async () => {
    const { ports, world } = createMemoryPorts();
    const attempt = startFlow(ports, { conversationId, flow: 'reminder', locale: 'es' });
    await expect(attempt).rejects.toMatchObject({ code: 'appointment_required', httpStatus: 400 });
    await expect(startFlow(ports, { conversationId, flow: 'recall', locale: 'es' })).rejects.toBeInstanceOf(BotFlowError);
    expect(world.sessions.size).toBe(0);
    expect(world.calls).toEqual([]);
  });

  it('when a thank-you follow-up starts, then it is sent and the session is done at once', async () => {
    const { ports, world } = createMemoryPorts();
    const session = await startFlow(ports, { conversationId, flow: 'followup', locale: 'it', followupKind: 'thanks' });
    expect(session).toMatchObject({ status: 'done', endReason: 'thanked', deadlineAt: null });
    expect(world.messages[0]).toMatchObject({ event: 'followup_thanks', text: 'Grazie per la visita. A presto!' });
    expect(world.botEvents.at(-1)?.event).toMatchObject({ kind: 'bot_done', finalState: 'thanked' });
  });

  it('when a deadline of null hours is asked, then the session waits without a deadline', async () => {
    const { ports } = createMemoryPorts();
    const session = await startFlow(ports, { conversationId, flow: 'recall', locale: 'es', recallId: 'recall-1', deadlineHours: null });
    expect(session.deadlineAt).toBeNull();
  });
});
