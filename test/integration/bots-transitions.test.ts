// The remaining transitions of each flow on the real platform (inbox store, outbox, simulator channel):
// endings that close the conversation, the recall in every locale and on SMS, the survey's good score,
// deadlines fired by the job's runDue, stopping from the API and another clinic's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotDeadlines } from '../../server/jobs/botDeadlines.ts';
import { createBotHooks } from '../../server/modules/bots/botRuntime.ts';
import { createBotSessionsRepository } from '../../server/modules/bots/botSessions.repository.ts';
import { createConversationLocks } from '../../server/modules/bots/conversationLocks.ts';
import { renderMessage } from '../../server/modules/templates/renderMessage.ts';
import { testChannelDecider } from '../support/channelDecider.ts';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let phoneCounter = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(() => platform.close());

type SentMessage = { text: string; buttons?: string[]; author: string };

async function newPatient(fields: Record<string, unknown> = {}) {
  const phone = `+3460066${String(++phoneCounter).padStart(4, '0')}`;
  const patient = (await admin.post('/api/patients').send({ firstName: 'Paciente', lastName: `Transición ${phoneCounter}`, phones: [phone], privacyConsent: true, ...fields }).expect(201)).body;
  return { id: patient.id as string, phone };
}

const appointmentFor = async (patientId: string) => (await admin.post('/api/appointments').send({ patientId, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body.id as string;
const recallFor = async (patientId: string) => (await admin.post('/api/recalls').send({ patientId, reason: 'Limpieza', dueDate: '2026-12-01' }).expect(201)).body.id as string;
const start = async (body: Record<string, unknown>) => (await admin.post('/api/bots/start').send(body).expect(201)).body as { id: string; conversationId: string };
const press = (phone: string, button: string) => admin.post('/api/simulator/messages').send({ from: phone, button }).expect(201);
const say = (phone: string, text: string) => admin.post('/api/simulator/messages').send({ from: phone, text }).expect(201);
const conversation = async (id: string) => (await admin.get(`/api/conversations/${id}`).expect(200)).body as { state: string; handoverReason: string | null };
const recallStatus = async (id: string) => (await admin.get(`/api/recalls/${id}`).expect(200)).body.status as string;
const sessionStatus = async (id: string, status: string) => ((await admin.get('/api/bots/sessions').query({ status }).expect(200)).body.items as Array<{ id: string }>).some((s) => s.id === id);

/**
 * What the bot sent this phone, oldest first (the automations' own notices, e.g. "appointment booked", are not the
 * bot's). The simulator answers once the bot has replied, so no waiting.
 */
async function sentTo(phone: string): Promise<SentMessage[]> {
  const items = (await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as SentMessage[];
  return items.filter((message) => message.author === 'bot').reverse();
}

describe('reminder flow endings', () => {
  it('when the patient confirms, then the bot sends the confirmation and closes the conversation', async () => {
    const patient = await newPatient();
    const appointmentId = await appointmentFor(patient.id);
    const started = await start({ flow: 'reminder', appointmentId });
    expect((await sentTo(patient.phone))[0]!.buttons).toHaveLength(2);
    await press(patient.phone, 'Confirmar');
    expect(await sentTo(patient.phone)).toHaveLength(2);
    expect((await admin.get(`/api/appointments/${appointmentId}`).expect(200)).body.status).toBe('confirmed');
    expect((await conversation(started.conversationId)).state).toBe('closed');
    expect(await sessionStatus(started.id, 'done')).toBe(true);
  });

  it('when the patient cancels and does not want another appointment, then the conversation is closed', async () => {
    const patient = await newPatient();
    const appointmentId = await appointmentFor(patient.id);
    const started = await start({ flow: 'reminder', appointmentId });
    await press(patient.phone, 'Cancelar');
    const afterCancel = await sentTo(patient.phone);
    expect(afterCancel).toHaveLength(3);
    expect(afterCancel[2]!.buttons).toHaveLength(2);
    await say(patient.phone, 'No, gracias');
    expect(await sentTo(patient.phone)).toHaveLength(3);
    expect((await admin.get(`/api/appointments/${appointmentId}`).expect(200)).body.status).toBe('cancelled');
    expect((await conversation(started.conversationId)).state).toBe('closed');
  });
});

describe('recall flow in every locale and on SMS', () => {
  it.each(['es', 'en', 'it', 'fr'])('when a %s-speaking patient taps the second button, then the recall is rejected, thanked and closed', async (locale) => {
    const patient = await newPatient({ locale });
    const recallId = await recallFor(patient.id);
    const started = await start({ flow: 'recall', recallId });
    const [offer] = await sentTo(patient.phone);
    expect(offer!.buttons).toHaveLength(2);
    await press(patient.phone, offer!.buttons![1]!);
    const sent = await sentTo(patient.phone);
    expect(sent).toHaveLength(2);
    if (locale === 'es') expect(sent[1]!.text).toContain('Muchas gracias, nos pondremos en contacto contigo más adelante');
    expect(await recallStatus(recallId)).toBe('rejected');
    expect((await conversation(started.conversationId)).state).toBe('closed');
    expect(await sessionStatus(started.id, 'done')).toBe(true);
  });

  it('when the patient prefers SMS, then the recall offers numbered options and "1" books', async () => {
    const patient = await newPatient({ preferredChannel: 'sms' });
    const recallId = await recallFor(patient.id);
    const started = await start({ flow: 'recall', recallId });
    const [offer] = await sentTo(patient.phone);
    expect(offer!.buttons).toBeUndefined();
    expect(offer!.text).toContain('1. Agendar cita\n2. No gracias');
    await say(patient.phone, '1');
    expect((await sentTo(patient.phone))[1]!.text).toContain('¿Prefieres mañanas o tardes?');
    expect(await recallStatus(recallId)).toBe('accepted');
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'recall_accepted' });
  });

  it('when the patient writes "sí, quiero cita", then it counts as "Agendar cita"', async () => {
    const patient = await newPatient();
    const recallId = await recallFor(patient.id);
    await start({ flow: 'recall', recallId });
    await say(patient.phone, 'sí, quiero cita');
    expect(await recallStatus(recallId)).toBe('accepted');
  });

  it('when the answer is neither button, then reception gets the conversation and the recall waits', async () => {
    const patient = await newPatient();
    const recallId = await recallFor(patient.id);
    const started = await start({ flow: 'recall', recallId });
    await say(patient.phone, '¿Cuánto cuesta la limpieza?');
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'unrecognised_reply' });
    expect(await recallStatus(recallId)).toBe('sent');
    expect(await sentTo(patient.phone)).toHaveLength(1);
  });
});

describe('follow-up flow endings', () => {
  it('when the survey score is high, then the score is recorded, the thanks carry the review link and the conversation closes', async () => {
    await admin.patch('/api/clinic').send({ settings: { links: { reviewUrl: 'https://g.page/r/sonrisa/review' } } }).expect(200);
    try {
      const patient = await newPatient();
      const started = await start({ flow: 'followup', appointmentId: await appointmentFor(patient.id), followupKind: 'survey' });
      await say(patient.phone, '5 estrellas');
      const sent = await sentTo(patient.phone);
      expect(sent).toHaveLength(2);
      expect(sent[1]!.text).toContain('https://g.page/r/sonrisa/review');
      expect((await conversation(started.conversationId)).state).toBe('closed');
      const events = (await admin.get(`/api/conversations/${started.conversationId}/events`).expect(200)).body.items as Array<{ kind: string; data: { score?: number } | null }>;
      expect(events.find((event) => event.kind === 'survey_score')?.data?.score).toBe(5);
    } finally {
      await admin.patch('/api/clinic').send({ settings: {} }).expect(200);
    }
  });

  it('when the follow-up is a thank-you, then it is sent once and the flow ends at once', async () => {
    const patient = await newPatient();
    const started = await start({ flow: 'followup', appointmentId: await appointmentFor(patient.id), followupKind: 'thanks' });
    expect(await sentTo(patient.phone)).toHaveLength(1);
    expect((await conversation(started.conversationId)).state).toBe('closed');
    expect(await sessionStatus(started.id, 'done')).toBe(true);
  });
});

describe('auto-replies and opening hours', () => {
  it('when the clinic opens only some days and a patient writes while it is closed, then the out-of-hours reply goes', async () => {
    // A week with one day listed, and that day with no hours: closed now, whatever the day.
    await admin.patch('/api/clinic').send({ settings: { openingHours: { mon: [] } } }).expect(200);
    try {
      const patient = await newPatient();
      await say(patient.phone, 'Hola, ¿abrís el sábado?');
      const [reply] = await sentTo(patient.phone);
      const clinicId = (await admin.get('/api/auth/me').expect(200)).body.user.clinicId as string;
      const expected = await renderMessage(platform.ctx, { clinicId, event: 'auto_reply_out_of_hours', channel: 'whatsapp', patientId: patient.id, locale: 'es' });
      expect(reply!.text).toBe(expected.text);
    } finally {
      await admin.patch('/api/clinic').send({ settings: {} }).expect(200);
    }
  });
});

describe('deadlines, stopping and other clinics', () => {
  it('when a recall goes unanswered past its deadline, then the job closes the conversation once and the session ends', async () => {
    const { ctx } = platform;
    // The job and the bots share one clock, 30 days on: the recall's reply window (days) has passed.
    const later = new Date(Date.now() + 30 * 86_400_000);
    const runtime = { ctx, sessions: createBotSessionsRepository(ctx.db), withConversationLock: createConversationLocks(null), decideChannel: testChannelDecider(ctx, () => later), now: () => later };
    const deadlines = startBotDeadlines({ sessions: runtime.sessions, fire: createBotHooks(runtime).handleDeadline, logger: ctx.logger, intervalMs: 3_600_000 });
    try {
      const patient = await newPatient();
      const started = await start({ flow: 'recall', recallId: await recallFor(patient.id) });
      expect(await deadlines.runDue(new Date())).toBe(0);
      expect(await deadlines.runDue(later)).toBeGreaterThanOrEqual(1);
      expect((await conversation(started.conversationId)).state).toBe('closed');
      expect(await sessionStatus(started.id, 'done')).toBe(true);
      expect(await deadlines.runDue(later)).toBe(0);
    } finally {
      await deadlines.stop();
    }
  });

  it('when staff stop a session, then it is stopped and the next reply changes nothing', async () => {
    const patient = await newPatient();
    const appointmentId = await appointmentFor(patient.id);
    const started = await start({ flow: 'reminder', appointmentId });
    expect((await admin.post(`/api/bots/sessions/${started.id}/stop`).expect(200)).body).toMatchObject({ status: 'stopped', endReason: 'stopped by staff' });
    await say(patient.phone, 'Confirmo');
    expect((await admin.get(`/api/appointments/${appointmentId}`).expect(200)).body.status).toBe('scheduled');
    expect(await sessionStatus(started.id, 'active')).toBe(false);
  });

  it('when the patient asked for no messages, or has only an e-mail address, then the start is refused with no_reachable_channel', async () => {
    const silent = await newPatient({ preferredChannel: 'none' });
    const refused = await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: await appointmentFor(silent.id) }).expect(422);
    expect(refused.body.error.code).toBe('no_reachable_channel');
    const emailOnly = (await admin.post('/api/patients').send({ firstName: 'Solo', lastName: 'Correo', email: 'solo.correo@example.com', privacyConsent: true }).expect(201)).body;
    const recallId = await recallFor(emailOnly.id);
    expect((await admin.post('/api/bots/start').send({ flow: 'recall', recallId }).expect(422)).body.error.code).toBe('no_reachable_channel');
    expect(await recallStatus(recallId)).toBe('pending');
  });

  it("when another clinic's appointment or recall is named, then the start answers 404", async () => {
    const other = await addClinic(platform);
    const otherAdmin = await loginAgent(platform, other.admin);
    const patient = await newPatient();
    const appointmentId = await appointmentFor(patient.id);
    const recallId = await recallFor(patient.id);
    await otherAdmin.post('/api/bots/start').send({ flow: 'reminder', appointmentId }).expect(404);
    await otherAdmin.post('/api/bots/start').send({ flow: 'recall', recallId }).expect(404);
    await otherAdmin.post(`/api/bots/sessions/${(await start({ flow: 'recall', recallId })).id}/stop`).expect(404);
  });
});
