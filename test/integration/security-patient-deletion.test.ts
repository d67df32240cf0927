// Deleting a patient takes their conversations, appointments and recalls with them: an admin's decision, not
// every colleague's. Agents still create and edit patients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ WORKER: '0' });
});
afterAll(() => platform.close());

describe('deleting a patient', () => {
  it('when an agent deletes a patient, then 403 and the patient is still there; an admin deletes it', async () => {
    const admin = await loginAgent(platform);
    await admin.post('/api/users').send({ email: 'recepcion@sonrisa.test', role: 'agent', password: 'agent-pass-42' }).expect(201);
    const agent = await loginAgent(platform, { email: 'recepcion@sonrisa.test', password: 'agent-pass-42' });
    const patient = (await agent.post('/api/patients').send({ firstName: 'Carmen', phones: ['600333444'] }).expect(201)).body;
    await agent.patch(`/api/patients/${patient.id}`).send({ lastName: 'Vidal' }).expect(200);
    await agent.post('/api/appointments').send({ patientId: patient.id, startsAt: '2027-02-03T10:00:00Z' }).expect(201);

    const refused = await agent.delete(`/api/patients/${patient.id}`).expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await admin.get(`/api/patients/${patient.id}`).expect(200)).body.lastName).toBe('Vidal');
    expect((await admin.get('/api/appointments').query({ patientId: patient.id }).expect(200)).body.items).toHaveLength(1);

    await admin.delete(`/api/patients/${patient.id}`).expect(204);
    await admin.get(`/api/patients/${patient.id}`).expect(404);
  });
});
