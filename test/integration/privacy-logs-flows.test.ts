// Patient data is health data (issue 15 §7): every flow, failing ones included, is driven at `info` with
// distinctive names, numbers, e-mail addresses and texts, and none of them may reach the log in any form a
// reader would recognise (as typed, E.164, national, digits only, lower case, without accents).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { FhirStandIn, type FhirResource } from '../stand-ins/fhir/fhir-stand-in.ts';
import { SmtpStandIn } from '../stand-ins/smtp/smtp-stand-in.ts';
import { freePort } from '../support/freePort.ts';
import { captureLogs } from '../support/logCapture.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const ACCOUNT = 'AC7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a';
const TWILIO_TOKEN = 'twilio-token-privacy-logs';
const CLINIC_NUMBER = '+34910555777';
const FHIR_TOKEN = 'fhir-token-privacy-logs';

/** Everything personal the flows below use: none of it may appear in the log. */
const PEOPLE = {
  simulator: { firstName: 'Wenceslao', lastName: 'Quiroga-Abendaño', phone: '+34611472983', email: 'wenceslao.quiroga@correo.example' },
  twilio: { phone: '+34622583194' },
  twilioStop: { phone: '+34633694205' },
  twilioInvalid: { phone: '+34644715316' },
  bot: { firstName: 'Eulalia', lastName: 'Zarzuela', phone: '+34655826427' },
  late: { firstName: 'Hermenegildo', lastName: 'Pizarroso', phone: '+34666937538' },
  fhir: { firstName: 'Fulgencio', lastName: 'Olabarrieta', phone: '699 82 64 27' },
  fhirBad: { firstName: 'Radegunda', lastName: 'Escolástica', phone: '68' },
  csv: { firstName: 'Perpetua', lastName: 'Iturralde', phone: '688 93 75 38' },
  csvBad: { firstName: 'Genoveva', lastName: 'Urquijo', phone: '677 04 86 49', email: 'genoveva@' },
  mail: { firstName: 'Leovigildo', lastName: 'Castañeda', email: 'leovigildo.castaneda@correo.example' },
  mailBad: { firstName: 'Sinforosa', lastName: 'Baquedano', email: 'sinforosa.baquedano@correo.example' },
  badInput: { firstName: 'Anacleto', lastName: 'Villabrágima' },
};
const TEXTS = [
  'Me sangran las encías tras la extracción',
  'Le confirmamos el tratamiento de periodoncia',
  'Tengo fiebre desde la endodoncia',
  'Su biopsia está lista',
  'Respuesta por correo sobre su implante',
  'Mensaje que rebota en el buzón',
  'Ese número dejó de recibir mensajes',
];

let twilio: TwilioStandIn;
let fhir: FhirStandIn;
let smtp: SmtpStandIn;
let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let webhookUrl: string;
let twilioChannelId: string;
const { lines, destination } = captureLogs();
let sid = 0;

beforeAll(async () => {
  [twilio, fhir, smtp] = await Promise.all([TwilioStandIn.start({ [ACCOUNT]: TWILIO_TOKEN }), FhirStandIn.start({ token: FHIR_TOKEN }), SmtpStandIn.start({ recepcion: 'smtp-pass-logs' })]);
  const port = await freePort();
  platform = await startTestPlatform({ LOG_LEVEL: 'info', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, OUTBOX_RETRY_BASE_MS: '20' }, { logDestination: destination });
  admin = await loginAgent(platform);
  twilioChannelId = (
    await admin.post('/api/channels').send({ type: 'twilio_sms', name: 'SMS', config: { accountSid: ACCOUNT, authToken: TWILIO_TOKEN, from: CLINIC_NUMBER, apiBaseUrl: twilio.url } }).expect(201)
  ).body.id;
  webhookUrl = `http://127.0.0.1:${port}/webhooks/twilio/${twilioChannelId}`;
});
afterAll(async () => {
  await platform?.close();
  await Promise.all([twilio?.close(), fhir?.close(), smtp?.close()]);
});

/** Polls `read` until `done` holds (the outcome, not a duration, is what is waited for). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const twilioInbound = (from: string, body: string) => {
  const id = `SM${String(++sid).padStart(32, '0')}`;
  return postAsTwilio(webhookUrl, TWILIO_TOKEN, { AccountSid: ACCOUNT, MessageSid: id, SmsMessageSid: id, From: from, To: CLINIC_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' });
};

async function conversationOf(phone: string, channel: string): Promise<{ id: string; patientId: string }> {
  return until(async () => (await admin.get('/api/conversations').query({ q: phone, channel }).expect(200)).body.items[0] as { id: string; patientId: string } | undefined, Boolean, `a conversation with ${phone}`) as Promise<{ id: string; patientId: string }>;
}

async function messageStatus(conversationId: string, messageId: string, statuses: string[]): Promise<void> {
  await until(
    async () => ((await admin.get(`/api/conversations/${conversationId}/messages`).expect(200)).body.items as Array<{ id: string; status: string }>).find((m) => m.id === messageId)?.status,
    (status) => status !== undefined && statuses.includes(status),
    `message ${messageId} to reach ${statuses.join('/')}`,
  );
}

/** The ways a reader would find a phone number: as given, E.164, digits only, national, national in groups. */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('34') && digits.length === 11 ? digits.slice(2) : digits;
  if (national.length < 6) return [];
  return [phone, `+34${national}`, `34${national}`, national, national.replace(/(\d{3})(\d{2})(\d{2})(\d{2})/, '$1 $2 $3 $4'), national.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3')];
}

const withoutAccents = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '');

function secrets(): string[] {
  const found = new Set<string>();
  for (const person of Object.values(PEOPLE) as Array<Partial<Record<'firstName' | 'lastName' | 'phone' | 'email', string>>>) {
    for (const name of [person.firstName, person.lastName]) if (name) found.add(name);
    if (person.phone) for (const form of phoneForms(person.phone)) found.add(form);
    if (person.email && person.email.length > 10) found.add(person.email);
  }
  for (const text of TEXTS) found.add(text).add(text.split(' ').slice(-2).join(' '));
  return [...new Set([...found].flatMap((secret) => [secret.toLowerCase(), withoutAccents(secret).toLowerCase()]))];
}

describe('logs at info level, across every flow', () => {
  it('when patients write on the simulator and on Twilio, agents reply, sends fail, bots, automations, PMS syncs, imports, e-mail, bad input, export and erasure run, then no name, number, address or text reaches the log', async () => {
    // Inbound on the simulator, a patient created and answered by an agent.
    const sim = PEOPLE.simulator;
    const simulated = (await admin.post('/api/simulator/messages').send({ from: sim.phone, text: TEXTS[0] }).expect(201)).body;
    const simPatient = (await admin.get(`/api/conversations/${simulated.conversationId}`).expect(200)).body.patientId as string;
    await admin.patch(`/api/patients/${simPatient}`).send({ firstName: sim.firstName, lastName: sim.lastName, email: sim.email }).expect(200);
    await admin.post(`/api/conversations/${simulated.conversationId}/messages`).send({ text: TEXTS[1] }).expect(201);

    // Inbound on Twilio (signed), a bad signature, the agent's reply, a 500 retried and two refusals that quote the number.
    expect((await twilioInbound(PEOPLE.twilio.phone, TEXTS[2]!)).status).toBeLessThan(300);
    const badSignature = await postAsTwilio(webhookUrl, TWILIO_TOKEN, { From: PEOPLE.twilio.phone, Body: TEXTS[2]! }, 'forged');
    expect(badSignature.status).toBe(403);
    const onTwilio = await conversationOf(PEOPLE.twilio.phone, 'twilio_sms');
    twilio.failNext(1);
    const retried = (await admin.post(`/api/conversations/${onTwilio.id}/messages`).send({ text: TEXTS[3] }).expect(201)).body;
    await messageStatus(onTwilio.id, retried.id, ['sent', 'delivered']);

    for (const [person, failure] of [
      [PEOPLE.twilioStop, { code: 21610, message: `Attempt to send to unsubscribed recipient ${PEOPLE.twilioStop.phone}` }],
      [PEOPLE.twilioInvalid, { code: 21211, message: `The 'To' number ${PEOPLE.twilioInvalid.phone} is not a valid phone number.` }],
    ] as const) {
      expect((await twilioInbound(person.phone, 'Hola')).status).toBeLessThan(300);
      const conversation = await conversationOf(person.phone, 'twilio_sms');
      twilio.failFor(person.phone, failure);
      const reply = (await admin.post(`/api/conversations/${conversation.id}/messages`).send({ text: TEXTS[6] }).expect(201)).body;
      await messageStatus(conversation.id, reply.id, ['failed']);
    }

    // Automations send the booking notice of every appointment below at once (no undo window).
    await admin.put('/api/automations').send({ notices: { undoMinutes: 0 } }).expect(200);

    // Bot flows: a recall accepted and a reminder confirmed, on the simulator.
    const bot = PEOPLE.bot;
    const botPatient = (await admin.post('/api/patients').send({ firstName: bot.firstName, lastName: bot.lastName, phones: [bot.phone], privacyConsent: true }).expect(201)).body;
    const recall = (await admin.post('/api/recalls').send({ patientId: botPatient.id, reason: 'Limpieza', dueDate: '2026-12-01' }).expect(201)).body;
    await admin.post('/api/bots/start').send({ flow: 'recall', recallId: recall.id }).expect(201);
    await until(async () => (await admin.get('/api/simulator/messages').query({ phone: bot.phone }).expect(200)).body.items.length, (n) => n >= 1, 'the recall offer');
    await admin.post('/api/simulator/messages').send({ from: bot.phone, button: 'Agendar cita' }).expect(201);
    await until(async () => (await admin.get(`/api/recalls/${recall.id}`).expect(200)).body.status, (s) => s === 'accepted', 'the recall accepted');
    const appointment = (await admin.post('/api/appointments').send({ patientId: botPatient.id, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body;
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
    await admin.post('/api/simulator/messages').send({ from: bot.phone, text: 'Sí, allí estaré' }).expect(201);
    await until(async () => (await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.status, (s) => s === 'confirmed', 'the appointment confirmed');

    // Automations: a running-late alert messages today's patients of a provider.
    const late = PEOPLE.late;
    const latePatient = (await admin.post('/api/patients').send({ firstName: late.firstName, lastName: late.lastName, phones: [late.phone], privacyConsent: true }).expect(201)).body;
    const provider = (await admin.post('/api/providers').send({ firstName: 'Doctora', lastName: 'Turno' }).expect(201)).body;
    await admin.post('/api/appointments').send({ patientId: latePatient.id, providerId: provider.id, startsAt: new Date(Date.now() + 60 * 60_000).toISOString() }).expect(201);
    await admin.post('/api/alerts/running-late').send({ providerId: provider.id, minutes: 20 }).expect(200);
    await until(async () => (await admin.get('/api/simulator/messages').query({ phone: late.phone }).expect(200)).body.items.length, (n) => n >= 2, 'the booking notice and the running-late alert');

    // PMS sync from FHIR, with a patient whose number nobody can dial and an appointment without a time.
    fhir.put(fhirPatient('pat-ok', PEOPLE.fhir));
    fhir.put(fhirPatient('pat-bad', PEOPLE.fhirBad));
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    fhir.put({ resourceType: 'Appointment', id: 'ap-ok', status: 'booked', start: inThreeDays.toISOString(), end: new Date(inThreeDays.getTime() + 30 * 60_000).toISOString(), participant: [{ actor: { reference: 'Patient/pat-ok' }, status: 'needs-action' }] });
    fhir.put({ resourceType: 'Appointment', id: 'ap-bad', status: 'booked', participant: [{ actor: { reference: 'Patient/pat-bad', display: `${PEOPLE.fhirBad.firstName} ${PEOPLE.fhirBad.lastName}` } }] });
    const fhirConnector = (await admin.post('/api/connectors').send({ type: 'fhir', name: 'PMS', config: { baseUrl: fhir.baseUrl, token: FHIR_TOKEN }, syncIntervalMinutes: null }).expect(201)).body.id;
    const synced = (await admin.post(`/api/connectors/${fhirConnector}/sync`).send({ full: true }).expect(200)).body;
    expect(synced.errors.length).toBeGreaterThan(0);
    // The synced patient confirms by the reminder bot while the PMS is down: the write-back fails, logged.
    const pmsAppointment = (await admin.get('/api/appointments').query({ from: new Date().toISOString() }).expect(200)).body.items.find((a: { externalId: string | null }) => a.externalId === 'ap-ok');
    await admin.patch(`/api/patients/${pmsAppointment.patientId}`).send({ privacyConsent: true }).expect(200);
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: pmsAppointment.id }).expect(201);
    const fhirPhone = `+34${PEOPLE.fhir.phone.replace(/\s/g, '')}`;
    await until(async () => (await admin.get('/api/simulator/messages').query({ phone: fhirPhone }).expect(200)).body.items.length, (n) => n >= 1, 'the reminder');
    fhir.failNext = { status: 500, count: 10 };
    await admin.post('/api/simulator/messages').send({ from: fhirPhone, text: 'Sí' }).expect(201);
    await until(async () => lines.join(''), (logs) => logs.includes('writing the patient answer back to the PMS failed'), 'the failed write-back');
    fhir.failNext = null;

    // CSV import with a bad row (a dry run, then for real).
    const csvConnector = (await admin.post('/api/connectors').send({ type: 'csv', name: 'Gesden', config: { resource: 'patients' }, syncIntervalMinutes: null }).expect(201)).body.id;
    const csv = [
      'Nº Historia;Nombre;Apellidos;Teléfono móvil;Email',
      `7001;${PEOPLE.csv.firstName};${PEOPLE.csv.lastName};${PEOPLE.csv.phone};`,
      `7002;${PEOPLE.csvBad.firstName};${PEOPLE.csvBad.lastName};${PEOPLE.csvBad.phone};${PEOPLE.csvBad.email}`,
    ].join('\n');
    for (const query of [{ dryRun: 'true' }, {}]) {
      const imported = (await admin.post(`/api/connectors/${csvConnector}/import`).query(query).set('content-type', 'text/csv').send(csv).expect(200)).body;
      expect(imported.errors).toHaveLength(1);
    }

    // E-mail: a reply delivered over SMTP and one the server refuses, quoting the address as real servers do.
    const email = (
      await admin.post('/api/channels').send({ type: 'email', name: 'Correo', config: { host: smtp.host, port: smtp.port, user: 'recepcion', password: 'smtp-pass-logs', from: 'citas@sonrisa.example' } }).expect(201)
    ).body;
    const clinicId = (await admin.get('/api/auth/me').expect(200)).body.user.clinicId as string;
    smtp.rejectRecipient(PEOPLE.mailBad.email, 550, `5.1.1 <${PEOPLE.mailBad.email}>: Recipient address rejected: User unknown`);
    for (const [person, text] of [[PEOPLE.mail, TEXTS[4]!], [PEOPLE.mailBad, TEXTS[5]!]] as const) {
      const patient = (await admin.post('/api/patients').send({ firstName: person.firstName, lastName: person.lastName, email: person.email, preferredChannel: 'email', privacyConsent: true }).expect(201)).body;
      const { row } = await platform.ctx.repos.conversations.findOrCreate(clinicId, patient.id, email.id, { state: 'human' });
      const reply = (await admin.post(`/api/conversations/${row.id}/messages`).send({ text }).expect(201)).body;
      await messageStatus(row.id, reply.id, person === PEOPLE.mail ? ['sent', 'delivered'] : ['failed']);
    }
    expect(smtp.mails.some((mail) => mail.envelopeTo.includes(PEOPLE.mail.email))).toBe(true);

    // Bad input: 400s that quote what was sent, and a body that is not even JSON.
    const bad = PEOPLE.badInput;
    await admin.post('/api/patients').send({ firstName: bad.firstName, lastName: bad.lastName, phones: [`${bad.firstName} 12`] }).expect(400);
    await admin.post('/api/patients').send({ firstName: bad.firstName, lastName: bad.lastName, email: `${bad.lastName}@` }).expect(400);
    await admin.post('/api/simulator/messages').send({ from: `tel ${bad.lastName}`, text: TEXTS[0] }).expect(400);
    await admin.post('/api/patients').set('content-type', 'application/json').send(`{"firstName": "${bad.firstName}", `).expect(400);
    await admin.get('/api/patients/not-a-uuid').expect((res) => expect(res.status).toBeLessThan(500));

    // Database refusals: text PostgreSQL cannot store (a NUL character), and the same PMS id twice.
    await admin.post('/api/patients').send({ firstName: bad.firstName, lastName: `${bad.lastName}\u0000` }).expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));
    await admin.post('/api/simulator/messages').send({ from: PEOPLE.simulator.phone, text: `${TEXTS[2]}\u0000` });
    await admin.post('/api/patients').send({ firstName: bad.firstName, lastName: bad.lastName, externalIds: { gesden: '7001' } }).expect((res) => expect(res.status).toBeLessThan(500));

    // Export and erasure of the simulator patient.
    const exported = await admin.get(`/api/patients/${simPatient}/export`).expect(200);
    expect(JSON.stringify(exported.body)).toContain(sim.lastName);
    await admin.post(`/api/patients/${simPatient}/erase`).expect(204);

    // The platform did log these flows (so the test reads a real log), and no secret is in it.
    const logs = lines.join('');
    expect(logs).toMatch(/connector sync finished/);
    expect(logs).toMatch(/CSV import finished/);
    expect(logs).toMatch(/send failed/);
    const lowered = logs.toLowerCase();
    const leaks = secrets().filter((secret) => lowered.includes(secret.toLowerCase()));
    expect(leaks, leaks.map((leak) => lines.find((line) => line.toLowerCase().includes(leak.toLowerCase()))).join('\n')).toEqual([]);
  });
});

function fhirPatient(id: string, person: { firstName: string; lastName: string; phone: string }): FhirResource {
  return {
    resourceType: 'Patient',
    id,
    active: true,
    name: [{ use: 'official', family: person.lastName, given: [person.firstName] }],
    telecom: [{ system: 'phone', value: person.phone, use: 'mobile', rank: 1 }],
  };
}
