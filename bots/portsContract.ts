// The behaviour the runtime relies on from any BotPorts implementation, as a reusable Vitest suite. The server
// runs it against its PostgreSQL ports; bots run it against the in-memory ones (portsContract.test.ts):
//   describeBotPortsContract('database ports', async () => ({ ports, conversationId }));
import { describe, expect, it } from 'vitest';
import type { BotPorts, BotSession } from './ports.ts';

export interface ContractFixture {
  ports: BotPorts;
  /** An existing conversation with no bot session yet. */
  conversationId: string;
}

export function describeBotPortsContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`BotPorts contract: ${name}`, () => {
    it('when a session is saved, then it loads back by id and as the active one, snapshot and dates intact', async () => {
      const { ports, conversationId } = await setup();
      const session = sessionFor(ports, conversationId);
      await ports.saveSession(session);
      expect(await ports.loadSession(session.id)).toEqual(session);
      expect(await ports.loadActiveSession(conversationId)).toEqual(session);
    });

    it('when a session is saved again as done, then it is no longer the active one', async () => {
      const { ports, conversationId } = await setup();
      const session = sessionFor(ports, conversationId);
      await ports.saveSession(session);
      const done: BotSession = { ...session, status: 'done', endReason: 'accepted', endedAt: ports.now(), deadlineAt: null };
      await ports.saveSession(done);
      expect(await ports.loadActiveSession(conversationId)).toBeNull();
      expect(await ports.loadSession(session.id)).toMatchObject({ status: 'done', endReason: 'accepted' });
    });

    it('when a second active session is saved for the same conversation, then it is refused', async () => {
      const { ports, conversationId } = await setup();
      await ports.saveSession(sessionFor(ports, conversationId));
      await expect(ports.saveSession(sessionFor(ports, conversationId))).rejects.toThrow();
    });

    it('when two locked calls for one conversation run together, then the second starts after the first ends', async () => {
      const { ports, conversationId } = await setup();
      const order: string[] = [];
      const work = (label: string, ms: number) => async () => {
        order.push(`${label} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${label} end`);
        return label;
      };
      const results = await Promise.all([ports.withConversationLock(conversationId, work('first', 30)), ports.withConversationLock(conversationId, work('second', 1))]);
      expect(results).toEqual(['first', 'second']);
      expect(order).toEqual(['first start', 'first end', 'second start', 'second end']);
    });

    it('when a locked call fails, then its error reaches the caller and the next call still runs', async () => {
      const { ports, conversationId } = await setup();
      const failing = ports.withConversationLock(conversationId, async () => {
        throw new Error('provider down');
      });
      await expect(failing).rejects.toThrow('provider down');
      expect(await ports.withConversationLock(conversationId, async () => 'next')).toBe('next');
    });
  });
}

function sessionFor(ports: BotPorts, conversationId: string): BotSession {
  const now = ports.now();
  return {
    id: ports.newId(),
    conversationId,
    flow: 'recall',
    status: 'active',
    snapshot: { status: 'active', value: 'awaitingAnswer', context: { locale: 'es', recallId: 'r-1', replyWindowHours: 72 }, children: {} },
    deadlineAt: new Date(now.getTime() + 3_600_000),
    appointmentId: null,
    recallId: null,
    endReason: null,
    startedAt: now,
    endedAt: null,
  };
}
