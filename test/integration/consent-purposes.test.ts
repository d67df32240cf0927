// Consent per purpose and channel: reception's click, a web form and a patient's BAJA each land in the ledger
// with who, when, where from and the words; the one channel decision then refuses a purpose on a channel the
// patient has not consented to (recalls, marketing), while other purposes keep going.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { testChannelDecider } from '../support/channelDecider.ts';
import { waitFor } from './automations.helpers.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let counter = 0;
beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(async () => {
  await platform?.close();
});

type Entry = { purpose: string; channel: string | null; granted: boolean; source: string; byUserId: string | null; byUserName: string | null; textShown: string | null; note: string | null; at: string };
type PurposeState = { purpose: string; channels: Record<string, { granted: boolean; chosen: boolean }> };

async function newPatient() {
  const phone = `+3460088${String(++counter).padStart(4, '0')}`;
  const patient = (await admin.post('/api/patients').send({ firstName: 'Consentida', lastName: `Prueba ${counter}`, phones: [phone], privacyConsent: true }).expect(201)).body;
  return { id: patient.id as string, phone };
}

const consents = async (patientId: string) => (await admin.get(`/api/patients/${patientId}/consents`).expect(200)).body as { items: Entry[]; state: { optOuts: string[]; purposes: PurposeState[] } };
const granted = (state: { purposes: PurposeState[] }, purpose: string, kind: string) => state.purposes.find((p) => p.purpose === purpose)!.channels[kind]!.granted;

async function kindsSent(patientId: string, purpose: string): Promise<string[]> {
  const rows = await platform.ctx.db.execute<{ channel_kind: string }>(sql`
    SELECT m.channel_kind FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.patient_id = ${patientId} AND m.purpose = ${purpose}`);
  return rows.rows.map((row) => row.channel_kind);
}

describe('consent per purpose and channel', () => {
  it('when nobody asked a patient, then appointment messages, recalls and surveys are allowed and marketing is not, on every channel', async () => {
    const patient = await newPatient();
    const { state } = await consents(patient.id);
    for (const kind of ['whatsapp', 'sms', 'email', 'voice']) {
      expect([granted(state, 'appointments', kind), granted(state, 'recalls', kind), granted(state, 'surveys', kind), granted(state, 'marketing', kind)]).toEqual([true, true, true, false]);
    }
    expect(state.purposes.every((p) => Object.values(p.channels).every((c) => !c.chosen))).toBe(true);
  });

  it('when the patient writes BAJA on WhatsApp, then the ledger has it with their words and automated messages stop there', async () => {
    const patient = await newPatient();
    await admin.post('/api/simulator/messages').send({ from: patient.phone, text: 'BAJA' }).expect(201);
    const { items, state } = await waitFor(() => consents(patient.id), (body) => body.items.length === 2);
    expect(items[1]).toMatchObject({ purpose: 'automated_messages', channel: 'whatsapp', granted: false, source: 'patient_keyword', byUserId: null, textShown: 'BAJA' });
    expect(state.optOuts).toEqual(['whatsapp']);

    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201)).body;
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
    expect(await kindsSent(patient.id, 'reminder')).toEqual(['sms']);
  });

  it('when reception withdraws recall consent on WhatsApp and SMS, then no recall goes (sending and the flow refuse) while a reminder still does', async () => {
    const patient = await newPatient();
    const me = (await admin.get('/api/auth/me').expect(200)).body.user;
    for (const channel of ['whatsapp', 'sms']) {
      const entry = (await admin.post(`/api/patients/${patient.id}/consents`).send({ purpose: 'recalls', channel, granted: false, note: 'Lo pidió por teléfono' }).expect(201)).body;
      expect(entry).toMatchObject({ purpose: 'recalls', channel, granted: false, source: 'reception', byUserId: me.id, note: 'Lo pidió por teléfono', at: expect.any(String) });
    }
    const { state } = await consents(patient.id);
    expect(state.purposes.find((p) => p.purpose === 'recalls')!.channels.whatsapp).toEqual({ granted: false, chosen: true });

    const recall = (await admin.post('/api/recalls').send({ patientId: patient.id, reason: 'Limpieza', dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10), origin: 'pms' }).expect(201)).body;
    const sent = await admin.post('/api/recalls/send').send({ recallIds: [recall.id] }).expect(200);
    expect(sent.body.results[0]).toMatchObject({ recallId: recall.id, outcome: 'skipped', reason: 'consent_required' });
    const flow = await admin.post('/api/bots/start').send({ flow: 'recall', recallId: recall.id }).expect(422);
    expect(flow.body.error.code).toBe('consent_required');
    expect(await kindsSent(patient.id, 'recall')).toEqual([]);
    expect((await admin.get(`/api/recalls/${recall.id}`).expect(200)).body.status).toBe('pending');

    // Appointment messages are another purpose: the reminder goes on WhatsApp as before.
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201)).body;
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
    expect(await kindsSent(patient.id, 'reminder')).toEqual(['whatsapp']);
  });

  it('when a patient has not consented to marketing, then the decision refuses purpose marketing; a web form consent on SMS lets it go there', async () => {
    const patient = await newPatient();
    const decide = testChannelDecider(platform.ctx);
    const clinicId = (await admin.get('/api/auth/me').expect(200)).body.user.clinicId;
    const ask = () => decide({ clinicId, patientId: patient.id, purpose: 'marketing', kinds: ['whatsapp', 'sms'], event: 'campaign' });
    expect(await ask()).toMatchObject({ ok: false, reason: 'no_consent', passedOver: [{ kind: 'whatsapp', reason: 'no_consent' }, { kind: 'sms', reason: 'no_consent' }] });

    const text = 'Acepto recibir ofertas y novedades de la clínica por SMS.';
    await admin.post(`/api/patients/${patient.id}/consents`).send({ purpose: 'marketing', channel: 'sms', granted: true, source: 'web_form', textShown: text }).expect(201);
    const decision = await ask();
    expect(decision.ok && decision.choice.kind).toBe('sms');
    expect(decision.passedOver).toEqual([{ kind: 'whatsapp', reason: 'no_consent' }]);
    expect((await consents(patient.id)).items.at(-1)).toMatchObject({ purpose: 'marketing', channel: 'sms', granted: true, source: 'web_form', textShown: text });
  });

  it('when two records of a patient are merged, then the duplicate\'s ledger moves to the kept one and its "no" still holds', async () => {
    const kept = await newPatient();
    const duplicate = await newPatient();
    await admin.post(`/api/patients/${kept.id}/consents`).send({ purpose: 'marketing', channel: 'sms', granted: true }).expect(201);
    await admin.post(`/api/patients/${duplicate.id}/consents`).send({ purpose: 'recalls', channel: 'whatsapp', granted: false, note: 'No quiere revisiones' }).expect(201);
    await admin.post(`/api/patients/${kept.id}/merge`).send({ sourcePatientId: duplicate.id }).expect(200);
    const { items, state } = await consents(kept.id);
    expect(items.map((entry) => [entry.purpose, entry.channel, entry.granted])).toEqual(
      expect.arrayContaining([['marketing', 'sms', true], ['recalls', 'whatsapp', false]]),
    );
    expect([granted(state, 'recalls', 'whatsapp'), granted(state, 'marketing', 'sms')]).toEqual([false, true]);
  });

  it('when a change is malformed, then 400 names the field; another clinic gets 404; the change is in the access audit', async () => {
    const patient = await newPatient();
    const bad = async (body: Record<string, unknown>, field: string) => expect((await admin.post(`/api/patients/${patient.id}/consents`).send(body).expect(400)).body.error.field).toBe(field);
    await bad({ purpose: 'recalls', granted: false }, 'channel');
    await bad({ purpose: 'privacy', channel: 'sms', granted: true }, 'channel');
    await bad({ purpose: 'newsletters', channel: 'sms', granted: true }, 'purpose');
    await bad({ purpose: 'recalls', channel: 'fax', granted: true }, 'channel');
    await bad({ purpose: 'recalls', channel: 'sms', granted: true, source: 'patient_keyword' }, 'source');
    await bad({ purpose: 'recalls', channel: 'sms' }, 'granted');
    expect((await consents(patient.id)).items).toHaveLength(1);

    const other = await addClinic(platform, 'Clínica Consentida');
    await (await loginAgent(platform, other.admin)).post(`/api/patients/${patient.id}/consents`).send({ purpose: 'recalls', channel: 'sms', granted: false }).expect(404);

    // The channel's opt-out of every automated message is the same click, kept where the decision reads it.
    await admin.post(`/api/patients/${patient.id}/consents`).send({ purpose: 'automated_messages', channel: 'sms', granted: false }).expect(201);
    expect((await admin.get(`/api/patients/${patient.id}`).expect(200)).body.optOuts).toEqual(['sms']);
    await admin.post(`/api/patients/${patient.id}/consents`).send({ purpose: 'automated_messages', channel: 'sms', granted: true }).expect(201);
    expect((await consents(patient.id)).state.optOuts).toEqual([]);
    await admin.post(`/api/patients/${patient.id}/consents`).send({ purpose: 'privacy', granted: false }).expect(201);
    expect((await admin.get(`/api/patients/${patient.id}`).expect(200)).body.privacyConsent).toBe(false);
    const audit = await admin.get('/api/audit').query({ patientId: patient.id }).expect(200);
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'update' })]));
  });
});
