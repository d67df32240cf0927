// Real socket.io clients authenticated like the inbox UI: with the session cookie from a real login.
import { io, type Socket } from 'socket.io-client';
import type { Platform } from '../../server/platform.ts';
import { ADMIN } from './testPlatform.ts';

export async function sessionCookie(baseUrl: string, credentials = ADMIN): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** The CSRF token of a session, as a second tab of the inbox gets it; writes with the bare cookie send it as X-CSRF-Token. */
export async function csrfTokenFor(baseUrl: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } });
  const { csrfToken } = (await res.json()) as { csrfToken: string | null };
  if (!csrfToken) throw new Error('no session behind this cookie');
  return csrfToken;
}

export async function connectSocket(baseUrl: string, cookie: string | null): Promise<Socket> {
  const socket = io(baseUrl, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** Everything a socket receives, by event name, to assert on later (and to prove what never came). */
export function recordEvents(socket: Socket) {
  const received: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return {
    received,
    /** The first matching event; with `after` (a count of `received` taken earlier), only one that came later. */
    async waitFor(event: string, matches: (payload: any) => boolean = () => true, timeoutMs = 2000, after = 0): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = received.slice(after).find((entry) => entry.event === event && matches(entry.payload));
        if (hit) return hit.payload;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${event} within ${timeoutMs} ms; got ${received.map((entry) => entry.event).join(', ') || 'nothing'}`);
    },
  };
}

export type { Platform };
