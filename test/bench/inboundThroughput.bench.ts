// Issue 14, "Throughput": signed Twilio inbound webhooks → stored → one staff socket, fired by a load
// generator in a second process at 50 concurrent, beside this run's bare Express 5 app doing the same form
// parse and the database's own single-row INSERT limit, so a regression shows as a ratio, not only a number.
import { randomBytes } from 'node:crypto';
import type { Platform } from '../../server/platform.ts';
import { forkBenchChild } from './benchChild.ts';
import { bareExpressRate, insertLimitRate, runWebhookLoad } from './baselines.ts';
import { expectOk, type BenchResult, type RateReport } from './measure.ts';
import type { AgentDrain, AgentPlan, AgentReport } from './socketAgent.child.ts';
import type { LoadPlan } from './webhookLoad.child.ts';

const CONCURRENCY = 50;
/** Known patients writing in turn; the warm-up's messages open their conversations. */
const SENDERS = 250;
const MAX_DURATION_MS = 15_000;
const BARE_COUNT = 10_000;
const TARGETS = {
  postgres: { label: 'PostgreSQL', minPerSecond: 2000, p99Ms: 50 as number | null, count: 10_000 },
  embedded: { label: 'PGlite', minPerSecond: 400, p99Ms: null as number | null, count: 4_000 },
};
const ACCOUNT = { accountSid: 'ACbe0c4be0c4be0c4be0c4be0c4be0c4b', authToken: 'bench-twilio-auth-token', number: '+34910000111' };

export async function benchInboundThroughput(platform: Platform, cookie: string): Promise<BenchResult[]> {
  const targets = TARGETS[platform.ctx.database.kind];
  const db = targets.label;
  const channelId = await createTwilioChannel(platform, cookie);
  const path = `/webhooks/twilio/${channelId}`;
  const plan = (tag: string, count: number): Omit<LoadPlan, 'target'> => ({
    account: ACCOUNT, signedUrl: `${platform.config.publicUrl}${path}`, senders: SENDERS, tag, path, concurrency: CONCURRENCY, warmup: SENDERS, count, maxDurationMs: MAX_DURATION_MS,
  });
  await waitForInboundJobs(platform);

  const bare = await bareExpressRate(plan(newTag(), BARE_COUNT));
  const insert = await insertLimitRate(platform, { concurrency: CONCURRENCY, warmup: SENDERS, count: targets.count, maxDurationMs: MAX_DURATION_MS });
  const { inbound, socket } = await inboundRate(platform, cookie, plan(newTag(), targets.count));

  const rate = `${whole(inbound.perSecond)} msg/s${inbound.stoppedEarly ? ` (stopped at ${MAX_DURATION_MS / 1000} s)` : ''}${inbound.failed ? ` · ${inbound.failed} FAILED: ${inbound.firstError}` : ''}`;
  const lag = socket.lastAt === null ? '' : ` · last ${Math.max(0, socket.lastAt - inbound.endedAt)} ms after the last ack`;
  return [
    { name: `inbound Twilio webhook, ${CONCURRENCY} concurrent (${db})`, measured: rate, target: `≥ ${targets.minPerSecond} msg/s`, met: inbound.failed === 0 && inbound.perSecond >= targets.minPerSecond },
    targets.p99Ms === null
      ? { name: `inbound webhook ack (${db})`, measured: latency(inbound), target: 'p99 ≤ 50 ms on PostgreSQL', met: true, info: true }
      : { name: `inbound webhook ack (${db})`, measured: latency(inbound), target: `p99 ≤ ${targets.p99Ms} ms`, met: inbound.p99 <= targets.p99Ms },
    { name: `inbound → socket message:new, one agent (${db})`, measured: `${socket.received} of ${inbound.ok} acked${socket.duplicates ? ` · ${socket.duplicates} twice` : ''}${lag}`, target: 'every acked message', met: socket.received >= inbound.ok && socket.duplicates === 0 },
    { name: 'baseline: bare Express 5, same form parse', measured: `${whole(bare.perSecond)} msg/s · ${latency(bare)}${bare.failed ? ` · ${bare.failed} failed` : ''}`, target: '', met: true, info: true },
    { name: `baseline: single-row INSERT limit (${db})`, measured: `${whole(insert.perSecond)} rows/s · ${latency(insert)}${insert.failed ? ` · ${insert.failed} failed: ${insert.firstError}` : ''}`, target: '', met: true, info: true },
    { name: 'inbound ÷ bare Express', measured: ratio(inbound, bare), target: '', met: true, info: true },
    { name: 'inbound ÷ INSERT limit', measured: ratio(inbound, insert), target: '', met: true, info: true },
  ];
}

/** The load run proper, with one staff socket connected before the first webhook and drained after the last. */
async function inboundRate(platform: Platform, cookie: string, plan: Omit<LoadPlan, 'target'>): Promise<{ inbound: RateReport; socket: AgentReport }> {
  const url = loopback(platform.url);
  const agent = forkBenchChild(new URL('./socketAgent.child.ts', import.meta.url));
  try {
    agent.send({ url, cookie, tag: plan.tag } satisfies AgentPlan);
    await agent.next<{ connected: true }>();
    // Measured in steady state: the warm-up's messages handled and the new rows' statistics known to the planner,
    // as on a clinic's database that has been running (autovacuum analyses tables there).
    const inbound = await runWebhookLoad({ ...plan, target: url }, async () => {
      await waitForInboundJobs(platform);
      await platform.ctx.database.pool.query('ANALYZE patients, conversations, messages, inbound_jobs');
    });
    agent.send({ expected: inbound.ok, timeoutMs: 15_000 } satisfies AgentDrain);
    return { inbound, socket: await agent.next<AgentReport>() };
  } finally {
    await agent.stop();
  }
}

/** A Twilio SMS channel created through the API, as an admin does (and as the tests do). */
async function createTwilioChannel(platform: Platform, cookie: string): Promise<string> {
  const { csrfToken } = (await (await fetch(`${platform.url}/api/auth/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  const res = await fetch(`${platform.url}/api/channels`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'twilio_sms', name: 'SMS (bench)', config: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken, from: ACCOUNT.number } }),
  });
  return ((await expectOk(res, 'create the Twilio channel')) as { id: string }).id;
}

/** Earlier benchmarks' inbound jobs are handled first, so the baselines do not share the machine with them. */
async function waitForInboundJobs(platform: Platform, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await platform.ctx.database.pool.query<{ open: number }>(`select count(*)::int as open from inbound_jobs where state in ('pending', 'processing')`);
    if (rows[0]!.open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const newTag = () => randomBytes(4).toString('hex');
const loopback = (url: string) => url.replace('//localhost:', '//127.0.0.1:');
const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const latency = (r: RateReport) => `p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms`;
const ratio = (r: RateReport, base: RateReport) => `${(r.perSecond / base.perSecond).toFixed(3)}× (${whole(r.perSecond)} / ${whole(base.perSecond)} per s)`;
