// The outbox under pressure: several workers, crashes mid-send, sticky sessions owned by another instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sendOutbound } from '../../server/modules/inbox/sendOutbound.ts';
import { dispatchOutbox, INTERRUPTED_SEND_ERROR } from '../../server/modules/outbox/dispatchOutbox.ts';
import { startOutboxWorker } from '../../server/jobs/outboxWorker.ts';
import type { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { loginAgent, type TestPlatform } from '../support/testPlatform.ts';
import { startOutboxSetting, type OutboxSetting } from './outbox.helpers.ts';

let setting: OutboxSetting;
let twilio: TwilioStandIn;
let platform: TestPlatform;
let clinicId: string;
let channelId: string;
const worker = (instance: string) => setting.worker(instance);

async function queueMessages(count: number, prefix: string) {
  const admin = await loginAgent(platform);
  const patient = (await admin.post('/api/patients').send({ firstName: prefix, phones: [`+3461${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`] }).expect(201)).body;
  const { row: conversation } = await platform.ctx.repos.conversations.findOrCreate(clinicId, patient.id, channelId, { state: 'human' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { message } = await sendOutbound(platform.ctx.inbox, { clinicId, conversationId: conversation.id, author: 'system', text: `${prefix} ${i}` });
    ids.push(message.id);
  }
  return ids;
}

beforeAll(async () => {
  setting = await startOutboxSetting({ account: 'AC11112222333344445555666677778888', token: 'outbox-test-token', from: '+34910000002' });
  ({ twilio, platform, clinicId, channelId } = setting);
});
afterAll(async () => {
  await setting?.close();
});

describe('outbox', () => {
  it('when two workers dispatch the same queue at once, then every message is sent exactly once', async () => {
    const ids = await queueMessages(12, 'Lote');
    const a = worker('worker-a');
    const b = worker('worker-b');
    while ((await Promise.all([dispatchOutbox(a, 3), dispatchOutbox(b, 3)])).some((handled) => handled > 0));
    const bodies = twilio.requests.filter((r) => r.params.Body?.startsWith('Lote ')).map((r) => r.params.Body);
    expect(bodies).toHaveLength(12);
    expect(new Set(bodies).size).toBe(12);
    for (const id of ids) expect((await platform.ctx.repos.messages.get(clinicId, id))?.status).toBe('sent');
  });

  it('when a worker died after calling the provider, then the message is not sent again blindly', async () => {
    const [id] = await queueMessages(1, 'Interrumpido');
    // What a crash leaves behind: claimed, send started, claim expired, no answer recorded.
    await platform.ctx.db.execute(sql`UPDATE outbox SET state = 'sending', attempts = 1, send_started_at = now() - interval '5 minutes', locked_until = now() - interval '1 minute' WHERE message_id = ${id}`);
    await dispatchOutbox(worker('worker-c'));
    const message = await platform.ctx.repos.messages.get(clinicId, id!);
    // Twilio's list shows nothing with that text, so the outbox knows it was never taken and sends it now.
    expect(message?.status).toBe('sent');
    expect(twilio.requests.filter((r) => r.method === 'POST' && r.params.Body === 'Interrumpido 0')).toHaveLength(1);

    const [again] = await queueMessages(1, 'Doble');
    await dispatchOutbox(worker('worker-d'));
    await platform.ctx.db.execute(sql`UPDATE messages SET status = 'queued', provider_message_id = NULL WHERE id = ${again}`);
    await platform.ctx.db.execute(sql`UPDATE outbox SET state = 'sending', send_started_at = now() - interval '5 minutes', locked_until = now() - interval '1 minute' WHERE message_id = ${again}`);
    await dispatchOutbox(worker('worker-e'));
    // Twilio already has it: the outbox records that send instead of making a second one.
    expect(twilio.requests.filter((r) => r.method === 'POST' && r.params.Body === 'Doble 0')).toHaveLength(1);
    expect((await platform.ctx.repos.messages.get(clinicId, again!))?.status).toBe('sent');
  });

  it('when the provider cannot say whether an interrupted send went out, then the message is failed with an explanation, not resent', async () => {
    const simulator = await platform.ctx.repos.channels.ensureSimulator(clinicId);
    const patient = await platform.ctx.repos.patients.findOrCreateByPhone(clinicId, '+34611000999');
    const { row: conversation } = await platform.ctx.repos.conversations.findOrCreate(clinicId, patient.row.id, simulator.id, { state: 'human' });
    const { message } = await sendOutbound(platform.ctx.inbox, { clinicId, conversationId: conversation.id, author: 'system', text: '¿Salió o no salió?' });
    await platform.ctx.db.execute(sql`UPDATE outbox SET state = 'sending', attempts = 1, send_started_at = now() - interval '5 minutes', locked_until = now() - interval '1 minute' WHERE message_id = ${message.id}`);
    await dispatchOutbox(worker('worker-f'));
    const stored = await platform.ctx.repos.messages.get(clinicId, message.id);
    expect(stored).toMatchObject({ status: 'failed', errorCode: 'interrupted', error: INTERRUPTED_SEND_ERROR });
  });

  it('when another instance holds the channel lease, then this instance leaves its messages alone', async () => {
    const [id] = await queueMessages(1, 'Ajeno');
    await platform.ctx.db.execute(sql`INSERT INTO channel_leases (channel_id, owner, expires_at) VALUES (${channelId}, 'instance-z', now() + interval '1 minute')`);
    await dispatchOutbox(worker('instance-y'));
    expect((await platform.ctx.repos.messages.get(clinicId, id!))?.status).toBe('queued');
    await dispatchOutbox(worker('instance-z'));
    expect((await platform.ctx.repos.messages.get(clinicId, id!))?.status).toBe('sent');
    await platform.ctx.db.execute(sql`DELETE FROM channel_leases WHERE channel_id = ${channelId}`);
  });

  it('when Twilio refuses because the patient unsubscribed with it (21610), then the opt-out is recorded and later automated messages are not attempted', async () => {
    const [first] = await queueMessages(1, 'Baja');
    const message = await platform.ctx.repos.messages.get(clinicId, first!);
    const conversation = await platform.ctx.repos.conversations.getRow(clinicId, message!.conversationId);
    const patient = await platform.ctx.repos.patients.getRow(clinicId, conversation!.patientId);
    twilio.failFor(patient!.phones[0]!);
    await dispatchOutbox(worker('worker-g'));
    expect(await platform.ctx.repos.messages.get(clinicId, first!)).toMatchObject({ status: 'failed', errorCode: '21610' });
    expect((await platform.ctx.repos.patients.getRow(clinicId, patient!.id))?.optOuts).toEqual(['sms']);
    expect(await platform.ctx.repos.consents.list(clinicId, patient!.id)).toEqual([expect.objectContaining({ purpose: 'automated_messages', channel: 'sms', granted: false, source: 'provider', evidence: '21610' })]);

    const { message: next } = await sendOutbound(platform.ctx.inbox, { clinicId, conversationId: conversation!.id, author: 'system', text: 'Baja recordatorio' });
    await dispatchOutbox(worker('worker-g'));
    expect(await platform.ctx.repos.messages.get(clinicId, next.id)).toMatchObject({ status: 'failed', errorCode: 'opted_out' });
    expect(twilio.requests.filter((r) => r.params.Body === 'Baja recordatorio')).toEqual([]);
  });

  it('when an instance restarts under its name, then the sends it held when it died are checked and finished at once, and another live instance\'s are left alone', async () => {
    const [own, foreign] = await queueMessages(2, 'Reinicio');
    // What a crash leaves: both claimed for two minutes more, mid-send; one by this instance's previous run.
    const claim = (id: string, owner: string) => platform.ctx.db.execute(sql`UPDATE outbox SET state = 'sending', attempts = 1, locked_by = ${owner}, send_started_at = now(), locked_until = now() + interval '2 minutes' WHERE message_id = ${id}`);
    await claim(own!, 'app-1');
    await claim(foreign!, 'app-2');
    const restarted = await startOutboxWorker(worker('app-1'), platform.ctx.logger, 60_000);
    try {
      await restarted.drain();
    } finally {
      await restarted.stop();
    }
    // Twilio's list had no such message, so it went out now, once.
    expect((await platform.ctx.repos.messages.get(clinicId, own!))?.status).toBe('sent');
    expect(twilio.requests.filter((r) => r.method === 'POST' && r.params.Body === 'Reinicio 0')).toHaveLength(1);
    expect((await platform.ctx.repos.messages.get(clinicId, foreign!))?.status).toBe('queued');
    expect(twilio.requests.filter((r) => r.params.Body === 'Reinicio 1')).toEqual([]);
  });
});
