// Several instances behind a load balancer: an event raised on one reaches sockets connected to another,
// through the socket.io PostgreSQL adapter on the same database.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPlatform } from '../../server/platform.ts';
import { connectSocket, recordEvents, sessionCookie } from '../support/sockets.ts';
import { createTestDatabaseTarget, testDbKind } from '../support/testDatabase.ts';
import { ADMIN, addClinic, loginAgent } from '../support/testPlatform.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisReachable = await fetchRedisPing(REDIS_URL);
if (!redisReachable) console.warn(`no Redis at ${REDIS_URL}: only the PostgreSQL adapter is tested`);
const ADAPTERS = [{ adapter: 'postgres' }, ...(redisReachable ? [{ adapter: 'redis' }] : [])];

describe.runIf(testDbKind() === 'postgres')('two instances on one PostgreSQL', () => {
  it.each(ADAPTERS)('when a patient writes through instance A, then an agent connected to instance B sees it live through the $adapter adapter, and another clinic does not', async ({ adapter }) => {
    const target = await createTestDatabaseTarget();
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: target.url, SOCKET_ADAPTER: adapter, REDIS_URL, BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password };
    const a = await startPlatform({ env });
    const b = await startPlatform({ env });
    const sockets: Array<{ disconnect: () => void }> = [];
    try {
      const other = await addClinic(a, 'Otra clínica');
      const onB = await connectSocket(b.url, await sessionCookie(b.url));
      const foreignOnB = await connectSocket(b.url, await sessionCookie(b.url, other.admin));
      sockets.push(onB, foreignOnB);
      const events = recordEvents(onB);
      const foreign = recordEvents(foreignOnB);
      // The adapter's LISTEN must be in place on B before A publishes: wait for both instances' LISTEN sessions.
      if (adapter === 'postgres') await waitForListeners(target.url!, 2);

      const agentOnA = await loginAgent(a);
      const { conversationId } = (await agentOnA.post('/api/simulator/messages').send({ from: '+34600555111', text: 'Hola desde A' }).expect(201)).body;
      const live = await events.waitFor('message:new', (p) => p.conversationId === conversationId, 5000);
      expect(live.message.text).toBe('Hola desde A');
      await events.waitFor('conversation:updated', (p) => p.conversation.id === conversationId, 5000);
      expect(foreign.received).toEqual([]);
    } finally {
      for (const socket of sockets) socket.disconnect();
      await Promise.all([a.close(), b.close()]);
      await target.drop();
    }
  });
});

async function waitForListeners(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'");
      if (rows[0]!.n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

async function fetchRedisPing(url: string): Promise<boolean> {
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit();
  }
}
