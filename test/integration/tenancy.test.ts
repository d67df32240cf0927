// One clinic can never see or touch another clinic's rows: every kind answers 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

describe('clinic isolation', () => {
  it("when clinic B's admin reads, patches or deletes clinic A's rows, then every kind answers 404 and nothing changes", async () => {
    const clinicA = await loginAgent(platform);
    const patient = (await clinicA.post('/api/patients').send({ firstName: 'Privada', phones: ['600999888'] }).expect(201)).body;
    const provider = (await clinicA.post('/api/providers').send({ firstName: 'Elena' }).expect(201)).body;
    const location = (await clinicA.post('/api/locations').send({ name: 'Sede A' }).expect(201)).body;
    const service = (await clinicA.post('/api/services').send({ name: 'Limpieza' }).expect(201)).body;
    const appointment = (await clinicA.post('/api/appointments').send({ patientId: patient.id, startsAt: '2026-12-03T10:00:00Z' }).expect(201)).body;
    const recall = (await clinicA.post('/api/recalls').send({ patientId: patient.id, reason: 'Limpieza', dueDate: '2026-12-10' }).expect(201)).body;
    const rows = { patients: patient, providers: provider, locations: location, services: service, appointments: appointment, recalls: recall };
    // A real change for each kind: an empty PATCH is refused as bad input before any row is looked up.
    const changes: Record<keyof typeof rows, Record<string, unknown>> = {
      patients: { firstName: 'Intrusa' },
      providers: { firstName: 'Intrusa' },
      locations: { name: 'Intrusa' },
      services: { name: 'Intrusa' },
      appointments: { startsAt: '2026-12-04T10:00:00Z' },
      recalls: { reason: 'Intrusa' },
    };

    const { admin } = await addClinic(platform, 'Clínica B');
    const clinicB = await loginAgent(platform, admin);
    for (const [path, row] of Object.entries(rows)) {
      await clinicB.get(`/api/${path}/${row.id}`).expect(404);
      await clinicB.patch(`/api/${path}/${row.id}`).send(changes[path as keyof typeof rows]).expect(404);
      await clinicB.delete(`/api/${path}/${row.id}`).expect(404);
      const list = await clinicB.get(`/api/${path}`).expect(200);
      expect(list.body.items, path).toEqual([]);
      expect((await clinicA.get(`/api/${path}/${row.id}`).expect(200)).body, path).toMatchObject(row);
    }
    // Nor can B point its own rows at A's.
    await clinicB.post('/api/appointments').send({ patientId: patient.id, startsAt: '2026-12-03T10:00:00Z' }).expect(404);
    await clinicB.post('/api/recalls').send({ patientId: patient.id, reason: 'X', dueDate: '2026-12-10' }).expect(404);
    const searchB = await clinicB.get('/api/patients').query({ q: '600999888' }).expect(200);
    expect(searchB.body.items).toEqual([]);
    const clinic = await clinicB.get('/api/clinic').expect(200);
    expect(clinic.body.name).toBe('Clínica B');
  });
});
