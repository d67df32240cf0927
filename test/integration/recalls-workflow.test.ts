// The recall workflow of seed 003 through the real API: filter the list, prepare a sending (auto-discard
// with reasons), send through the recall bot flow on the simulator channel, the patient's answer, and the
// recalls generated from treatment history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treatments } from '../../server/db/schema/index.ts';
import { recallGenerationJob } from '../../server/jobs/recallGeneration.ts';
import type { AutomationSettings } from '../../server/modules/automations/automationSettings.ts';
import { systemClock } from '../../server/modules/automations/clock.ts';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let clinicId: string;
let counter = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  clinicId = (await admin.get('/api/clinic').expect(200)).body.id;
});
afterAll(() => platform.close());

type Recall = { id: string; patientId: string; reason: string; dueDate: string; status: string; statusReason: string | null; origin: string; conversationId: string | null; patientName: string };
type SentMessage = { text: string; buttons?: string[]; author: string };

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const instantIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();
// Noon UTC falls on the same calendar day in the clinic's zone (Europe/Madrid), so a date
// derived from it does not depend on the hour the suite runs (a 23:38 UTC run was a day off).
const middayIn = (days: number) => `${dateIn(days)}T12:00:00.000Z`;

async function newPatient(fields: Record<string, unknown> = {}) {
  const phone = `+3460077${String(++counter).padStart(4, '0')}`;
  const patient = (await admin.post('/api/patients').send({ firstName: 'Paciente', lastName: `Recall ${counter}`, phones: [phone], privacyConsent: true, ...fields }).expect(201)).body;
  return { id: patient.id as string, phone };
}

async function newService(name: string, recallIntervalDays: number | null) {
  return (await admin.post('/api/services').send({ name, recallIntervalDays }).expect(201)).body as { id: string; name: string };
}

async function newRecall(patientId: string, fields: Record<string, unknown> = {}): Promise<Recall> {
  return (await admin.post('/api/recalls').send({ patientId, reason: 'Limpieza', dueDate: dateIn(10), origin: 'pms', ...fields }).expect(201)).body;
}

async function appointment(patientId: string, fields: Record<string, unknown>) {
  return (await admin.post('/api/appointments').send({ patientId, ...fields }).expect(201)).body as { id: string };
}

/** Treatment history arrives from the PMS (no API of its own): written as a connector would. */
async function treatment(patientId: string, name: string, performedOn: string) {
  await platform.ctx.db.insert(treatments).values({ clinicId, patientId, name, performedOn });
}

const recall = async (id: string): Promise<Recall> => (await admin.get(`/api/recalls/${id}`).expect(200)).body;

async function sentTo(phone: string, count: number): Promise<SentMessage[]> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const items = ((await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as SentMessage[]).reverse();
    if (items.length >= count || Date.now() > deadline) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first message sent to this phone that matches, waiting for it a few seconds. */
async function sentUntil(phone: string, matches: (message: SentMessage) => boolean): Promise<SentMessage | undefined> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const found = (await sentTo(phone, 0)).find(matches);
    if (found || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const press = (phone: string, button: string) => admin.post('/api/simulator/messages').send({ from: phone, button }).expect(201);

describe('recall list filters (seed 003, steps 1–2)', () => {
  it('when filtering by date range, statuses and several reasons, then only the matching recalls are listed', async () => {
    const patient = await newPatient();
    const inRange = await newRecall(patient.id, { reason: 'Filtro Limpieza', dueDate: '2031-05-10' });
    const otherReason = await newRecall(patient.id, { reason: 'Filtro Ortodoncia', dueDate: '2031-05-12', status: 'sent' });
    await newRecall(patient.id, { reason: 'Filtro Limpieza', dueDate: '2031-06-02' });
    await newRecall(patient.id, { reason: 'Filtro Limpieza', dueDate: '2031-05-20', status: 'accepted' });
    await newRecall(patient.id, { reason: 'Filtro Empaste', dueDate: '2031-05-15' });

    const res = await admin
      .get('/api/recalls')
      .query('from=2031-05-01&to=2031-05-31&status=pending&status=sent&reason=Filtro%20Limpieza&reason=Filtro%20Ortodoncia')
      .expect(200);
    expect(res.body.items.map((r: Recall) => r.id)).toEqual([inRange.id, otherReason.id]);
    expect(res.body.items[0]).toMatchObject({ patientName: `Paciente Recall ${counter}`, conversationId: null });

    const pendingOnly = await admin.get('/api/recalls').query({ from: '2031-05-01', to: '2031-05-31', status: 'pending', reason: 'Filtro Empaste' }).expect(200);
    expect(pendingOnly.body.items).toHaveLength(1);
  });

  it('when a filter is malformed, then the answer is 400 naming it', async () => {
    expect((await admin.get('/api/recalls').query({ status: 'lost' }).expect(400)).body.error.field).toBe('status');
    expect((await admin.get('/api/recalls').query({ from: '05/01/2031' }).expect(400)).body.error.field).toBe('from');
  });
});

describe('preparing a sending (seed 003, step 3)', () => {
  let cleaning: { id: string; name: string };
  beforeAll(async () => {
    cleaning = await newService('Limpieza', 180);
  });

  it('when patients already had the treatment or have an appointment for it, then they are discarded with the reason and marked scheduled', async () => {
    const attended = await newPatient();
    const booked = await newPatient();
    const bookedElsewhere = await newPatient();
    const due = await newPatient();
    const cameByAppointment = await newPatient();
    const attendedRecall = await newRecall(attended.id);
    const bookedRecall = await newRecall(booked.id);
    const elsewhereRecall = await newRecall(bookedElsewhere.id);
    const dueRecall = await newRecall(due.id);
    const appointmentRecall = await newRecall(cameByAppointment.id);
    await treatment(attended.id, 'limpieza', dateIn(-20));
    await treatment(due.id, 'Limpieza', dateIn(-200)); // the one that set the recall: does not count
    await appointment(booked.id, { serviceId: cleaning.id, startsAt: instantIn(15) });
    await appointment(bookedElsewhere.id, { startsAt: instantIn(15), status: 'confirmed' }); // no service: not "for it"
    await appointment(cameByAppointment.id, { serviceId: cleaning.id, startsAt: instantIn(-5), status: 'attended' });

    const res = await admin
      .post('/api/recalls/prepare')
      .send({ recallIds: [attendedRecall.id, bookedRecall.id, elsewhereRecall.id, dueRecall.id, appointmentRecall.id], treatments: ['Limpieza'] })
      .expect(200);

    expect(res.body.send.map((r: Recall) => r.id)).toEqual([elsewhereRecall.id, dueRecall.id]);
    expect(res.body.discarded.map((d: { recall: Recall; reason: string }) => [d.recall.id, d.reason])).toEqual([
      [attendedRecall.id, 'attended'],
      [bookedRecall.id, 'future_appointment'],
      [appointmentRecall.id, 'attended'],
    ]);
    expect(await recall(attendedRecall.id)).toMatchObject({ status: 'scheduled', statusReason: 'attended' });
    expect(await recall(bookedRecall.id)).toMatchObject({ status: 'scheduled', statusReason: 'future_appointment' });
    expect((await recall(dueRecall.id)).status).toBe('pending');

    const scheduled = await admin.get('/api/recalls').query({ status: 'scheduled', reason: 'Limpieza' }).expect(200);
    expect(scheduled.body.items.map((r: Recall) => r.id)).toEqual(expect.arrayContaining([attendedRecall.id, bookedRecall.id]));
  });

  it('when no treatment is chosen, then any coming appointment discards the recall', async () => {
    const patient = await newPatient();
    const pending = await newRecall(patient.id, { reason: 'Revisión general' });
    await appointment(patient.id, { startsAt: instantIn(3) });
    const res = await admin.post('/api/recalls/prepare').send({ recallIds: [pending.id] }).expect(200);
    expect(res.body.discarded).toEqual([{ recall: expect.objectContaining({ id: pending.id, status: 'scheduled' }), reason: 'future_appointment' }]);
  });
});

describe('sending (seed 003, steps 4–6)', () => {
  it('when sending, then pending recalls go to sent, discarded ones are skipped, and "Agendar cita" accepts and hands over', async () => {
    const due = await newPatient();
    const discarded = await newPatient();
    const dueRecall = await newRecall(due.id, { reason: 'Envío Limpieza' });
    const discardedRecall = await newRecall(discarded.id, { reason: 'Envío Limpieza', status: 'scheduled' });

    const res = await admin.post('/api/recalls/send').send({ recallIds: [dueRecall.id, discardedRecall.id], templateKey: 'recall' }).expect(200);
    expect(res.body).toMatchObject({ sent: 1, skipped: 1 });
    const [sent, skipped] = res.body.results;
    expect(sent).toMatchObject({ recallId: dueRecall.id, outcome: 'sent', recall: { status: 'sent' } });
    expect(skipped).toMatchObject({ recallId: discardedRecall.id, outcome: 'skipped', reason: 'discarded' });
    expect(sent.conversationId).toEqual(expect.any(String));
    expect(await recall(dueRecall.id)).toMatchObject({ status: 'sent', conversationId: sent.conversationId });

    const [offer] = await sentTo(due.phone, 1);
    expect(offer).toMatchObject({ author: 'bot', buttons: ['Agendar cita', 'No gracias'] });
    expect(await sentTo(discarded.phone, 0)).toEqual([]);

    await press(due.phone, 'Agendar cita');
    const messages = await sentTo(due.phone, 2);
    expect(messages[1]!.text).toContain('¿Prefieres mañanas o tardes?');
    expect((await recall(dueRecall.id)).status).toBe('accepted');
    expect((await admin.get(`/api/conversations/${sent.conversationId}`).expect(200)).body).toMatchObject({ state: 'human', handoverReason: 'recall_accepted' });
  });

  it('when a discarded patient is ticked to send anyway, then the recall is sent and "No gracias" rejects it', async () => {
    const patient = await newPatient();
    const discarded = await newRecall(patient.id, { reason: 'Override Limpieza' });
    await appointment(patient.id, { startsAt: instantIn(4) });
    const prepared = await admin.post('/api/recalls/prepare').send({ recallIds: [discarded.id] }).expect(200);
    expect(prepared.body.discarded).toHaveLength(1);

    const res = await admin.post('/api/recalls/send').send({ recallIds: [], override: [discarded.id] }).expect(200);
    expect(res.body.results).toEqual([expect.objectContaining({ recallId: discarded.id, outcome: 'sent' })]);
    expect(await recall(discarded.id)).toMatchObject({ status: 'sent', statusReason: 'sent_anyway' });

    // The booking confirmation went out first; the recall offer is the message with buttons.
    expect(await sentUntil(patient.phone, (m) => m.buttons?.includes('No gracias') ?? false)).toBeTruthy();
    await press(patient.phone, 'No gracias');
    expect(await sentUntil(patient.phone, (m) => m.text.includes('Muchas gracias, nos pondremos en contacto contigo más adelante'))).toBeTruthy();
    expect((await recall(discarded.id)).status).toBe('rejected');
  });

  it('when some patients cannot be written to, then they are skipped with the reason and the rest of the batch goes out', async () => {
    const reachable = await newPatient();
    const noPhone = await newPatient({ phones: [], email: 'sin.movil@example.es' });
    const optedOut = await newPatient({ optOuts: ['whatsapp'], preferredChannel: 'whatsapp' });
    const silent = await newPatient({ preferredChannel: 'none' });
    const recalls = await Promise.all([reachable, noPhone, optedOut, silent].map((patient) => newRecall(patient.id, { reason: 'Lote' })));

    const res = await admin.post('/api/recalls/send').send({ recallIds: recalls.map((r) => r.id), channel: 'whatsapp' }).expect(200);
    expect(res.body.results.map((r: { outcome: string; reason?: string }) => r.reason ?? r.outcome)).toEqual(['sent', 'no_reachable_channel', 'opted_out', 'no_reachable_channel']);
    expect((await recall(recalls[1]!.id)).status).toBe('pending');

    const again = await admin.post('/api/recalls/send').send({ recallIds: [recalls[0]!.id] }).expect(200);
    expect(again.body.results[0]).toMatchObject({ outcome: 'skipped', reason: 'already_sent' });
  });
});

describe('the clinic\'s rules on the recall road', () => {
  const withRules = async (change: (rules: AutomationSettings) => AutomationSettings, work: () => Promise<void>) => {
    const rules: AutomationSettings = (await admin.get('/api/automations').expect(200)).body;
    await admin.put('/api/automations').send(change(structuredClone(rules))).expect(200);
    try {
      await work();
    } finally {
      await admin.put('/api/automations').send(rules).expect(200);
    }
  };

  it('when the clinic sends only with privacy consent, then a recall to a patient without it is skipped with the reason and nothing is sent', async () => {
    await withRules((rules) => ({ ...rules, requirePrivacyConsent: true }), async () => {
      const withConsent = await newPatient();
      const without = await newPatient({ privacyConsent: false });
      const recalls = await Promise.all([withConsent, without].map((patient) => newRecall(patient.id, { reason: 'Consentimiento' })));
      const res = await admin.post('/api/recalls/send').send({ recallIds: recalls.map((r) => r.id) }).expect(200);
      expect(res.body.results.map((r: { outcome: string; reason?: string }) => r.reason ?? r.outcome)).toEqual(['sent', 'consent_required']);
      expect(await sentTo(without.phone, 0)).toEqual([]);
      expect((await recall(recalls[1]!.id)).status).toBe('pending');
    });
  });

  it('when the Recalls rule is switched off, then sending is refused with the reason and nothing goes out', async () => {
    await withRules((rules) => ({ ...rules, events: { ...rules.events, recalls: { ...rules.events.recalls, enabled: false } } }), async () => {
      const patient = await newPatient();
      const row = await newRecall(patient.id, { reason: 'Apagado' });
      const res = await admin.post('/api/recalls/send').send({ recallIds: [row.id] }).expect(200);
      expect(res.body.results[0]).toMatchObject({ outcome: 'skipped', reason: 'recalls_off' });
      expect(await sentTo(patient.phone, 0)).toEqual([]);
    });
  });

  it('when the Recalls rule allows only SMS, then a patient who prefers WhatsApp gets the recall by SMS', async () => {
    await withRules((rules) => ({ ...rules, events: { ...rules.events, recalls: { enabled: true, channels: ['sms'] } } }), async () => {
      const patient = await newPatient({ preferredChannel: 'whatsapp' });
      const row = await newRecall(patient.id, { reason: 'Solo SMS' });
      await admin.post('/api/recalls/send').send({ recallIds: [row.id] }).expect(200);
      const [first] = (await sentTo(patient.phone, 1)) as (SentMessage & { channelKind: string })[];
      expect(first).toMatchObject({ author: 'bot', channelKind: 'sms' });
    });
  });

  it('when POST /api/bots/start starts a recall for a patient without consent in a clinic that requires it, then it is refused', async () => {
    await withRules((rules) => ({ ...rules, requirePrivacyConsent: true }), async () => {
      const patient = await newPatient({ privacyConsent: false });
      const row = await newRecall(patient.id, { reason: 'API' });
      const refused = await admin.post('/api/bots/start').send({ flow: 'recall', recallId: row.id }).expect(422);
      expect(refused.body.error.code).toBe('consent_required');
      expect(await sentTo(patient.phone, 0)).toEqual([]);
    });
  });
});

describe('generated recalls (seed 003, part 2)', () => {
  it('when a patient is overdue for a treatment, then one generated recall is created once and never beside a PMS one', async () => {
    const checkup = await newService('Revisión periódica', 30);
    const overdue = await newPatient();
    const markedByPms = await newPatient();
    const booked = await newPatient();
    const manualInterval = await newPatient();
    for (const patient of [overdue, markedByPms, booked]) await appointment(patient.id, { serviceId: checkup.id, startsAt: middayIn(-60), status: 'attended' });
    await appointment(manualInterval.id, { serviceId: checkup.id, startsAt: middayIn(-60), status: 'attended', recallIntervalDays: 365 });
    await appointment(booked.id, { serviceId: checkup.id, startsAt: instantIn(10) });
    const pms = await newRecall(markedByPms.id, { reason: 'revisión periódica', dueDate: dateIn(-25), origin: 'pms' });

    await admin.post('/api/recalls/generate').send({}).expect(200);
    const second = await admin.post('/api/recalls/generate').send({}).expect(200);
    expect(second.body.created).toEqual([]);

    const listFor = async (patientId: string) => (await admin.get('/api/recalls').query({ patientId }).expect(200)).body.items as Recall[];
    const generated = await listFor(overdue.id);
    expect(generated).toEqual([expect.objectContaining({ origin: 'generated', status: 'pending', reason: 'Revisión periódica', dueDate: dateIn(-30) })]);
    expect((await listFor(markedByPms.id)).map((r) => r.id)).toEqual([pms.id]);
    expect(await listFor(booked.id)).toEqual([]);
    expect(await listFor(manualInterval.id)).toEqual([]);
  });

  it("when the clinic sets a default interval, then the daily job generates recalls for treatments without one of their own", async () => {
    const patient = await newPatient();
    await treatment(patient.id, 'Blanqueamiento', dateIn(-30));
    const clinic = (await admin.get('/api/clinic').expect(200)).body;
    await admin.patch('/api/clinic').send({ settings: { ...clinic.settings, recalls: { defaultIntervalDays: 20, leadDays: 0 } } }).expect(200);

    const job = recallGenerationJob(platform.ctx, systemClock);
    expect(job).toMatchObject({ name: 'recalls:generate', every: '1 day' });
    await job.run();
    await job.run();

    const recalls = (await admin.get('/api/recalls').query({ patientId: patient.id }).expect(200)).body.items as Recall[];
    expect(recalls).toEqual([expect.objectContaining({ origin: 'generated', reason: 'Blanqueamiento', dueDate: dateIn(-10) })]);
  });

  it('when the job and an on-demand run generate at the same moment, then the recall is created once', async () => {
    const service = await newService('Control de ortodoncia', 15);
    const patient = await newPatient();
    await appointment(patient.id, { serviceId: service.id, startsAt: instantIn(-40), status: 'attended' });

    const job = recallGenerationJob(platform.ctx, systemClock);
    await Promise.all([job.run(), admin.post('/api/recalls/generate').send({}).expect(200), admin.post('/api/recalls/generate').send({}).expect(200)]);

    const recalls = (await admin.get('/api/recalls').query({ patientId: patient.id }).expect(200)).body.items as Recall[];
    expect(recalls).toEqual([expect.objectContaining({ origin: 'generated', reason: 'Control de ortodoncia' })]);
  });

  it('when a staff member who is not an admin asks to generate, then it is refused', async () => {
    const { agent } = await staffAgent();
    await agent.post('/api/recalls/generate').send({}).expect(403);
  });
});

describe('tenancy and validation', () => {
  it("when clinic B names clinic A's recalls, then prepare and send answer 404", async () => {
    const patient = await newPatient();
    const mine = await newRecall(patient.id);
    const other = await addClinic(platform);
    const outsider = await loginAgent(platform, other.admin);
    expect((await outsider.post('/api/recalls/prepare').send({ recallIds: [mine.id], treatments: ['Limpieza'] }).expect(404)).body.error.code).toBe('not_found');
    await outsider.post('/api/recalls/send').send({ recallIds: [mine.id] }).expect(404);
    await outsider.post('/api/recalls/send').send({ override: [mine.id] }).expect(404);
    expect((await recall(mine.id)).status).toBe('pending');
  });

  it('when the input is malformed, then the answer is 400 naming the field', async () => {
    const field = async (path: string, body: unknown) => (await admin.post(path).send(body as object).expect(400)).body.error.field;
    expect(await field('/api/recalls/prepare', {})).toBe('recallIds');
    expect(await field('/api/recalls/prepare', { recallIds: ['not-a-uuid'] })).toBe('recallIds[0]');
    expect(await field('/api/recalls/prepare', { recallIds: [crypto.randomUUID()], treatments: 'Limpieza' })).toBe('treatments');
    expect(await field('/api/recalls/send', { recallIds: [] })).toBe('recallIds');
    expect(await field('/api/recalls/send', { recallIds: [crypto.randomUUID()], templateKey: 'nope' })).toBe('templateKey');
    expect(await field('/api/recalls/send', { recallIds: [crypto.randomUUID()], channel: 'fax' })).toBe('channel');
    expect(await field('/api/recalls/send', { recallIds: [crypto.randomUUID()], override: ['x'] })).toBe('override[0]');
  });
});

async function staffAgent() {
  const email = `agent-${++counter}@sonrisa.test`;
  await admin.post('/api/users').send({ email, password: 'agent-pass-1234', role: 'agent', name: 'Recepción' }).expect(201);
  return { agent: await loginAgent(platform, { email, password: 'agent-pass-1234' }) };
}
