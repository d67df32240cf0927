// Bot-or-human ownership, audited: every change of hands is in the conversation's trail with its cause, a reopened
// conversation does not restart a bot, and the out-of-hours auto-reply never talks over a bot or a person.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let phoneCounter = 0;

type TrailEvent = { kind: string; fromState: string | null; toState: string | null; actorType: string; actorId: string | null; reason: string | null; data: Record<string, unknown> | null };

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  // Closed all week: any auto-reply that fires is the out-of-hours one.
  const clinic = (await admin.get('/api/clinic').expect(200)).body;
  await admin.patch('/api/clinic').send({ settings: { ...clinic.settings, businessHours: { weekly: {}, holidays: [] } } }).expect(200);
});
afterAll(() => platform.close());

async function newPatient() {
  const phone = `+3460099${String(++phoneCounter).padStart(4, '0')}`;
  const patient = (await admin.post('/api/patients').send({ firstName: 'Paciente', lastName: `Auditoría ${phoneCounter}`, phones: [phone], privacyConsent: true }).expect(201)).body;
  return { id: patient.id as string, phone };
}
const appointmentFor = async (patientId: string) => (await admin.post('/api/appointments').send({ patientId, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body.id as string;
const startReminder = async (patientId: string) => (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: await appointmentFor(patientId) }).expect(201)).body as { id: string; conversationId: string };
const say = (phone: string, body: Record<string, string>) => admin.post('/api/simulator/messages').send({ from: phone, ...body }).expect(201);
const trail = async (conversationId: string) => (await admin.get(`/api/conversations/${conversationId}/events`).expect(200)).body.items as TrailEvent[];
const state = async (conversationId: string) => (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body as { state: string; assigneeId: string | null };
const botMessages = async (phone: string) => ((await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as Array<{ author: string; text: string }>).filter((m) => m.author === 'bot');
const sessions = async (status: string) => (await admin.get('/api/bots/sessions').query({ status }).expect(200)).body.items as Array<{ id: string; conversationId: string }>;

describe('the audit trail', () => {
  it('when a conversation goes from bot to a person, to a colleague, back to the bot and is closed, then each change is in its trail with actor and cause', async () => {
    const me = (await admin.get('/api/auth/me').expect(200)).body.user;
    const colleague = (await admin.post('/api/users').send({ email: 'pilar@sonrisa.test', password: 'pilar-pass-42', name: 'Pilar' }).expect(201)).body;
    const patient = await newPatient();
    const started = await startReminder(patient.id);
    // A person replying pauses the bot: that is a takeover, caused by the agent.
    await admin.post(`/api/conversations/${started.conversationId}/messages`).send({ text: 'Le atiendo yo' }).expect(201);
    await admin.post(`/api/conversations/${started.conversationId}/assign`).send({ userId: colleague.id }).expect(200);
    await admin.post(`/api/conversations/${started.conversationId}/assign`).send({ userId: null }).expect(200);
    await admin.post(`/api/conversations/${started.conversationId}/handback`).expect(200);
    await admin.post(`/api/conversations/${started.conversationId}/close`).send({ reason: 'resuelto' }).expect(200);

    const events = (await trail(started.conversationId)).map((e) => [e.kind, e.fromState, e.toState, e.actorType, e.actorId, e.reason, e.kind === 'assign' ? e.data : null]);
    expect(events).toEqual([
      // The booking notice may have opened the conversation (closed) before the flow took it.
      ['bot_start', expect.stringMatching(/^(bot|closed)$/), 'bot', 'bot', 'reminder', null, null],
      ['takeover', 'bot', 'human', 'agent', me.id, 'agent_takeover', null],
      ['bot_stopped', null, null, 'bot', 'reminder', 'agent_takeover', null],
      ['assign', null, null, 'agent', me.id, null, { from: me.id, to: colleague.id }],
      ['assign', null, null, 'agent', me.id, null, { from: colleague.id, to: null }],
      ['handback', 'human', 'bot', 'agent', me.id, null, null],
      ['close', 'bot', 'closed', 'agent', me.id, 'resuelto', null],
    ]);
    expect((await sessions('stopped')).some((s) => s.id === started.id)).toBe(true);
  });

  it('when the bot cannot understand the patient, then its handover is in the trail, caused by the bot', async () => {
    const patient = await newPatient();
    const started = await startReminder(patient.id);
    await say(patient.phone, { text: 'no sé, ¿me llamáis?' });
    const handover = (await trail(started.conversationId)).find((e) => e.kind === 'handover');
    expect(handover).toMatchObject({ fromState: 'bot', toState: 'human', actorType: 'bot', reason: expect.any(String) });
    expect(handover!.reason).not.toBe('');
  });
});

describe('reopening', () => {
  it('when a patient writes again after the bot closed the conversation, then it reopens for a person and no bot restarts', async () => {
    const patient = await newPatient();
    const started = await startReminder(patient.id);
    await say(patient.phone, { button: 'Confirmar' });
    expect((await state(started.conversationId)).state).toBe('closed');
    const botSaid = (await botMessages(patient.phone)).length;

    await say(patient.phone, { text: 'Confirmar' });
    expect((await state(started.conversationId)).state).toBe('human');
    const events = await trail(started.conversationId);
    expect(events.filter((e) => e.kind === 'reopen')).toEqual([expect.objectContaining({ fromState: 'closed', toState: 'human', actorType: 'patient', reason: 'patient_wrote_again' })]);
    expect(events.filter((e) => e.kind === 'bot_start')).toHaveLength(1);
    expect((await sessions('active')).some((s) => s.conversationId === started.conversationId)).toBe(false);
    // The only automated answer is the (out-of-hours) auto-reply for an unhandled conversation: no flow message.
    const autoReplies = events.filter((e) => e.kind === 'auto_reply').length;
    expect(autoReplies).toBe(1);
    expect(await botMessages(patient.phone)).toHaveLength(botSaid + autoReplies);
  });

  it('when an agent reopens a closed conversation, then it is theirs to handle, not the bot', async () => {
    const patient = await newPatient();
    const started = await startReminder(patient.id);
    await admin.post(`/api/conversations/${started.conversationId}/close`).expect(200);
    const reopened = (await admin.post(`/api/conversations/${started.conversationId}/reopen`).expect(200)).body;
    expect(reopened.state).toBe('human');
    expect((await trail(started.conversationId)).at(-1)).toMatchObject({ kind: 'reopen', actorType: 'agent', reason: 'reopened' });
    expect((await sessions('active')).some((s) => s.conversationId === started.conversationId)).toBe(false);
  });
});

describe('the out-of-hours auto-reply', () => {
  const autoReplies = async (conversationId: string) => (await trail(conversationId)).filter((e) => e.kind === 'auto_reply');
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('when nobody handles a new conversation out of hours, then the out-of-hours reply goes (the control case)', async () => {
    const patient = await newPatient();
    const conversationId = (await say(patient.phone, { text: 'Hola' })).body.conversationId as string;
    await settle();
    expect((await autoReplies(conversationId)).map((e) => e.reason)).toEqual(['auto_reply_out_of_hours']);
  });

  it('when a bot flow is running, then a patient message out of hours gets the bot, never the auto-reply', async () => {
    const patient = await newPatient();
    const started = await startReminder(patient.id);
    await say(patient.phone, { button: 'Confirmar' });
    await settle();
    expect(await autoReplies(started.conversationId)).toEqual([]);
  });

  it('when a person took the conversation, then a patient message out of hours gets no auto-reply', async () => {
    const patient = await newPatient();
    const started = await startReminder(patient.id);
    await admin.post(`/api/conversations/${started.conversationId}/takeover`).expect(200);
    await say(patient.phone, { text: '¿Me confirmáis la hora?' });
    await settle();
    expect(await autoReplies(started.conversationId)).toEqual([]);
  });

  it('when a person answered yesterday evening without taking the conversation, then the patient writing again gets no auto-reply', async () => {
    const patient = await newPatient();
    const conversationId = (await say(patient.phone, { text: 'Hola' })).body.conversationId as string;
    await settle();
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Buenas, dígame' }).expect(201);
    // The first auto-reply was yesterday (it goes once a day); the person's answer is recent.
    await platform.ctx.db.execute(sql`UPDATE conversation_events SET created_at = now() - interval '25 hours' WHERE conversation_id = ${conversationId} AND kind = 'auto_reply'`);
    expect((await state(conversationId)).assigneeId).toBeNull();
    await say(patient.phone, { text: 'Quería cambiar la cita' });
    await settle();
    expect(await autoReplies(conversationId)).toHaveLength(1);
  });
});
