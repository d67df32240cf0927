// One staff member's inbox (a child process): a socket.io client logged in with the session cookie, counting
// the `message:new` events of one load run, so "stored → socket" is measured, not assumed.
import { io } from 'socket.io-client';
import type { MessageNewEvent } from '../../server/contracts/realtime.ts';
import { parentLink, runChild } from './benchChild.ts';

export type AgentPlan = { url: string; cookie: string; tag: string };
export type AgentDrain = { expected: number; timeoutMs: number };
export type AgentReport = { received: number; duplicates: number; lastAt: number | null };

runChild(async () => {
  const parent = parentLink();
  const plan = await parent.next<AgentPlan>();
  const socket = io(plan.url, { transports: ['websocket'], extraHeaders: { cookie: plan.cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

  const mark = `[${plan.tag}#`;
  const seen = new Set<string>();
  let duplicates = 0;
  let lastAt: number | null = null;
  let arrived = () => {};
  socket.on('message:new', (event: MessageNewEvent) => {
    if (event.message.direction !== 'in' || !event.message.text?.includes(mark)) return;
    if (seen.has(event.message.id)) duplicates++;
    seen.add(event.message.id);
    lastAt = Date.now();
    arrived();
  });
  await parent.send({ connected: true });

  const drain = await parent.next<AgentDrain>();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, drain.timeoutMs);
    arrived = () => {
      if (seen.size < drain.expected) return;
      clearTimeout(timer);
      resolve();
    };
    arrived();
  });
  socket.close();
  await parent.send({ received: seen.size, duplicates, lastAt } satisfies AgentReport);
  parent.done();
});
