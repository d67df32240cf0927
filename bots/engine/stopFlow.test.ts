import { describe, expect, it } from 'vitest';
import { createMemoryPorts } from '../simulate/memoryPorts.ts';
import { handleDeadline } from './handleDeadline.ts';
import { handleInbound } from './handleInbound.ts';
import { startFlow } from './startFlow.ts';
import { stopFlow } from './stopFlow.ts';

const conversationId = 'conversation-1';

describe('stopFlow', () => {
  it('when a person takes over, then the bot stops and later replies and deadlines no longer reach it', async () => {
    const { ports, world } = createMemoryPorts();
    const session = await startFlow(ports, { conversationId, flow: 'reminder', locale: 'es', appointmentId: 'appt-1' });
    const stopped = await stopFlow(ports, conversationId, 'human takeover');
    expect(stopped).toMatchObject({ id: session.id, status: 'stopped', endReason: 'human takeover', deadlineAt: null });
    expect(await handleInbound(ports, { conversationId, text: 'sí' })).toEqual({ outcome: 'no_active_flow' });
    world.now = new Date('2026-07-01T00:00:00Z');
    expect(await handleDeadline(ports, session.id)).toMatchObject({ outcome: 'not_due' });
    expect(world.appointments.has('appt-1')).toBe(false);
    expect(world.botEvents.at(-1)?.event).toEqual({ kind: 'bot_stopped', sessionId: session.id, flow: 'reminder', reason: 'human takeover' });
  });

  it('when no flow is active, then it returns null', async () => {
    const { ports } = createMemoryPorts();
    expect(await stopFlow(ports, conversationId, 'human takeover')).toBeNull();
  });
});
