// Quick replies (canned responses): agents read and render them, admins write them; bodies are checked against
// the merge-field catalogue like templates; rendering fills the conversation's patient and next appointment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let agent: Awaited<ReturnType<typeof loginAgent>>;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  await admin.post('/api/users').send({ email: 'ana@sonrisa.test', password: 'ana-pass-4242', name: 'Ana' }).expect(201);
  agent = await loginAgent(platform, { email: 'ana@sonrisa.test', password: 'ana-pass-4242' });
});
afterAll(() => platform.close());

describe('quick replies CRUD', () => {
  it('when an admin creates one, then agents list it; the shortcut is stored without its slash and in lowercase', async () => {
    const created = (await admin.post('/api/quick-replies').send({ shortcut: '/Horario', title: 'Horario', body: 'Abrimos de lunes a viernes de 9:00 a 20:00.' }).expect(201)).body;
    expect(created).toMatchObject({ id: expect.any(String), shortcut: 'horario', title: 'Horario' });
    const listed = (await agent.get('/api/quick-replies').expect(200)).body;
    expect(listed).toMatchObject({ items: [expect.objectContaining({ id: created.id, shortcut: 'horario' })], nextCursor: null });
  });

  it('when an agent tries to write, then it is forbidden', async () => {
    expect((await agent.post('/api/quick-replies').send({ shortcut: 'hola', title: 'Hola', body: 'Hola' }).expect(403)).body.error.code).toBe('forbidden');
    const [existing] = (await agent.get('/api/quick-replies').expect(200)).body.items;
    await agent.patch(`/api/quick-replies/${existing.id}`).send({ title: 'Otro' }).expect(403);
    await agent.delete(`/api/quick-replies/${existing.id}`).expect(403);
  });

  it('when the shortcut is taken in the clinic, then it is a 409 naming the field; another clinic may use it', async () => {
    const conflict = await admin.post('/api/quick-replies').send({ shortcut: 'horario', title: 'Otra', body: 'Texto' }).expect(409);
    expect(conflict.body.error).toMatchObject({ code: 'conflict', field: 'shortcut' });
    const other = await addClinic(platform);
    const otherAdmin = await loginAgent(platform, other.admin);
    await otherAdmin.post('/api/quick-replies').send({ shortcut: 'horario', title: 'Horario', body: 'Otro horario' }).expect(201);
    expect((await admin.get('/api/quick-replies').expect(200)).body.items).toHaveLength(1);
  });

  it('when the shortcut has spaces or symbols, then it is refused naming the field', async () => {
    const refused = await admin.post('/api/quick-replies').send({ shortcut: 'dos palabras!', title: 'X', body: 'Y' }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'shortcut' });
  });

  it('when the body names an unknown merge field, then it is refused like a template, with a suggestion', async () => {
    const refused = await admin.post('/api/quick-replies').send({ shortcut: 'cita', title: 'Cita', body: 'Hola {{patient.firstNme}}' }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body', suggestion: 'patient.firstName' });
    const broken = await admin.post('/api/quick-replies').send({ shortcut: 'cita', title: 'Cita', body: 'Hola {{#if}}' }).expect(400);
    expect(broken.body.error.code).toBe('validation_failed');
  });

  it('when an admin renames, edits and deletes one, then the changes show and a renamed shortcut cannot collide', async () => {
    const first = (await admin.post('/api/quick-replies').send({ shortcut: 'parking', title: 'Parking', body: 'Hay parking gratuito.' }).expect(201)).body;
    const patched = (await admin.patch(`/api/quick-replies/${first.id}`).send({ shortcut: 'aparcamiento', body: 'Aparcamiento gratuito en la puerta.' }).expect(200)).body;
    expect(patched).toMatchObject({ shortcut: 'aparcamiento', body: 'Aparcamiento gratuito en la puerta.' });
    expect((await admin.patch(`/api/quick-replies/${first.id}`).send({ shortcut: 'horario' }).expect(409)).body.error.field).toBe('shortcut');
    await admin.patch(`/api/quick-replies/${first.id}`).send({ body: '{{nope}}' }).expect(400);
    await admin.delete(`/api/quick-replies/${first.id}`).expect(204);
    await admin.delete(`/api/quick-replies/${first.id}`).expect(404);
    expect((await agent.get('/api/quick-replies').expect(200)).body.items.map((q: { shortcut: string }) => q.shortcut)).toEqual(['horario']);
  });
});

describe('rendering for a conversation', () => {
  it("when an agent renders a quick reply by shortcut or id, then the merge fields are the conversation's patient and next appointment", async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Lucía', lastName: 'García', phones: ['+34600555001'], locale: 'es' }).expect(201)).body;
    const startsAt = '2030-06-03T07:30:00.000Z'; // Monday 3 June 2030, 09:30 in Madrid
    await admin.post('/api/appointments').send({ patientId: patient.id, startsAt, endsAt: '2030-06-03T08:00:00.000Z' }).expect(201);
    const conversationId = (await admin.post('/api/simulator/messages').send({ from: '+34600555001', text: '¿Cuándo tengo la cita?' }).expect(201)).body.conversationId as string;
    const quickReply = (await admin.post('/api/quick-replies').send({ shortcut: 'tu-cita', title: 'Tu cita', body: 'Hola {{patient.firstName}}, su cita es el {{appointment.date}} a las {{appointment.startTime}}.' }).expect(201)).body;

    const byShortcut = (await agent.post(`/api/conversations/${conversationId}/quick-replies/tu-cita/render`).expect(200)).body;
    expect(byShortcut.text).toBe('Hola Lucía, su cita es el 03/06/2030 a las 9:30.');
    const byId = (await agent.post(`/api/conversations/${conversationId}/quick-replies/${quickReply.id}/render`).expect(200)).body;
    expect(byId).toMatchObject({ id: quickReply.id, text: byShortcut.text });
  });

  it('when the patient has no name yet, then the gap it would leave is tidied', async () => {
    const conversationId = (await admin.post('/api/simulator/messages').send({ from: '+34600555002', text: 'Hola' }).expect(201)).body.conversationId as string;
    await admin.post('/api/quick-replies').send({ shortcut: 'saludo', title: 'Saludo', body: 'Hola {{patient.firstName}}, ¿en qué podemos ayudarle?' }).expect(201);
    expect((await agent.post(`/api/conversations/${conversationId}/quick-replies/saludo/render`).expect(200)).body.text).toBe('Hola, ¿en qué podemos ayudarle?');
  });

  it("when the quick reply or the conversation is another clinic's or unknown, then it is a 404", async () => {
    const conversationId = (await admin.post('/api/simulator/messages').send({ from: '+34600555003', text: 'Hola' }).expect(201)).body.conversationId as string;
    await agent.post(`/api/conversations/${conversationId}/quick-replies/no-existe/render`).expect(404);
    const other = await addClinic(platform);
    const otherAdmin = await loginAgent(platform, other.admin);
    await otherAdmin.post('/api/quick-replies').send({ shortcut: 'solo-otra', title: 'X', body: 'Y' }).expect(201);
    await agent.post(`/api/conversations/${conversationId}/quick-replies/solo-otra/render`).expect(404);
    await otherAdmin.post(`/api/conversations/${conversationId}/quick-replies/solo-otra/render`).expect(404);
  });
});
