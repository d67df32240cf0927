import { describe, expect, it } from 'vitest';
import { createMemoryPorts } from '../simulate/memoryPorts.ts';
import { handleDeadline } from './handleDeadline.ts';
import { handleInbound } from './handleInbound.ts';
import { startFlow } from './startFlow.ts';

const conversationId = 'conversation-1';

async function reminderStarted() {
  const memory = createMemoryPorts({ now: new Date('2026-06-01T09:00:00Z') });
  const session = await startFlow(memory.ports, { conversationId, flow: 'reminder', locale: 'es', appointmentId: 'appt-1', deadlineHours: 12 });
  return { ...memory, session };
}

describe('handleDeadline', () => {
  it('when the deadline has passed without a reply, then the appointment is marked unanswered and the bot is done', async () => {
    const { ports, world, session } = await reminderStarted();
    world.now = new Date('2026-06-01T21:00:01Z');
    const result = await handleDeadline(ports, session.id);
    expect(result).toMatchObject({ outcome: 'handled', state: 'unanswered', session: { status: 'done' } });
    expect(world.appointments.get('appt-1')).toBe('unanswered');
  });

  it('when the job runs before the deadline, then nothing happens', async () => {
    const { ports, world, session } = await reminderStarted();
    world.now = new Date('2026-06-01T20:59:59Z');
    expect(await handleDeadline(ports, session.id)).toMatchObject({ outcome: 'not_due' });
    expect(world.appointments.has('appt-1')).toBe(false);
  });

  it('when the patient answered before the job ran, then the stale deadline changes nothing', async () => {
    const { ports, world, session } = await reminderStarted();
    await handleInbound(ports, { conversationId, text: 'sí' });
    world.now = new Date('2026-06-03T00:00:00Z');
    expect(await handleDeadline(ports, session.id)).toMatchObject({ outcome: 'not_due', session: { status: 'done' } });
    expect(world.appointments.get('appt-1')).toBe('confirmed');
  });

  it('when the session does not exist, then it fails with a 404 error', async () => {
    const { ports } = createMemoryPorts();
    await expect(handleDeadline(ports, 'missing')).rejects.toMatchObject({ code: 'session_not_found', httpStatus: 404 });
  });
});
