// The consent ledger: reception recording consent, a patient's BAJA / ALTA and a provider's unsubscribe each
// leave an entry with where it came from and who recorded it; BAJA also stops automated messages on that channel.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

type Entry = { purpose: string; channel: string | null; granted: boolean; source: string; byUserId: string | null; evidence: string | null };

describe('consent ledger', () => {
  it('when reception records consent and the patient writes BAJA then ALTA, then each change is in the ledger with its source, and BAJA stops automated messages', async () => {
    const admin = await loginAgent(platform);
    const me = (await admin.get('/api/auth/me').expect(200)).body.user;
    const phone = '+34600440011';
    const patient = (await admin.post('/api/patients').send({ firstName: 'Consuelo', phones: [phone], privacyConsent: true }).expect(201)).body;
    const ledger = () => admin.get(`/api/patients/${patient.id}/consents`).expect(200).then((res) => res.body.items as Entry[]);
    expect(await ledger()).toEqual([expect.objectContaining({ purpose: 'privacy', channel: null, granted: true, source: 'reception', byUserId: me.id })]);

    await admin.post('/api/simulator/messages').send({ from: phone, text: 'BAJA' }).expect(201);
    const afterBaja = await waitFor(ledger, (items) => items.length === 2);
    expect(afterBaja[1]).toMatchObject({ purpose: 'automated_messages', channel: 'whatsapp', granted: false, source: 'patient_keyword', evidence: 'opt_out', byUserId: null });
    // No automated message goes to that channel now: the one decision sends the reminder elsewhere (or nowhere).
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201)).body;
    const started = await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id });
    const reminders = await platform.ctx.db.execute<{ channel_kind: string }>(sql`
      SELECT m.channel_kind FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.patient_id = ${patient.id} AND m.purpose = 'reminder'`);
    expect([201, 409, 422]).toContain(started.status);
    expect(reminders.rows.map((r) => r.channel_kind)).not.toContain('whatsapp');

    await admin.post('/api/simulator/messages').send({ from: phone, text: 'ALTA' }).expect(201);
    const afterAlta = await waitFor(ledger, (items) => items.length === 3);
    expect(afterAlta[2]).toMatchObject({ purpose: 'automated_messages', channel: 'whatsapp', granted: true, source: 'patient_keyword', evidence: 'opt_in' });

    await admin.patch(`/api/patients/${patient.id}`).send({ privacyConsent: false }).expect(200);
    expect((await ledger()).at(-1)).toMatchObject({ purpose: 'privacy', granted: false, source: 'reception', byUserId: me.id });
    // A change that touches no consent adds nothing.
    await admin.patch(`/api/patients/${patient.id}`).send({ lastName: 'Vidal' }).expect(200);
    expect(await ledger()).toHaveLength(4);
  });

  it("when another clinic asks for a patient's ledger, then it is a 404", async () => {
    const admin = await loginAgent(platform);
    const patient = (await admin.post('/api/patients').send({ firstName: 'Ajena', phones: ['+34600440022'] }).expect(201)).body;
    const other = await addClinic(platform, 'Clínica Lejana');
    await (await loginAgent(platform, other.admin)).get(`/api/patients/${patient.id}/consents`).expect(404);
  });
});
