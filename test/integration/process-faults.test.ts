// The fault suite's process faults, on PostgreSQL: the real server in its own process is killed with SIGKILL
// mid-dispatch (sends in flight, some taken by Twilio with the answer lost) and started again under its name;
// and two instances dispatch one queue at once. Counted at the Twilio stand-in: nothing lost, nothing doubled.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { sendOutbound } from '../../server/modules/inbox/sendOutbound.ts';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { startPlatformProcess, type PlatformProcess } from '../support/platformProcess.ts';
import { createTestDatabaseTarget, testDbKind, type TestDatabaseTarget } from '../support/testDatabase.ts';
import { ADMIN, loginAgent } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

const ACCOUNT = 'AC00000000000000000000000000000066';
const TOKEN = 'process-faults-token';
const MESSAGES = 60;

describe.runIf(testDbKind() === 'postgres')('process faults', () => {
  let twilio: TwilioStandIn;
  let target: TestDatabaseTarget;
  // The test's own instance: seeds and reads, sends nothing (no workers).
  let seed: Platform;
  const processes: PlatformProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    twilio = await TwilioStandIn.start({ [ACCOUNT]: TOKEN });
  });
  afterAll(async () => {
    await twilio.close();
  });
  beforeEach(async () => {
    target = await createTestDatabaseTarget();
    env = { DATABASE_URL: target.url!, BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, INBOUND_WORKER: '0' };
    seed = await startPlatform({ env: { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WORKER: '0', WHATSAPP_WEB_SESSIONS: '0', DEMO: '0' } });
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.kill();
    await seed.close();
    await target.drop();
  });

  /** MESSAGES agent replies, one per patient, queued in the outbox of a Twilio SMS channel sending 20/s. */
  async function queueReplies(prefix: string): Promise<Array<{ id: string; phone: string; text: string }>> {
    const clinicId = (await seed.ctx.repos.clinics.listIds())[0]!;
    // Answers that never come stay in flight until the process is killed.
    const config = { accountSid: ACCOUNT, authToken: TOKEN, from: '+34910000066', apiBaseUrl: twilio.url, ratePerSecond: 20, timeoutMs: 120_000 };
    const channel = await seed.ctx.repos.channels.insert({ clinicId, type: 'twilio_sms', name: 'SMS', config });
    const queued: Array<{ id: string; phone: string; text: string }> = [];
    for (let i = 0; i < MESSAGES; i++) {
      const phone = `+3466${prefix === 'kill' ? '1' : '2'}${String(i).padStart(6, '0')}`;
      const patient = await seed.ctx.repos.patients.insert(clinicId, { firstName: `P${i}`, phones: [phone], locale: 'es' });
      const { row: conversation } = await seed.ctx.repos.conversations.findOrCreate(clinicId, patient.id, channel.id, { state: 'human' });
      const text = `${prefix} ${i}`;
      const { message } = await sendOutbound(seed.ctx.inbox, { clinicId, conversationId: conversation.id, author: 'agent', text });
      queued.push({ id: message.id, phone, text });
    }
    return queued;
  }

  async function expectEachSentOnce(queued: Array<{ id: string; phone: string; text: string }>): Promise<void> {
    const clinicId = (await seed.ctx.repos.clinics.listIds())[0]!;
    const statuses = () => Promise.all(queued.map(async (q) => (await seed.ctx.repos.messages.get(clinicId, q.id))?.status));
    expect(await waitFor(statuses, (list) => list.every((s) => s === 'sent'), 90_000)).toEqual(queued.map(() => 'sent'));
    for (const q of queued) expect(twilio.messagesTo(q.phone).map((m) => m.body)).toEqual([q.text]);
  }

  it('when the server is killed with SIGKILL mid-dispatch and started again under its name, then every reply reaches Twilio exactly once, without waiting out the claims', { timeout: 180_000 }, async () => {
    // The first three are taken by Twilio, but their answers are lost: in flight when the process dies.
    twilio.acceptThenLose(3, 'hang');
    const first = await startPlatformProcess({ ...env, INSTANCE_NAME: 'fault-worker' });
    processes.push(first);
    const queued = await queueReplies('kill');
    const phones = new Set(queued.map((q) => q.phone));
    const posted = () => Promise.resolve(twilio.requests.filter((r) => r.method === 'POST' && phones.has(r.params.To ?? '')).length);
    await waitFor(posted, (count) => count >= 15, 60_000);
    await first.kill();
    expect(await posted()).toBeLessThan(MESSAGES);

    processes.push(await startPlatformProcess({ ...env, INSTANCE_NAME: 'fault-worker' }));
    await expectEachSentOnce(queued);
  });

  it('when the server is killed with SIGKILL right after answering 200 to every "SI", then after a restart every appointment is confirmed and every confirmation sent once', { timeout: 180_000 }, async () => {
    const PATIENTS = 30;
    const worker = { ...env, INSTANCE_NAME: 'bot-worker', INBOUND_WORKER: '1' };
    let current = await startPlatformProcess(worker);
    processes.push(current);
    const clinicId = (await seed.ctx.repos.clinics.listIds())[0]!;
    const channel = await seed.ctx.repos.channels.insert({ clinicId, type: 'twilio_sms', name: 'SMS', config: { accountSid: ACCOUNT, authToken: TOKEN, from: '+34910000067', apiBaseUrl: twilio.url, ratePerSecond: 500 } });
    const admin = await loginAgent(seed);
    const booked: Array<{ phone: string; appointmentId: string }> = [];
    for (let i = 0; i < PATIENTS; i++) {
      const phone = `+34663${String(i).padStart(6, '0')}`;
      const patient = await seed.ctx.repos.patients.insert(clinicId, { firstName: `B${i}`, phones: [phone], locale: 'es', preferredChannel: 'sms', privacyConsent: true });
      // Two weeks ahead: no automated reminder comes due during the test.
      const startsAt = new Date(Date.now() + 14 * 86_400_000);
      const appointment = await seed.ctx.repos.appointments.insert(clinicId, { patientId: patient.id, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000) });
      await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
      booked.push({ phone, appointmentId: appointment.id });
    }
    const toPatients = (phone: string) => twilio.messagesTo(phone).length;
    await waitFor(() => Promise.resolve(booked.map((b) => toPatients(b.phone))), (counts) => counts.every((n) => n === 1), 60_000);

    const answers = await Promise.all(
      booked.map((b, i) => postAsTwilio(`${current.url}/webhooks/twilio/${channel.id}`, TOKEN, { AccountSid: ACCOUNT, MessageSid: `SM${String(i).padStart(32, '0')}`, From: b.phone, To: '+34910000067', Body: 'SI', NumMedia: '0', ApiVersion: '2010-04-01' })),
    );
    expect(answers.map((res) => res.status)).toEqual(booked.map(() => 200));
    await current.kill();

    current = await startPlatformProcess(worker);
    processes.push(current);
    const statuses = () => Promise.all(booked.map(async (b) => (await seed.ctx.repos.appointments.get(clinicId, b.appointmentId))?.status));
    expect(await waitFor(statuses, (list) => list.every((s) => s === 'confirmed'), 90_000)).toEqual(booked.map(() => 'confirmed'));
    // The reminder and one confirmation each, never two.
    await waitFor(() => Promise.resolve(booked.map((b) => toPatients(b.phone))), (counts) => counts.every((n) => n >= 2), 60_000);
    for (const b of booked) expect(toPatients(b.phone)).toBe(2);
  });

  it('when two instances dispatch the same queue at once, then every reply reaches Twilio exactly once', { timeout: 180_000 }, async () => {
    const [a, b] = await Promise.all([startPlatformProcess({ ...env, INSTANCE_NAME: 'pair-a' }), startPlatformProcess({ ...env, INSTANCE_NAME: 'pair-b' })]);
    processes.push(a, b);
    await expectEachSentOnce(await queueReplies('pair'));
  });
});
