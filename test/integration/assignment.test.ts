// Round-robin assignment among online agents, and release when an agent goes offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connectSocket, sessionCookie } from '../support/sockets.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(() => platform.close());

async function assigneeOf(conversationId: string, expected: (assigneeId: string | null) => boolean) {
  const deadline = Date.now() + 4000;
  for (;;) {
    const { assigneeId } = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    if (expected(assigneeId) || Date.now() > deadline) return assigneeId as string | null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('round-robin assignment', () => {
  it('when the clinic uses round-robin, then new conversations alternate between online agents, never offline ones, and an agent who leaves gives theirs back', async () => {
    await admin.patch('/api/clinic').send({ settings: { assignment: { mode: 'round_robin', offlineGraceSeconds: 1 } } }).expect(200);
    const people = [
      { email: 'ana.rr@sonrisa.test', password: 'ana-pass-4242' },
      { email: 'ben.rr@sonrisa.test', password: 'ben-pass-4242' },
      { email: 'off.rr@sonrisa.test', password: 'off-pass-4242' },
    ];
    const ids: string[] = [];
    for (const person of people) ids.push((await admin.post('/api/users').send(person).expect(201)).body.id);
    const [ana, ben, offline] = ids as [string, string, string];
    const sockets: Socket[] = [];
    for (const person of people.slice(0, 2)) sockets.push(await connectSocket(platform.url, await sessionCookie(platform.url, person)));

    const first = (await admin.post('/api/simulator/messages').send({ from: '+34600777001', text: 'Hola' }).expect(201)).body.conversationId;
    const second = (await admin.post('/api/simulator/messages').send({ from: '+34600777002', text: 'Hola' }).expect(201)).body.conversationId;
    const a = await assigneeOf(first, Boolean);
    const b = await assigneeOf(second, Boolean);
    expect([a, b].sort()).toEqual([ana, ben].sort());
    expect([a, b]).not.toContain(offline);

    // Ana leaves: after the grace period her conversation goes to Ben, who is still online.
    const anaSocket = sockets[a === ana ? 0 : 1]!;
    const anasConversation = a === ana ? first : second;
    anaSocket.disconnect();
    expect(await assigneeOf(anasConversation, (id) => id === ben)).toBe(ben);
    const trail = (await admin.get(`/api/conversations/${anasConversation}/events`).expect(200)).body.items;
    expect(trail.filter((e: { kind: string }) => e.kind === 'assign').map((e: { actorId: string }) => e.actorId)).toEqual(['round_robin', 'agent_offline', 'round_robin']);
    for (const socket of sockets) socket.disconnect();
  });

  it('when the clinic assigns by hand, then nobody is assigned automatically', async () => {
    await admin.patch('/api/clinic').send({ settings: { assignment: { mode: 'manual' } } }).expect(200);
    const socket = await connectSocket(platform.url, await sessionCookie(platform.url));
    const conversationId = (await admin.post('/api/simulator/messages').send({ from: '+34600777003', text: 'Hola' }).expect(201)).body.conversationId;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await admin.get(`/api/conversations/${conversationId}`).expect(200)).body.assigneeId).toBeNull();
    socket.disconnect();
  });
});
