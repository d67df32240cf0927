// Templates through the API: the effective set, clinic overrides and their fallback, checks on save,
// previews of real appointments, legacy import, and the function bots and automations send with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, LOCALES } from '../../templates/index.ts';
import { renderMessage } from '../../server/modules/templates/renderMessage.ts';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let clinicId: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  clinicId = (await admin.get('/api/auth/me')).body.user.clinicId;
});
afterAll(() => platform.close());

describe('names we do not know', () => {
  it('when a patient is known only by the number, then greetings read naturally without the name', async () => {
    const { withoutEmptyNameGaps } = await import('../../server/modules/templates/renderMessage.ts');
    expect(withoutEmptyNameGaps('¡Genial, ! ¿Prefieres mañanas o tardes?')).toBe('¡Genial! ¿Prefieres mañanas o tardes?');
    expect(withoutEmptyNameGaps('Hola , te escribimos de la clínica.')).toBe('Hola, te escribimos de la clínica.');
    expect(withoutEmptyNameGaps('Bonjour  !')).toBe('Bonjour!');
  });
});

describe('templates API', () => {
  it('when listed, then every event has a template in every channel and locale, from the pack', async () => {
    const items = (await admin.get('/api/templates').expect(200)).body.items as Array<{ event: string; channel: string; locale: string; origin: string }>;
    for (const event of EVENTS) for (const channel of CHANNELS) for (const locale of LOCALES) {
      expect(items.some((t) => t.event === event && t.channel === channel && t.locale === locale), `${event}/${channel}/${locale}`).toBe(true);
    }
    expect(new Set(items.map((t) => t.origin))).toEqual(new Set(['pack']));
  });

  it('when a clinic saves an override, then sends use it in that language, other languages fall back, and deleting restores the pack', async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Carmen', phones: ['600333444'], locale: 'en' }).expect(201)).body;
    await admin.put('/api/templates/test/sms/es').send({ body: 'Prueba de {{clinic.name}} para {{patient.firstName}}' }).expect(200);
    await admin.put('/api/templates/test/sms/en').send({ body: 'Test from {{clinic.name}} for {{patient.firstName}}' }).expect(200);

    const english = await renderMessage(platform.ctx, { clinicId, event: 'test', channel: 'sms', patientId: patient.id });
    expect(english).toMatchObject({ text: 'Test from Clínica Sonrisa for Carmen', locale: 'en' });
    await admin.patch(`/api/patients/${patient.id}`).send({ locale: 'it' }).expect(200);
    // No Italian override: the pack's Italian text wins over the clinic's Spanish override.
    const italian = await renderMessage(platform.ctx, { clinicId, event: 'test', channel: 'sms', patientId: patient.id });
    expect(italian.locale).toBe('it');
    expect(italian.text).not.toContain('Prueba de');

    await admin.delete('/api/templates/test/sms/en').expect(204);
    await admin.patch(`/api/patients/${patient.id}`).send({ locale: 'en' }).expect(200);
    const back = await renderMessage(platform.ctx, { clinicId, event: 'test', channel: 'sms', patientId: patient.id });
    expect(back.text).not.toBe('Test from Clínica Sonrisa for Carmen');
    expect((await admin.get('/api/templates').query({ event: 'test', channel: 'sms', locale: 'es' }).expect(200)).body.items[0].origin).toBe('override');
  });

  it('when a template names an unknown field or breaks a channel limit, then 400 says which and by how much', async () => {
    const unknown = (await admin.put('/api/templates/reminder/sms/es').send({ body: 'Hola {{patient.frstName}}' }).expect(400)).body.error;
    expect(unknown).toMatchObject({ field: 'body', suggestion: 'patient.firstName' });
    expect(unknown.message).toMatch(/patient\.frstName/);

    const long = (await admin.put('/api/templates/reminder/sms/es').send({ body: 'á'.repeat(400) }).expect(400)).body.error;
    expect(long).toMatchObject({ code: 'limit_exceeded', limit: 3 });
    expect(long.measured).toBeGreaterThan(3);

    const buttons = (await admin.put('/api/templates/recall/whatsapp/es').send({ body: 'Hola', buttons: ['Uno', 'Dos', 'Tres', 'Cuatro'] }).expect(400)).body.error;
    expect(buttons).toMatchObject({ code: 'limit_exceeded', limit: 3, measured: 4 });

    const subject = (await admin.put('/api/templates/reminder/email/es').send({ body: 'Hola {{patient.firstName}}' }).expect(400)).body.error;
    expect(subject.field).toBe('subject');

    expect((await admin.put('/api/templates/birthday/sms/es').send({ body: 'x' }).expect(400)).body.error.field).toBe('event');
  });

  it('when a real appointment is previewed, then the patient and the local date appear, with SMS measures; another clinic cannot preview it', async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Lucía', phones: ['600333555'] }).expect(201)).body;
    // 26 October 2026, 09:30 in Madrid (UTC+1 after the clocks went back on the 25th).
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: '2026-10-26T08:30:00Z' }).expect(201)).body;
    const preview = (await admin.post('/api/templates/preview').send({ event: 'reminder', channel: 'sms', appointmentId: appointment.id }).expect(200)).body;
    expect(preview.text).toContain('Lucía');
    expect(preview.text).toContain('9:30');
    expect(preview.sms).toMatchObject({ encoding: expect.stringMatching(/GSM-7|UCS-2/), segments: expect.any(Number) });

    const bob = (await admin.post('/api/templates/preview').send({ event: 'reminder', channel: 'whatsapp', locale: 'en' }).expect(200)).body;
    expect(bob.text).toContain('Bob');
    expect(bob.buttons?.length).toBeGreaterThan(0);

    const other = await addClinic(platform, 'Clínica Vecina');
    const neighbour = await loginAgent(platform, other.admin);
    const refused = await neighbour.post('/api/templates/preview').send({ event: 'reminder', channel: 'sms', appointmentId: appointment.id }).expect(404);
    expect(refused.body.error.field).toBe('appointmentId');
  });

  it('when legacy templates are imported, then known tokens become fields and unknown ones are reported', async () => {
    const kalix = (await admin.post('/api/templates/import').send({ syntax: 'auto', text: 'Hola [CLIENTFIRSTNAME], cita con [CLINICIAN] el [APPOINTMENT] [NUTRITIONIXLINK]' }).expect(200)).body;
    expect(kalix.syntax).toBe('kalix');
    expect(kalix.body).toContain('{{patient.firstName}}');
    expect(kalix.unknownTokens).toContain('[NUTRITIONIXLINK]');
  });

  it('when an admin sends a test of a template to a phone, then it arrives through the simulator marked as a test', async () => {
    const sent = (await admin.post('/api/templates/test').send({ event: 'recall', channel: 'whatsapp', locale: 'es', to: '600999111' }).expect(202)).body;
    expect(sent).toMatchObject({ isTest: true, channelKind: 'whatsapp', buttons: ['Agendar cita', 'No gracias'] });
    const deadline = Date.now() + 5000;
    let received: Array<{ id: string; status: string; text: string }> = [];
    while (Date.now() < deadline) {
      received = (await admin.get('/api/simulator/messages').query({ phone: '+34600999111' }).expect(200)).body.items;
      if (received[0]?.status === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(received[0]).toMatchObject({ id: sent.id, status: 'delivered' });
    expect(received[0]!.text).toContain('Bob');
  });

  it('when an agent tries to change a template, then 403', async () => {
    await admin.post('/api/users').send({ email: 'tpl-agent@sonrisa.test', password: 'agent-pass-42' }).expect(201);
    const agent = await loginAgent(platform, { email: 'tpl-agent@sonrisa.test', password: 'agent-pass-42' });
    await agent.put('/api/templates/test/sms/es').send({ body: 'x' }).expect(403);
    await agent.get('/api/templates/fields').expect(200);
  });
});
