// Staff change their own password (proving the current one) and can sign out everywhere: the other sessions
// end, and with them their sockets.
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, sessionCookie } from '../support/sockets.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
const sockets: Socket[] = [];
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await platform?.close();
});

const asCookie = (cookie: string) => (path: string) => request(platform.url).get(path).set('Cookie', cookie);
const disconnected = (socket: Socket) => new Promise<void>((resolve) => (socket.connected ? socket.once('disconnect', () => resolve()) : resolve()));

async function newAgent(email: string, password: string) {
  const admin = await loginAgent(platform);
  await admin.post('/api/users').send({ email, password, name: 'Recepción', role: 'agent' }).expect(201);
  return { email, password };
}

describe('own password and signing out everywhere', () => {
  it('when an agent changes their password, then the current one must be given, the old one stops working, and only the session that changed it survives', async () => {
    const agent = await newAgent('cambia@sonrisa.test', 'first-pass-42');
    const here = await loginAgent(platform, agent);
    const elsewhere = await sessionCookie(platform.url, agent);
    const socket = await connectSocket(platform.url, elsewhere);
    sockets.push(socket);

    const wrong = await here.post('/api/auth/password').send({ currentPassword: 'not-it', newPassword: 'second-pass-42' }).expect(400);
    expect(wrong.body.error.field).toBe('currentPassword');
    await here.post('/api/auth/password').send({ currentPassword: 'first-pass-42', newPassword: 'second-pass-42' }).expect(204);

    await disconnected(socket);
    await asCookie(elsewhere)('/api/auth/me').expect(401);
    await here.get('/api/auth/me').expect(200);
    await request(platform.url).post('/api/auth/login').send(agent).expect(401);
    await request(platform.url).post('/api/auth/login').send({ ...agent, password: 'second-pass-42' }).expect(200);
  });

  it('when someone signs out everywhere, then every session of theirs ends, this one included', async () => {
    const agent = await newAgent('sale@sonrisa.test', 'leave-pass-42');
    const here = await loginAgent(platform, agent);
    const elsewhere = await sessionCookie(platform.url, agent);
    const socket = await connectSocket(platform.url, elsewhere);
    sockets.push(socket);
    await here.post('/api/auth/logout-all').expect(204);
    await disconnected(socket);
    await asCookie(elsewhere)('/api/auth/me').expect(401);
    await here.get('/api/auth/me').expect(401);
  });
});
