// Honest sending: a send the provider may have taken (it accepted the request, then its answer was lost) is
// never repeated blindly. The next attempt asks Twilio's Messages list first; only "not there" sends again.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOutbound } from '../../server/modules/inbox/sendOutbound.ts';
import { dispatchOutbox, UNCONFIRMED_SEND_ERROR, type DispatchDeps } from '../../server/modules/outbox/dispatchOutbox.ts';
import type { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import type { TestPlatform } from '../support/testPlatform.ts';
import { startOutboxSetting, type OutboxSetting } from './outbox.helpers.ts';

let setting: OutboxSetting;
let twilio: TwilioStandIn;
let platform: TestPlatform;
let clinicId: string;
let channelId: string;
let phoneCounter = 0;

// No backoff: each dispatch below is "the next attempt", whatever the clock.
const worker = (): DispatchDeps => setting.worker(undefined, { retryPolicy: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 4 } });

async function queueTo(count: number, prefix: string): Promise<{ phone: string; ids: string[] }> {
  const phone = `+3462${String(Date.now() % 1e5).padStart(5, '0')}${String(++phoneCounter).padStart(2, '0')}`;
  const patient = await platform.ctx.repos.patients.insert(clinicId, { firstName: prefix, phones: [phone], locale: 'es' });
  const { row: conversation } = await platform.ctx.repos.conversations.findOrCreate(clinicId, patient.id, channelId, { state: 'human' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await sendOutbound(platform.ctx.inbox, { clinicId, conversationId: conversation.id, author: 'agent', text: `${prefix} ${i}` })).message.id);
  return { phone, ids };
}

/** The next attempts, until none of `ids` waits in the outbox (bounded; a slow answer on a busy machine is one more round). */
async function settle(deps: DispatchDeps, ids: string[]): Promise<void> {
  for (let round = 0; round < 4; round++) {
    const states = await Promise.all(ids.map(outboxOf));
    if (states.every((row) => row?.state !== 'pending')) return;
    await dispatchOutbox(deps);
  }
}

const posts = (prefix: string) => twilio.requests.filter((r) => r.method === 'POST' && r.params.Body?.startsWith(`${prefix} `));
const outboxOf = async (messageId: string) => (await platform.ctx.db.execute<{ state: string; send_started_at: string | null }>(sql`SELECT state, send_started_at FROM outbox WHERE message_id = ${messageId}`)).rows[0];

beforeAll(async () => {
  // A short client timeout: the stand-in never answers the lost requests, so the outcome does not depend on it.
  setting = await startOutboxSetting({ account: 'AC99998888777766665555444433332222', token: 'unconfirmed-test-token', from: '+34910000009', config: { timeoutMs: 1500 } });
  ({ twilio, platform, clinicId, channelId } = setting);
});
afterAll(async () => {
  await setting?.close();
});

describe('sends the provider may have taken', () => {
  it('when Twilio accepts 10 messages but answers none in time, then the next attempt finds them and each patient gets exactly one copy', async () => {
    twilio.acceptThenLose(10, 'hang');
    const { phone, ids } = await queueTo(10, 'Tarde');
    const deps = worker();
    await dispatchOutbox(deps);
    // Not sent again yet, not failed: waiting for the next attempt to ask Twilio.
    for (const id of ids) expect(await outboxOf(id)).toMatchObject({ state: 'pending', send_started_at: expect.anything() });
    await settle(deps, ids);
    expect(posts('Tarde')).toHaveLength(10);
    expect(twilio.messagesTo(phone)).toHaveLength(10);
    const sids = new Set(twilio.messagesTo(phone).map((m) => m.sid));
    for (const id of ids) {
      const message = await platform.ctx.repos.messages.get(clinicId, id);
      expect(message?.status).toBe('sent');
      expect(sids.has(message!.providerMessageId!)).toBe(true);
    }
  });

  it('when the connection drops after Twilio took the message, then it is recorded as sent, not sent again', async () => {
    twilio.acceptThenLose(1, 'reset');
    const { phone, ids } = await queueTo(1, 'Cortado');
    const deps = worker();
    await settle(deps, ids);
    expect(posts('Cortado')).toHaveLength(1);
    expect(twilio.messagesTo(phone)).toHaveLength(1);
    expect((await platform.ctx.repos.messages.get(clinicId, ids[0]!))?.status).toBe('sent');
  });

  it('when the request timed out before Twilio took it, then the check finds nothing and it is sent once', async () => {
    twilio.hangNext(1);
    const { phone, ids } = await queueTo(1, 'Perdido');
    const deps = worker();
    await settle(deps, ids);
    expect(twilio.messagesTo(phone)).toHaveLength(1);
    expect((await platform.ctx.repos.messages.get(clinicId, ids[0]!))?.status).toBe('sent');
  });

  it('when Twilio cannot be asked either, then the check is retried and the message fails with the reason once attempts run out, never resent', async () => {
    twilio.acceptThenLose(1, 'hang');
    twilio.failListNext(10);
    const { phone, ids } = await queueTo(1, 'Incierto');
    const deps = worker();
    await dispatchOutbox(deps);
    await settle(deps, ids);
    expect(posts('Incierto')).toHaveLength(1);
    expect(twilio.messagesTo(phone)).toHaveLength(1);
    expect(await platform.ctx.repos.messages.get(clinicId, ids[0]!)).toMatchObject({ status: 'failed', errorCode: 'unconfirmed', error: UNCONFIRMED_SEND_ERROR });
  });
});
