// Every id a request names in its body or query is looked up in the caller's clinic: another clinic's id answers
// exactly like one that exists nowhere (404 naming the field), so a reference can neither cross clinics nor tell
// whether a record exists elsewhere; and no write of one clinic ever changes another's rows.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

type Agent = Awaited<ReturnType<typeof loginAgent>>;
type Rows = { patient: { id: string }; provider: { id: string }; location: { id: string }; service: { id: string }; appointment: { id: string }; recall: { id: string }; userId: string };

let platform: TestPlatform;
let clinicA: Agent;
let clinicB: Agent;
let rowsA: Rows;
let rowsB: Rows;
beforeAll(async () => {
  platform = await startTestPlatform({ WORKER: '0' });
  clinicA = await loginAgent(platform);
  await disableAutoReply(clinicA);
  clinicB = await loginAgent(platform, (await addClinic(platform, 'Clínica Ajena')).admin);
  rowsA = await seed(clinicA, '600111001');
  rowsB = await seed(clinicB, '600222002');
});
afterAll(() => platform.close());

async function seed(clinic: Agent, phone: string): Promise<Rows> {
  const patient = (await clinic.post('/api/patients').send({ firstName: 'Paciente', phones: [phone] }).expect(201)).body;
  const provider = (await clinic.post('/api/providers').send({ firstName: 'Elena' }).expect(201)).body;
  const location = (await clinic.post('/api/locations').send({ name: 'Sede' }).expect(201)).body;
  const service = (await clinic.post('/api/services').send({ name: 'Limpieza', recallIntervalDays: 180 }).expect(201)).body;
  const appointment = (await clinic.post('/api/appointments').send({ patientId: patient.id, startsAt: '2027-02-03T10:00:00Z' }).expect(201)).body;
  const recall = (await clinic.post('/api/recalls').send({ patientId: patient.id, serviceId: service.id, reason: 'Limpieza', dueDate: '2027-06-01' }).expect(201)).body;
  const userId = (await clinic.get('/api/auth/me').expect(200)).body.user.id;
  return { patient, provider, location, service, appointment, recall, userId };
}

/** Another clinic's id and an id of nothing get the same answer: 404 naming the field. */
async function expectUnknownReference(send: (id: string) => Promise<{ status: number; body: { error?: unknown } }>, foreignId: string, field: string) {
  const foreign = await send(foreignId);
  const unknown = await send(randomUUID());
  expect(foreign.status, field).toBe(404);
  expect(foreign.body.error, field).toMatchObject({ code: 'not_found', field });
  expect(unknown.status, field).toBe(404);
  expect(unknown.body.error, field).toEqual(foreign.body.error);
}

describe('references to another clinic', () => {
  it("when a recall is created or changed with another clinic's patient or service, then 404 names the field, as for an unknown id", async () => {
    const recall = { patientId: rowsA.patient.id, reason: 'Revisión', dueDate: '2027-07-01' };
    await expectUnknownReference((id) => clinicA.post('/api/recalls').send({ ...recall, patientId: id }), rowsB.patient.id, 'patientId');
    await expectUnknownReference((id) => clinicA.post('/api/recalls').send({ ...recall, serviceId: id }), rowsB.service.id, 'serviceId');
    await expectUnknownReference((id) => clinicA.patch(`/api/recalls/${rowsA.recall.id}`).send({ patientId: id }), rowsB.patient.id, 'patientId');
    await expectUnknownReference((id) => clinicA.patch(`/api/recalls/${rowsA.recall.id}`).send({ serviceId: id }), rowsB.service.id, 'serviceId');
  });

  it("when an appointment is created or changed with another clinic's patient, provider, location or service, then 404 names the field", async () => {
    const appointment = { patientId: rowsA.patient.id, startsAt: '2027-02-04T10:00:00Z' };
    for (const [field, foreignId] of [['patientId', rowsB.patient.id], ['providerId', rowsB.provider.id], ['locationId', rowsB.location.id], ['serviceId', rowsB.service.id]] as const) {
      await expectUnknownReference((id) => clinicA.post('/api/appointments').send({ ...appointment, [field]: id }), foreignId, field);
      await expectUnknownReference((id) => clinicA.patch(`/api/appointments/${rowsA.appointment.id}`).send({ [field]: id }), foreignId, field);
    }
  });

  it("when a bot flow, an alert, a template preview or a recall sending names another clinic's record, then 404 names the field", async () => {
    await expectUnknownReference((id) => clinicA.post('/api/bots/start').send({ flow: 'reminder', appointmentId: id }), rowsB.appointment.id, 'appointmentId');
    await expectUnknownReference((id) => clinicA.post('/api/bots/start').send({ flow: 'recall', recallId: id }), rowsB.recall.id, 'recallId');
    await expectUnknownReference((id) => clinicA.post('/api/alerts/running-late').send({ providerId: id, minutes: 15 }), rowsB.provider.id, 'providerId');
    await expectUnknownReference((id) => clinicA.post('/api/alerts/provider-unavailable').send({ providerId: id, date: '2027-02-03' }), rowsB.provider.id, 'providerId');
    await expectUnknownReference((id) => clinicA.post('/api/templates/preview').send({ event: 'reminder', channel: 'sms', appointmentId: id }), rowsB.appointment.id, 'appointmentId');
    await expectUnknownReference((id) => clinicA.post('/api/templates/preview').send({ event: 'recall', channel: 'sms', recallId: id }), rowsB.recall.id, 'recallId');
    await expectUnknownReference((id) => clinicA.post('/api/recalls/prepare').send({ recallIds: [id] }), rowsB.recall.id, 'recallIds');
    await expectUnknownReference((id) => clinicA.post('/api/recalls/send').send({ recallIds: [id] }), rowsB.recall.id, 'recallIds');
  });

  it("when a conversation is assigned to, or a note mentions, another clinic's user, or another clinic's patient is merged in, then 404 names the field", async () => {
    const { conversationId } = (await clinicA.post('/api/simulator/messages').send({ from: '+34600111001', text: 'Hola' }).expect(201)).body;
    await expectUnknownReference((id) => clinicA.post(`/api/conversations/${conversationId}/assign`).send({ userId: id }), rowsB.userId, 'userId');
    await expectUnknownReference((id) => clinicA.post(`/api/conversations/${conversationId}/notes`).send({ text: 'Mira esto', mentions: [id] }), rowsB.userId, 'mentions[0]');
    const merge = (id: string) => clinicA.post(`/api/patients/${rowsA.patient.id}/merge`).send({ sourcePatientId: id });
    const foreign = await merge(rowsB.patient.id);
    const unknown = await merge(randomUUID());
    expect(foreign.status).toBe(404);
    expect(unknown.body.error).toEqual(foreign.body.error);
  });

  it("when clinic B deletes its service, patient and provider, then none of clinic A's rows change", async () => {
    const before = {
      recall: (await clinicA.get(`/api/recalls/${rowsA.recall.id}`).expect(200)).body,
      appointment: (await clinicA.get(`/api/appointments/${rowsA.appointment.id}`).expect(200)).body,
    };
    const doomed = await seed(clinicB, '600222003');
    await clinicB.delete(`/api/recalls/${doomed.recall.id}`).expect(204);
    await clinicB.delete(`/api/appointments/${doomed.appointment.id}`).expect(204);
    for (const path of ['services', 'providers', 'locations', 'patients'] as const) {
      const row = { services: doomed.service, providers: doomed.provider, locations: doomed.location, patients: doomed.patient }[path];
      await clinicB.delete(`/api/${path}/${row.id}`).expect(204);
    }
    expect((await clinicA.get(`/api/recalls/${rowsA.recall.id}`).expect(200)).body).toEqual(before.recall);
    expect((await clinicA.get(`/api/appointments/${rowsA.appointment.id}`).expect(200)).body).toEqual(before.appointment);
  });
});
