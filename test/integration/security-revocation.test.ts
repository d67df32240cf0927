// Revocation (issue 15): logging out, deactivating a colleague and changing a password end the sessions they
// should, on the API and on the open sockets alike.
import pg from 'pg';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../../server/platform.ts';
import { connectSocket, csrfTokenFor, recordEvents, sessionCookie } from '../support/sockets.ts';
import { createTestDatabaseTarget, testDbKind } from '../support/testDatabase.ts';
import { ADMIN, disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
const sockets: Socket[] = [];
let counter = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await platform.close();
});

async function newAgent() {
  const credentials = { email: `agente-${++counter}@sonrisa.test`, password: `agent-pass-${counter}-42` };
  const created = await admin.post('/api/users').send({ ...credentials, name: `Agente ${counter}`, role: 'agent' }).expect(201);
  return { id: created.body.id as string, credentials };
}

/** A logged-in session (its cookie) with a socket open on it. */
async function sessionWithSocket(credentials = ADMIN) {
  const cookie = await sessionCookie(platform.url, credentials);
  const socket = await connectSocket(platform.url, cookie);
  sockets.push(socket);
  return { cookie, socket, events: recordEvents(socket), disconnected: disconnectOf(socket) };
}

/** Watches for the server dropping the socket; the returned wait fails the test (instead of hanging) if it never does. */
function disconnectOf(socket: Socket): () => Promise<string> {
  let reason: string | null = null;
  const waiters: Array<(reason: string) => void> = [];
  socket.once('disconnect', (why) => {
    reason = why;
    for (const wake of waiters) wake(why);
  });
  return () =>
    new Promise((resolve, reject) => {
      if (reason !== null) return resolve(reason);
      const deadline = setTimeout(() => reject(new Error('the socket was not disconnected within 5 s')), 5000);
      waiters.push((why) => {
        clearTimeout(deadline);
        resolve(why);
      });
    });
}

const me = (cookie: string) => request(platform.url).get('/api/auth/me').set('cookie', cookie);

/** Proves a socket is still live without waiting on a clock: it receives the next clinic event. */
async function stillReceives(events: ReturnType<typeof recordEvents>) {
  const sent = await admin.post('/api/simulator/messages').send({ from: `+3460083${String(++counter).padStart(4, '0')}`, text: 'Hola' }).expect(201);
  await events.waitFor('message:new', (payload) => payload.conversationId === sent.body.conversationId);
}

describe('logout', () => {
  it('when a colleague logs out, then the socket of that session is disconnected and the cookie answers 401, while their other session keeps going', async () => {
    const { credentials } = await newAgent();
    const leaving = await sessionWithSocket(credentials);
    const otherTab = await sessionWithSocket(credentials);

    await request(platform.url).post('/api/auth/logout').set('cookie', leaving.cookie).set('x-csrf-token', await csrfTokenFor(platform.url, leaving.cookie)).expect(204);

    await leaving.disconnected();
    expect(leaving.socket.connected).toBe(false);
    await me(leaving.cookie).expect(401);
    await me(otherTab.cookie).expect(200);
    expect(otherTab.socket.connected).toBe(true);
    await stillReceives(otherTab.events);
  });
});

describe('deactivation', () => {
  it('when an admin deactivates an agent, then every socket of the agent is disconnected and the old cookie answers 401, even once reactivated', async () => {
    const agent = await newAgent();
    const first = await sessionWithSocket(agent.credentials);
    const second = await sessionWithSocket(agent.credentials);

    await admin.patch(`/api/users/${agent.id}`).send({ active: false }).expect(200);

    await Promise.all([first.disconnected(), second.disconnected()]);
    await me(first.cookie).expect(401);
    await me(second.cookie).expect(401);
    await admin.patch(`/api/users/${agent.id}`).send({ active: true }).expect(200);
    await me(first.cookie).expect(401);
  });

  it('when a deactivated agent tries to open a socket with the old cookie, then it is refused', async () => {
    const agent = await newAgent();
    const cookie = await sessionCookie(platform.url, agent.credentials);
    await admin.patch(`/api/users/${agent.id}`).send({ active: false }).expect(200);
    await expect(connectSocket(platform.url, cookie)).rejects.toThrow('unauthenticated');
  });
});

describe('password change', () => {
  it('when an admin sets an agent a new password, then the agent sockets are disconnected, the old cookie answers 401 and the new password logs in', async () => {
    const agent = await newAgent();
    const open = await sessionWithSocket(agent.credentials);

    await admin.patch(`/api/users/${agent.id}`).send({ password: 'brand-new-pass-42' }).expect(200);

    await open.disconnected();
    await me(open.cookie).expect(401);
    await expect(connectSocket(platform.url, open.cookie)).rejects.toThrow('unauthenticated');
    await sessionCookie(platform.url, { email: agent.credentials.email, password: 'brand-new-pass-42' });
  });

  it('when admins change their own password, then their other sessions end and the session that made the change keeps working', async () => {
    const changer = { email: `admin-${++counter}@sonrisa.test`, password: 'first-admin-pass-42' };
    const created = await admin.post('/api/users').send({ ...changer, role: 'admin' }).expect(201);
    const here = await sessionWithSocket(changer);
    const elsewhere = await sessionWithSocket(changer);

    const csrfToken = await csrfTokenFor(platform.url, here.cookie);
    await request(platform.url).patch(`/api/users/${created.body.id}`).set('cookie', here.cookie).set('x-csrf-token', csrfToken).send({ password: 'second-admin-pass-42' }).expect(200);

    await elsewhere.disconnected();
    await me(elsewhere.cookie).expect(401);
    await me(here.cookie).expect(200);
    expect(here.socket.connected).toBe(true);
    await stillReceives(here.events);
  });
});

describe.runIf(testDbKind() === 'postgres')('several instances', () => {
  it('when an admin on instance A deactivates an agent whose socket is on instance B, then B disconnects it', async () => {
    const target = await createTestDatabaseTarget();
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: target.url, SOCKET_ADAPTER: 'postgres', BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, WHATSAPP_WEB_SESSIONS: '0' };
    const a = await startPlatform({ env });
    const b = await startPlatform({ env });
    let socket: Socket | undefined;
    try {
      const adminOnA = await loginAgent(a);
      const credentials = { email: 'agente-b@sonrisa.test', password: 'agent-pass-b-42' };
      const agent = (await adminOnA.post('/api/users').send({ ...credentials, role: 'agent' }).expect(201)).body;
      socket = await connectSocket(b.url, await sessionCookie(b.url, credentials));
      const disconnected = disconnectOf(socket);
      // The adapter's LISTEN must be in place on both instances before A publishes.
      await waitForListeners(target.url!, 2);

      await adminOnA.patch(`/api/users/${agent.id}`).send({ active: false }).expect(200);

      await disconnected();
      expect(socket.connected).toBe(false);
    } finally {
      socket?.disconnect();
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
