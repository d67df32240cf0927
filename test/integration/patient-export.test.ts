// A patient's export holds everything kept about them (every message, note, appointment, recall), is an admin's
// action, and is scoped to the caller's clinic.
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

describe('patient export', () => {
  it('when an admin exports a patient, then the document holds every message, note, appointment and recall of theirs and nothing of another patient', async () => {
    const admin = await loginAgent(platform);
    const phone = '+34600770011';
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: phone, text: 'Me duele la muela del juicio' }).expect(201)).body;
    await admin.post('/api/simulator/messages').send({ from: '+34600770099', text: 'Mensaje de otro paciente' }).expect(201);
    const conversation = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Le damos cita mañana a las 10' }).expect(201);
    await admin.post(`/api/conversations/${conversationId}/notes`).send({ text: 'Alergia a la penicilina' }).expect(201);
    const appointment = (await admin.post('/api/appointments').send({ patientId: conversation.patientId, startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString() }).expect(201)).body;
    await admin.patch(`/api/patients/${conversation.patientId}`).send({ privacyConsent: true }).expect(200);
    const recall = (await admin.post('/api/recalls').send({ patientId: conversation.patientId, reason: 'Limpieza anual', dueDate: '2027-03-01' }).expect(201)).body;
    // The reply is stored at once; wait only for the inbound job's bookkeeping to settle.
    await waitFor(() => admin.get(`/api/conversations/${conversationId}/messages`).then((res) => res.body.items as unknown[]), (items) => items.length >= 2);

    const res = await admin.get(`/api/patients/${conversation.patientId}/export`).expect(200);
    expect(res.headers['content-disposition']).toContain(`paciente-${conversation.patientId}.json`);
    const document = res.body;
    expect(document.patient).toMatchObject({ id: conversation.patientId, phones: [phone] });
    const texts = document.conversations.flatMap((c: { messages: Array<{ text: string }> }) => c.messages.map((m) => m.text));
    expect(texts).toEqual(expect.arrayContaining(['Me duele la muela del juicio', 'Le damos cita mañana a las 10']));
    expect(JSON.stringify(document)).not.toContain('Mensaje de otro paciente');
    expect(document.conversations[0].notes.map((n: { text: string }) => n.text)).toEqual(['Alergia a la penicilina']);
    expect(document.appointments.map((a: { id: string }) => a.id)).toEqual([appointment.id]);
    expect(document.recalls.map((r: { id: string }) => r.id)).toEqual([recall.id]);
    expect(document.consents).toEqual([expect.objectContaining({ purpose: 'privacy', granted: true, source: 'reception' })]);
  });

  it('when an admin asks for the readable export, then it is a printable page in the clinic language with every message, and patient text stays text', async () => {
    const admin = await loginAgent(platform);
    const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34600770033', text: `Hola ${attack}` }).expect(201)).body;
    const { patientId } = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    await admin.patch(`/api/patients/${patientId}`).send({ firstName: 'Íñigo', lastName: '<b>Ruiz</b>' }).expect(200);
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Le esperamos el martes & gracias' }).expect(201);
    await admin.post(`/api/patients/${patientId}/consents`).send({ purpose: 'marketing', channel: 'sms', granted: true, textShown: 'Acepto <promociones>' }).expect(201);
    await waitFor(() => admin.get(`/api/conversations/${conversationId}/messages`).then((res) => res.body.items as unknown[]), (items) => items.length >= 2);

    const res = await admin.get(`/api/patients/${patientId}/export`).query({ format: 'html' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src/);
    const html = res.text;
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Datos del paciente: Íñigo &lt;b&gt;Ruiz&lt;/b&gt;');
    expect(html).toContain('Le esperamos el martes &amp; gracias');
    expect(html).toContain('Hola &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('Acepto &lt;promociones&gt;');
    expect(html).toContain('Promociones');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    // The clinic's language decides the page's words.
    await admin.patch('/api/clinic').send({ locale: 'fr' }).expect(200);
    const french = (await admin.get(`/api/patients/${patientId}/export`).query({ format: 'html' }).expect(200)).text;
    expect(french).toContain('Données du patient');
    await admin.patch('/api/clinic').send({ locale: 'es' }).expect(200);
    await admin.get(`/api/patients/${patientId}/export`).query({ format: 'pdf' }).expect(400);
  });

  it('when an agent or another clinic asks for the export, then it is refused, and another clinic cannot tell the patient exists', async () => {
    const admin = await loginAgent(platform);
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34600770022', text: 'Hola' }).expect(201)).body;
    const { patientId } = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    const other = await addClinic(platform, 'Clínica Ajena');
    const foreign = await loginAgent(platform, other.admin);
    // The same answer as for an id that exists nowhere.
    await foreign.get(`/api/patients/${patientId}/export`).expect(404);
    await foreign.get('/api/patients/00000000-0000-4000-8000-000000000000/export').expect(404);
    const agentLogin = { email: 'exporta@sonrisa.test', password: 'agent-pass-42' };
    await admin.post('/api/users').send({ ...agentLogin, name: 'Recepción', role: 'agent' }).expect(201);
    await (await loginAgent(platform, agentLogin)).get(`/api/patients/${patientId}/export`).expect(403);
  });
});
