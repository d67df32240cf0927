// Acknowledged patient replies survive a stop: the message and its inbound job are stored before Twilio gets
// its 200, and a restarted platform on the same database handles every one, once. A job that keeps failing
// is retried, then marked failed with the reason, and its conversation goes to a person.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { createManualClock } from '../../server/modules/automations/clock.ts';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { freePort } from '../support/freePort.ts';
import { captureLogs } from '../support/logCapture.ts';
import { createTestDatabaseTarget, type TestDatabaseTarget } from '../support/testDatabase.ts';
import { ADMIN, disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

const ACCOUNT = 'AC00000000000000000000000000000014';
const TOKEN = 'durable-inbound-token';
const CLINIC_NUMBER = '+34910000014';
const PATIENTS = 50;
const NOW = '2026-06-01T08:00:00Z';

type Booked = { patientId: string; appointmentId: string; phone: string };

describe('patient replies across a stop', () => {
  let twilio: TwilioStandIn;
  let target: TestDatabaseTarget;
  let dataDir: string;
  const running: Platform[] = [];

  beforeAll(async () => {
    twilio = await TwilioStandIn.start({ [ACCOUNT]: TOKEN });
  });
  afterAll(async () => {
    await twilio.close();
  });
  // Each test has its own database, kept across the platform's starts.
  beforeEach(async () => {
    target = await createTestDatabaseTarget();
    dataDir = mkdtempSync(join(tmpdir(), 'clinic-durable-'));
  });
  afterEach(async () => {
    for (const platform of running.splice(0)) await platform.close();
    await target.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the platform stops at once after answering 200 to every "SI", then after a restart every appointment is confirmed and every confirmation sent once', async () => {
    const first = await start({});
    const booked = await remindAndAnswer(first);
    await stop(first);

    const second = await start({});
    await expectEveryReplyHandledOnce(second, booked);
  }, 150_000);

  it('when the stop comes before any reply was handled, some mid-job, then the restart handles them all at once, claims of its previous run included, and leaves another instance\'s claim until it expires', async () => {
    // The first run stores and acknowledges but handles nothing (its inbound worker is off): the stop comes
    // before any bot step, every time.
    const first = await start({ INBOUND_WORKER: '0' });
    const booked = await remindAndAnswer(first);
    expect(await statuses(first, booked)).toEqual(booked.map(() => 'scheduled'));
    await stop(first);

    // As if the previous run had died mid-job on three of them (its long claims still hold), and another
    // instance were working on one right now. The edit is made with the inbound worker still off.
    const paused = await start({ INBOUND_WORKER: '0' });
    const jobs = (await sqlRows<{ id: string }>(paused.ctx.db, sql`SELECT id FROM inbound_jobs WHERE state = 'pending' ORDER BY seq`)).map((row) => row.id);
    expect(jobs).toHaveLength(PATIENTS);
    const [mine1, mine2, mine3, theirs] = jobs as [string, string, string, string];
    await paused.ctx.db.execute(sql`UPDATE inbound_jobs SET state = 'processing', attempts = 1, locked_by = 'clinic-app-1', locked_until = now() + interval '1 hour' WHERE id IN (${mine1}, ${mine2}, ${mine3})`);
    await paused.ctx.db.execute(sql`UPDATE inbound_jobs SET state = 'processing', attempts = 1, locked_by = 'clinic-app-2', locked_until = now() + interval '1 hour' WHERE id = ${theirs}`);
    await stop(paused);

    const second = await start({});
    const theirsAppointment = await appointmentOfJob(second, theirs);
    const others = booked.filter((b) => b.appointmentId !== theirsAppointment);
    expect(await waitFor(() => statuses(second, others), (list) => list.every((s) => s === 'confirmed'), 60_000)).toEqual(others.map(() => 'confirmed'));
    // Another instance's claim is left alone until it expires.
    expect(await statuses(second, booked.filter((b) => b.appointmentId === theirsAppointment))).toEqual(['scheduled']);
    await second.ctx.db.execute(sql`UPDATE inbound_jobs SET locked_until = now() - interval '1 second' WHERE id = ${theirs}`);
    await expectEveryReplyHandledOnce(second, booked);
    const jobStates = await waitFor(async () => (await sqlRows<{ state: string }>(second.ctx.db, sql`SELECT state FROM inbound_jobs ORDER BY seq`)).map((row) => row.state), (list) => list.every((state) => state === 'done'));
    expect(jobStates).toEqual(booked.map(() => 'done'));
  }, 150_000);

  /** The same database every time: PGlite kept in `dataDir`, or the same PostgreSQL database. */
  async function start(env: Record<string, string>): Promise<Platform & { publicUrl: string }> {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const platform = await startPlatform({
      clock: createManualClock(NOW),
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: publicUrl,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATA_DIR: dataDir,
        DATABASE_URL: target.url,
        BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
        DEMO: '0',
        WORKER: '1',
        WHATSAPP_WEB_SESSIONS: '0',
        // The same instance every time: a restart, not a second machine.
        INSTANCE_NAME: 'clinic-app-1',
        ...env,
      },
    });
    running.push(platform);
    return { ...platform, publicUrl };
  }

  async function stop(platform: Platform): Promise<void> {
    running.splice(running.indexOf(platform), 1);
    await platform.close();
  }

  /** PATIENTS patients get their first reminder by Twilio SMS and all answer "SI" through the signed webhook. */
  async function remindAndAnswer(platform: Platform & { publicUrl: string }): Promise<Booked[]> {
    const admin = await loginAgent(platform);
    const config = { accountSid: ACCOUNT, authToken: TOKEN, from: CLINIC_NUMBER, apiBaseUrl: twilio.url, ratePerSecond: 500 };
    const channel = (await admin.post('/api/channels').send({ type: 'twilio_sms', name: 'SMS', config }).expect(201)).body as { id: string };
    const clinicId = (await platform.ctx.repos.clinics.listIds())[0]!;
    const booked: Booked[] = [];
    for (let i = 0; i < PATIENTS; i++) {
      const phone = `+346${String(++phoneCounter).padStart(8, '0')}`;
      const patient = await platform.ctx.repos.patients.insert(clinicId, { firstName: `Paciente${i}`, lastName: 'Durable', phones: [phone], locale: 'es', preferredChannel: 'sms', privacyConsent: true });
      const appointment = await platform.ctx.repos.appointments.insert(clinicId, {
        patientId: patient.id,
        startsAt: new Date('2026-06-02T08:00:00Z'),
        endsAt: new Date('2026-06-02T08:30:00Z'),
        createdAt: new Date('2026-05-20T00:00:00Z'),
      });
      booked.push({ patientId: patient.id, appointmentId: appointment.id, phone });
    }
    await platform.automations.runDue();
    const reminders = await waitFor(async () => sentByTwilio(booked), (sent) => sent.length >= PATIENTS, 30_000);
    expect(reminders).toHaveLength(PATIENTS);

    const webhookUrl = `${platform.publicUrl}/webhooks/twilio/${channel.id}`;
    const answers = await Promise.all(
      booked.map((b) => postAsTwilio(webhookUrl, TOKEN, { AccountSid: ACCOUNT, MessageSid: `SM${String(++sidCounter).padStart(32, '0')}`, From: b.phone, To: CLINIC_NUMBER, Body: 'SI', NumMedia: '0', ApiVersion: '2010-04-01' })),
    );
    expect(answers.map((res) => res.status)).toEqual(booked.map(() => 200));
    return booked;
  }

  async function expectEveryReplyHandledOnce(platform: Platform, booked: Booked[]): Promise<void> {
    expect(await waitFor(() => statuses(platform, booked), (list) => list.every((s) => s === 'confirmed'), 60_000)).toEqual(booked.map(() => 'confirmed'));
    // The appointment moves just before the session is saved.
    const sessions = await waitFor(async () => (await sqlRows<{ status: string }>(platform.ctx.db, sql`SELECT status FROM bot_sessions ORDER BY created_at`)).map((s) => s.status), (list) => list.every((s) => s === 'done'), 30_000);
    expect(sessions).toEqual(booked.map(() => 'done'));
    // Each patient: one reminder and one confirmation, queued once and sent to Twilio once.
    for (const b of booked) {
      const purposes = await sqlRows<{ purpose: string }>(platform.ctx.db, sql`
        SELECT m.purpose FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.patient_id = ${b.patientId} AND m.direction = 'out' ORDER BY m.seq`);
      expect(purposes.map((m) => m.purpose)).toEqual(['reminder', 'reminder_confirmed']);
    }
    const sent = await waitFor(async () => sentByTwilio(booked), (list) => list.length >= 2 * booked.length, 30_000);
    for (const b of booked) expect(sent.filter((r) => r.params.To === b.phone)).toHaveLength(2);
  }

  function sentByTwilio(booked: Booked[]) {
    const phones = new Set(booked.map((b) => b.phone));
    return twilio.requests.filter((r) => r.method === 'POST' && phones.has(r.params.To ?? ''));
  }
});

let phoneCounter = 14_000_000;
let sidCounter = 0;

async function statuses(platform: Platform, booked: Array<{ appointmentId: string }>): Promise<string[]> {
  const clinicId = (await platform.ctx.repos.clinics.listIds())[0]!;
  return Promise.all(booked.map(async (b) => (await platform.ctx.repos.appointments.get(clinicId, b.appointmentId))?.status ?? 'missing'));
}

async function appointmentOfJob(platform: Platform, jobId: string): Promise<string> {
  const [row] = await sqlRows<{ appointment_id: string }>(platform.ctx.db, sql`
    SELECT s.appointment_id FROM inbound_jobs j JOIN bot_sessions s ON s.conversation_id = j.conversation_id WHERE j.id = ${jobId}`);
  return row!.appointment_id;
}

async function sqlRows<Row extends Record<string, unknown>>(db: Platform['ctx']['db'], query: ReturnType<typeof sql>) {
  return (await db.execute<Row>(query)).rows;
}

describe('an inbound job that keeps failing', () => {
  let platform: TestPlatform;
  const logs = captureLogs();
  let unsubscribe: (() => void) | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform({ LOG_LEVEL: 'info', INBOUND_RETRY_BASE_MS: '5', INBOUND_MAX_ATTEMPTS: '3' }, { logDestination: logs.destination });
    await disableAutoReply(await loginAgent(platform));
  });
  afterEach(() => unsubscribe?.());
  afterAll(async () => {
    await platform.close();
  });

  it('when handling a message throws every time, then it is tried the allowed number of times, marked failed with the reason, logged without patient data, and the conversation goes to a person', async () => {
    const phone = '+34600140099';
    const text = 'Quiero cambiar mi cita del jueves';
    let calls = 0;
    // A subscriber of the inbox's reaction that fails, as a broken integration would.
    unsubscribe = platform.ctx.reactions.on('message:received', async ({ message }) => {
      if (message.text !== text) return;
      calls++;
      throw new Error('la agenda externa no responde');
    });
    const agent = await loginAgent(platform);
    const written = (await agent.post('/api/simulator/messages').send({ from: phone, text }).expect(201)).body as { conversationId: string; message: { id: string } };

    const job = await waitFor(
      async () => (await platform.ctx.db.execute<{ id: string; state: string; attempts: number; last_error: string | null }>(sql`SELECT id, state, attempts, last_error FROM inbound_jobs WHERE message_id = ${written.message.id}`)).rows[0],
      (row) => row?.state === 'failed',
      20_000,
    );
    expect(job).toMatchObject({ state: 'failed', attempts: 3, last_error: 'Error: la agenda externa no responde' });
    expect(calls).toBe(3);
    const conversation = await waitFor(
      async () => (await agent.get(`/api/conversations/${written.conversationId}`).expect(200)).body as { state: string; handoverReason: string | null },
      (c) => c.handoverReason === 'inbound_processing_failed',
    );
    expect(conversation).toMatchObject({ state: 'human', handoverReason: 'inbound_processing_failed' });

    const about = logs.lines.filter((line) => line.includes(job!.id));
    expect(about.map((line) => JSON.parse(line).msg)).toEqual([
      'inbound message processing failed; will retry',
      'inbound message processing failed; will retry',
      'inbound message could not be processed; marked failed',
    ]);
    const all = logs.lines.join('\n');
    expect(all).not.toContain(text);
    expect(all).not.toContain(phone);
    expect(all).not.toContain('600140099');
    expect(all).not.toContain('agenda externa');
  });
});
