// Socket hijacking (issue 15): a page on another origin must not open the staff socket with the cookie.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents, sessionCookie } from '../support/sockets.ts';
import { disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let cookie: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  cookie = await sessionCookie(platform.url);
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await platform.close();
});

/** A WebSocket opened as a browser would: with the staff cookie and the page's Origin. */
function openSocket(headers: Record<string, string>): { socket: Socket; outcome: Promise<{ connected: true } | { connected: false; message: string }> } {
  const socket = io(platform.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  sockets.push(socket);
  const outcome = new Promise<{ connected: true } | { connected: false; message: string }>((resolve) => {
    socket.once('connect', () => resolve({ connected: true }));
    socket.once('connect_error', (error) => resolve({ connected: false, message: error.message }));
  });
  return { socket, outcome };
}

describe('socket handshake origin', () => {
  it('when a page on another origin opens the socket with the staff cookie, then the handshake is refused', async () => {
    const { outcome } = openSocket({ cookie, origin: 'http://evil.example' });
    expect(await outcome).toEqual({ connected: false, message: 'forbidden_origin' });
  });

  it('when a page on another port of the same host opens the socket, then it is refused too', async () => {
    const port = Number(new URL(platform.url).port);
    const { outcome } = openSocket({ cookie, origin: `http://localhost:${port === 65535 ? port - 1 : port + 1}` });
    expect(await outcome).toEqual({ connected: false, message: 'forbidden_origin' });
  });

  it('when the inbox UI opens the socket from its own origin, then it connects and receives its clinic events', async () => {
    const { socket, outcome } = openSocket({ cookie, origin: new URL(platform.url).origin });
    expect(await outcome).toEqual({ connected: true });
    const events = recordEvents(socket);
    const sent = await admin.post('/api/simulator/messages').send({ from: '+34600820001', text: 'Hola' }).expect(201);
    await events.waitFor('message:new', (payload) => payload.conversationId === sent.body.conversationId);
  });

  it('when a client sends no Origin (not a browser), then the cookie alone still authenticates it', async () => {
    const { outcome } = openSocket({ cookie });
    expect(await outcome).toEqual({ connected: true });
  });

  it('when the Origin is right but there is no cookie, then it is still unauthenticated', async () => {
    const { outcome } = openSocket({ origin: new URL(platform.url).origin });
    expect(await outcome).toEqual({ connected: false, message: 'unauthenticated' });
  });
});
