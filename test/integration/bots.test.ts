// Bot flows on the real platform: the inbox store, the outbox and the simulator channel, as a patient
// on WhatsApp or SMS would live them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let phoneCounter = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(() => platform.close());

type SentMessage = { id: string; text: string; buttons?: string[]; author: string; status: string; channelKind: string | null };

async function newPatient(fields: Record<string, unknown> = {}) {
  const phone = `+3460088${String(++phoneCounter).padStart(4, '0')}`;
  const patient = (await admin.post('/api/patients').send({ firstName: 'Paciente', lastName: `Prueba ${phoneCounter}`, phones: [phone], privacyConsent: true, ...fields }).expect(201)).body;
  return { ...patient, phone } as { id: string; phone: string };
}

async function appointmentFor(patientId: string) {
  return (await admin.post('/api/appointments').send({ patientId, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body as { id: string };
}

/** What the platform sent to this phone, oldest first, once `count` messages are there. */
async function sentTo(phone: string, count: number): Promise<SentMessage[]> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const items = ((await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as SentMessage[]).reverse();
    if (items.length >= count || Date.now() > deadline) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const press = (phone: string, button: string) => admin.post('/api/simulator/messages').send({ from: phone, button }).expect(201);
const say = (phone: string, text: string) => admin.post('/api/simulator/messages').send({ from: phone, text }).expect(201);
const conversation = async (id: string) => (await admin.get(`/api/conversations/${id}`).expect(200)).body;

describe('recall flow (seed 003)', () => {
  it('when the patient taps "Agendar cita", then the recall is accepted, the bot asks mornings or afternoons and hands over to the inbox', async () => {
    const patient = await newPatient();
    const recall = (await admin.post('/api/recalls').send({ patientId: patient.id, reason: 'Limpieza', dueDate: '2026-12-01', origin: 'pms' }).expect(201)).body;
    const started = (await admin.post('/api/bots/start').send({ flow: 'recall', recallId: recall.id }).expect(201)).body;
    expect(started).toMatchObject({ flow: 'recall', status: 'active' });
    expect((await admin.get(`/api/recalls/${recall.id}`).expect(200)).body.status).toBe('sent');
    expect((await conversation(started.conversationId)).state).toBe('bot');

    const [offer] = await sentTo(patient.phone, 1);
    expect(offer).toMatchObject({ author: 'bot', buttons: ['Agendar cita', 'No gracias'] });

    await press(patient.phone, 'Agendar cita');
    const messages = await sentTo(patient.phone, 2);
    expect(messages[1]!.text).toContain('¿Prefieres mañanas o tardes?');
    expect((await admin.get(`/api/recalls/${recall.id}`).expect(200)).body.status).toBe('accepted');
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'recall_accepted' });
    const sessions = (await admin.get('/api/bots/sessions').query({ status: 'done', flow: 'recall' }).expect(200)).body.items;
    expect(sessions.map((s: { id: string }) => s.id)).toContain(started.id);
  });

  it('when the patient taps "No gracias", then the recall is rejected, the bot thanks them and closes the conversation', async () => {
    const patient = await newPatient();
    const recall = (await admin.post('/api/recalls').send({ patientId: patient.id, reason: 'Revisión', dueDate: '2026-12-01' }).expect(201)).body;
    const started = (await admin.post('/api/bots/start').send({ flow: 'recall', recallId: recall.id }).expect(201)).body;
    await sentTo(patient.phone, 1);
    await press(patient.phone, 'No gracias');
    const messages = await sentTo(patient.phone, 2);
    expect(messages[1]!.text).toContain('Muchas gracias, nos pondremos en contacto contigo más adelante');
    expect((await admin.get(`/api/recalls/${recall.id}`).expect(200)).body.status).toBe('rejected');
    expect((await conversation(started.conversationId)).state).toBe('closed');
  });

  it.each(['en', 'it', 'fr'])('when a %s-speaking patient accepts the recall with its first button, then it is accepted and handed over', async (locale) => {
    const patient = await newPatient({ locale });
    const recall = (await admin.post('/api/recalls').send({ patientId: patient.id, reason: 'Cleaning', dueDate: '2026-12-01' }).expect(201)).body;
    const started = (await admin.post('/api/bots/start').send({ flow: 'recall', recallId: recall.id }).expect(201)).body;
    const [offer] = await sentTo(patient.phone, 1);
    expect(offer!.buttons).toHaveLength(2);
    expect(offer!.text).not.toContain('Agendar cita');
    await press(patient.phone, offer!.buttons![0]!);
    expect((await sentTo(patient.phone, 2))).toHaveLength(2);
    expect((await admin.get(`/api/recalls/${recall.id}`).expect(200)).body.status).toBe('accepted');
    expect((await conversation(started.conversationId)).handoverReason).toBe('recall_accepted');
  });
});

describe('reminder flow', () => {
  it('when the patient answers "Sí", then the appointment is confirmed and the bot confirms', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
    await sentTo(patient.phone, 1);
    await say(patient.phone, 'Sí 👍');
    await sentTo(patient.phone, 2);
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body).toMatchObject({ status: 'confirmed' });
  });

  it.each(['Y', 'y', 'Y.'])('when a Spanish patient answers %j to the reminder, then the appointment is confirmed (seed 000: "Y/SÍ confirma")', async (answer) => {
    const patient = await newPatient({ locale: 'es' });
    const appointment = await appointmentFor(patient.id);
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    await sentTo(patient.phone, 1);
    // The simulator answers once the bot has handled the reply.
    await say(patient.phone, answer);
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body).toMatchObject({ status: 'confirmed', replyStatus: 'confirmed' });
    expect((await conversation(started.conversationId)).state).toBe('closed');
  });

  it('when the patient cancels and then wants to rebook, then the appointment is cancelled and reception gets the conversation', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    await sentTo(patient.phone, 1);
    await say(patient.phone, 'No, cancelar');
    const afterCancel = await sentTo(patient.phone, 3);
    expect(afterCancel.length).toBeGreaterThanOrEqual(3);
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.status).toBe('cancelled');
    await say(patient.phone, 'sí');
    const deadline = Date.now() + 5000;
    while ((await conversation(started.conversationId)).state !== 'human' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'wants_to_rebook' });
  });

  it('when the reply makes no sense to the bot, then it hands over with the reason', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    await sentTo(patient.phone, 1);
    await say(patient.phone, '¿Puedo llevar a mi hijo también?');
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'unrecognised_reply' });
  });

  it('when the patient prefers SMS, then the options come as numbered text and "1" confirms', async () => {
    const patient = await newPatient({ preferredChannel: 'sms' });
    const appointment = await appointmentFor(patient.id);
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
    const [reminder] = await sentTo(patient.phone, 1);
    expect(reminder!.buttons).toBeUndefined();
    await say(patient.phone, '1');
    await sentTo(patient.phone, 2);
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.status).toBe('confirmed');
  });

  it('when nobody answers by the deadline, then the appointment is marked unanswered for reception', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id, deadlineHours: 0.0002 }).expect(201);
    const deadline = Date.now() + 12_000;
    let replyStatus: string | null = null;
    while (replyStatus !== 'unanswered' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      replyStatus = (await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.replyStatus;
    }
    expect(replyStatus).toBe('unanswered');
  });

  it('when a person takes over, then the bot stops and no longer answers', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    await sentTo(patient.phone, 1);
    await admin.post(`/api/conversations/${started.conversationId}/takeover`).expect(200);
    await say(patient.phone, 'Sí');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.status).toBe('scheduled');
    expect((await sentTo(patient.phone, 1)).filter((m) => m.author === 'bot')).toHaveLength(1);
    const stopped = (await admin.get('/api/bots/sessions').query({ status: 'stopped' }).expect(200)).body.items;
    expect(stopped.map((s: { id: string }) => s.id)).toContain(started.id);
  });

  it('when two replies arrive together, then they are handled one after the other, in order', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    await sentTo(patient.phone, 1);
    const clinicId = (await admin.get('/api/auth/me')).body.user.clinicId;
    const current = await conversation(started.conversationId);
    const message = (text: string) => ({ id: text, conversationId: started.conversationId, text, direction: 'in', author: 'patient' }) as never;
    const received = (text: string) => platform.ctx.reactions.run('message:received', { clinicId, conversation: current, message: message(text) });
    await Promise.all([received('No'), received('Sí')]);
    // "No" cancels and offers to rebook; then "Sí" accepts the rebooking: reception gets it.
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.status).toBe('cancelled');
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'wants_to_rebook' });
  });
});

describe('follow-up flow', () => {
  it('when the survey score is low, then reception gets the conversation', async () => {
    const patient = await newPatient();
    const appointment = await appointmentFor(patient.id);
    const started = (await admin.post('/api/bots/start').send({ flow: 'followup', appointmentId: appointment.id, followupKind: 'survey' }).expect(201)).body;
    await sentTo(patient.phone, 1);
    await say(patient.phone, '2');
    expect(await conversation(started.conversationId)).toMatchObject({ state: 'human', handoverReason: 'low_satisfaction' });
  });
});

describe('starting a flow', () => {
  it('when the clinic requires consent and the patient has not given it, or opted out, or has no phone, then the start is refused clearly', async () => {
    const rules = (await admin.get('/api/automations').expect(200)).body;
    await admin.put('/api/automations').send({ ...rules, requirePrivacyConsent: true }).expect(200);
    const noConsent = await newPatient({ privacyConsent: false });
    const refused = await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: (await appointmentFor(noConsent.id)).id }).expect(422);
    expect(refused.body.error.code).toBe('consent_required');
    await admin.put('/api/automations').send(rules).expect(200);

    // Opted out of WhatsApp only: the reminder falls back to SMS; out of both phone channels, it is refused.
    const smsOnly = await newPatient({ optOuts: ['whatsapp'] });
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: (await appointmentFor(smsOnly.id)).id }).expect(201);
    expect((await sentTo(smsOnly.phone, 1))[0]).toMatchObject({ channelKind: 'sms' });
    const optedOut = await newPatient({ optOuts: ['whatsapp', 'sms'] });
    expect((await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: (await appointmentFor(optedOut.id)).id }).expect(422)).body.error.code).toBe('opted_out');
    const noPhone = (await admin.post('/api/patients').send({ firstName: 'Sin', lastName: 'Teléfono', email: 'sin.telefono@correo.example' }).expect(201)).body;
    expect((await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: (await appointmentFor(noPhone.id)).id }).expect(422)).body.error.code).toBe('no_reachable_channel');
    expect((await admin.post('/api/bots/start').send({ flow: 'recall' }).expect(400)).body.error.field).toBe('recallId');
  });
});

describe('keywords and auto-replies', () => {
  it('when a patient writes BAJA, then they are opted out of that channel with one confirmation, and ALTA brings them back', async () => {
    const patient = await newPatient();
    await say(patient.phone, 'BAJA');
    const confirmations = await sentTo(patient.phone, 1);
    expect(confirmations.filter((m) => m.author === 'bot')).toHaveLength(1);
    expect((await admin.get(`/api/patients/${patient.id}`).expect(200)).body.optOuts).toEqual(['whatsapp']);
    await say(patient.phone, 'BAJA');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await sentTo(patient.phone, 1)).filter((m) => m.author === 'bot')).toHaveLength(1);
    await say(patient.phone, 'ALTA');
    expect((await admin.get(`/api/patients/${patient.id}`).expect(200)).body.optOuts).toEqual([]);
  });

  it('when a patient writes with no flow running, then the auto-reply goes once that day', async () => {
    const patient = await newPatient();
    await say(patient.phone, 'Hola, una pregunta');
    await say(patient.phone, 'Y otra más');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await sentTo(patient.phone, 1);
    expect(sent.filter((m) => m.author === 'bot')).toHaveLength(1);
  });
});
