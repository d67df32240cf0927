import { describe, expect, it } from 'vitest';
import type { BotPorts } from '../ports.ts';
import { createMemoryPorts } from '../simulate/memoryPorts.ts';
import { handleInbound } from './handleInbound.ts';
import { startFlow } from './startFlow.ts';

const conversationId = 'conversation-1';

/** The in-memory ports with the latency of a real database and provider, so interleaving could happen. */
function slowPorts(ports: BotPorts): BotPorts {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
  return {
    ...ports,
    loadActiveSession: async (id) => {
      await pause();
      return ports.loadActiveSession(id);
    },
    sendTemplate: async (...args) => {
      await pause();
      return ports.sendTemplate(...args);
    },
  };
}

describe('handleInbound', () => {
  it('when no flow is active, then it says so and does nothing', async () => {
    const { ports, world } = createMemoryPorts();
    expect(await handleInbound(ports, { conversationId, text: 'Hola' })).toEqual({ outcome: 'no_active_flow' });
    expect(world.calls).toEqual([]);
  });

  it('when two replies arrive together, then they are processed one after the other in arrival order', async () => {
    const { ports: fast, world } = createMemoryPorts();
    const ports = slowPorts(fast);
    await startFlow(ports, { conversationId, flow: 'reminder', locale: 'es', appointmentId: 'appt-1' });
    const [first, second] = await Promise.all([
      handleInbound(ports, { conversationId, text: 'Cancelar' }),
      handleInbound(ports, { conversationId, text: 'sí' }),
    ]);
    expect(first).toMatchObject({ outcome: 'handled', state: 'awaitingRebooking' });
    expect(second).toMatchObject({ outcome: 'handled', state: 'rebooking' });
    expect(world.calls).toEqual([
      'bot_started',
      'sendTemplate:reminder',
      'setAppointmentStatus:cancelled',
      'sendTemplate:reminder_cancelled',
      'sendTemplate:rebook_offer',
      'handover:wants to rebook',
      'bot_done',
    ]);
  });

  it('when the patient answers, then the snapshot is persisted and the deadline renewed from the reply time', async () => {
    const { ports, world } = createMemoryPorts({ now: new Date('2026-06-01T09:00:00Z') });
    const session = await startFlow(ports, { conversationId, flow: 'reminder', locale: 'es', appointmentId: 'appt-1' });
    world.now = new Date('2026-06-01T20:00:00Z');
    await handleInbound(ports, { conversationId, button: 'Cancelar' });
    const stored = world.sessions.get(session.id);
    expect(stored?.snapshot).toMatchObject({ status: 'active', value: 'awaitingRebooking' });
    expect(stored?.deadlineAt).toEqual(new Date('2026-06-02T20:00:00Z'));
  });

  it('when the process restarts mid-flow, then fresh ports over the same store resume the flow', async () => {
    const first = createMemoryPorts();
    await startFlow(first.ports, { conversationId, flow: 'recall', locale: 'fr', recallId: 'recall-1' });
    const restarted = createMemoryPorts({ world: first.world });
    const result = await handleInbound(restarted.ports, { conversationId, button: 'Prendre rendez-vous' });
    expect(result).toMatchObject({ outcome: 'handled', state: 'accepted', session: { status: 'done', endReason: 'accepted' } });
    expect(first.world.recalls.get('recall-1')).toBe('accepted');
    expect(first.world.conversations.get(conversationId)).toEqual({ state: 'human', reason: 'recall accepted' });
  });

  it('when the patient sends STOP, then the flow stops without another message', async () => {
    const { ports, world } = createMemoryPorts();
    const session = await startFlow(ports, { conversationId, flow: 'recall', locale: 'es', recallId: 'recall-1' });
    const result = await handleInbound(ports, { conversationId, text: 'BAJA' });
    expect(result).toMatchObject({ outcome: 'opted_out', session: { status: 'stopped', endReason: 'patient opted out' } });
    expect(world.sessions.get(session.id)?.status).toBe('stopped');
    expect(world.messages.filter((message) => message.author === 'bot')).toHaveLength(1);
  });

  it('when a reply comes after the flow finished, then no flow handles it', async () => {
    const { ports } = createMemoryPorts();
    await startFlow(ports, { conversationId, flow: 'recall', locale: 'es', recallId: 'recall-1' });
    await handleInbound(ports, { conversationId, button: 'No gracias' });
    expect(await handleInbound(ports, { conversationId, text: 'gracias a vosotros' })).toEqual({ outcome: 'no_active_flow' });
  });

  it('when the stored snapshot names a state the flow no longer has, then the bot stops and hands the conversation over', async () => {
    const { ports, world } = createMemoryPorts();
    const session = await startFlow(ports, { conversationId, flow: 'recall', locale: 'es', recallId: 'recall-1' });
    const stored = world.sessions.get(session.id);
    if (!stored) throw new Error('session not stored');
    world.sessions.set(session.id, { ...stored, snapshot: { status: 'active', value: 'renamedState', context: {}, children: {} } });
    const result = await handleInbound(ports, { conversationId, text: 'sí' });
    expect(result).toMatchObject({ outcome: 'failed', session: { status: 'stopped', endReason: 'bot could not resume' } });
    expect(world.conversations.get(conversationId)).toEqual({ state: 'human', reason: 'bot could not resume' });
    expect(world.recalls.has('recall-1')).toBe(false);
  });
});
