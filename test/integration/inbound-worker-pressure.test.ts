// While patients' messages queue to be stored (a burst), the inbound worker takes one job at a time so the
// acknowledgements keep the CPU; otherwise it takes a batch (one job per conversation) at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startInboundWorker } from '../../server/jobs/inboundWorker.ts';
import type { InboundJobRow } from '../../server/modules/inbox/inboundJobs.repository.ts';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { freePort } from '../support/freePort.ts';
import { disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

const ACCOUNT = 'AC0000000000000000000000000000f00d';
const TOKEN = 'pressure-token';

let platform: TestPlatform;
let webhookUrl: string;

beforeAll(async () => {
  const port = await freePort();
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, INBOUND_WORKER: '0' });
  const admin = await loginAgent(platform);
  await disableAutoReply(admin);
  const channel = await admin.post('/api/channels').send({ type: 'twilio_sms', name: 'SMS', config: { accountSid: ACCOUNT, authToken: TOKEN, from: '+34910000099' } }).expect(201);
  webhookUrl = `http://127.0.0.1:${port}/webhooks/twilio/${channel.body.id}`;
});
afterAll(() => platform.close());

let sid = 0;
async function storeMessagesFromDifferentPatients(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const messageSid = `SM${String(++sid).padStart(32, '0')}`;
    const res = await postAsTwilio(webhookUrl, TOKEN, { AccountSid: ACCOUNT, MessageSid: messageSid, From: `+3465099${String(sid).padStart(4, '0')}`, To: '+34910000099', Body: 'hola', NumMedia: '0' });
    expect(res.status).toBe(200);
  }
}

/** Runs a worker over the stored jobs and reports the most jobs it had in hand at once. */
async function mostAtOnce(underPressure: boolean): Promise<number> {
  let inHand = 0;
  let most = 0;
  const handled = new Set<string>();
  const worker = await startInboundWorker({
    jobs: platform.ctx.repos.inboundJobs,
    handle: async (job: InboundJobRow) => {
      inHand += 1;
      most = Math.max(most, inHand);
      // Yield so that jobs claimed together overlap; the count, not the time, is what is asserted.
      await new Promise((resolve) => setTimeout(resolve, 5));
      handled.add(job.id);
      inHand -= 1;
    },
    onFailed: async () => undefined,
    signal: platform.ctx.inbox.inbound,
    owner: `pressure-test-${underPressure}`,
    retry: { baseDelayMs: 10, maxDelayMs: 10, maxAttempts: 3 },
    logger: platform.ctx.logger,
    batchSize: 10,
    underPressure: () => underPressure,
  });
  try {
    await waitFor(async () => (await platform.ctx.db.execute<{ open: number }>(sql`SELECT count(*)::int AS open FROM inbound_jobs WHERE state IN ('pending', 'processing')`)).rows[0]!.open, (open) => open === 0, 20_000);
  } finally {
    await worker.stop();
  }
  expect(handled.size).toBeGreaterThanOrEqual(6);
  return most;
}

describe('inbound worker under a burst', () => {
  it('when messages are waiting to be stored, then the worker handles one job at a time; when not, several at once', async () => {
    await storeMessagesFromDifferentPatients(6);
    expect(await mostAtOnce(true)).toBe(1);
    await storeMessagesFromDifferentPatients(6);
    expect(await mostAtOnce(false)).toBeGreaterThan(1);
  });
});
