import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(() => platform.close());

describe('patients', () => {
  it('when a patient is created with a national number, then it is stored in E.164 with the clinic country', async () => {
    const res = await admin.post('/api/patients').send({ firstName: 'Lucía', lastName: 'García', phones: ['600 111 222', '+34 911 23 45 67'], preferredChannel: 'whatsapp' }).expect(201);
    expect(res.body).toMatchObject({ firstName: 'Lucía', phones: ['+34600111222', '+34911234567'], preferredChannel: 'whatsapp', privacyConsent: false, optOuts: [], externalIds: {} });
  });

  it('when a phone cannot be a number, then 400 names phones[1]', async () => {
    const res = await admin.post('/api/patients').send({ firstName: 'X', phones: ['600111333', '12'] }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', field: 'phones[1]' });
  });

  it('when a patient has no name or no way to reach them, then 400 names the missing field and nothing is created', async () => {
    const count = async () => ((await admin.get('/api/patients?limit=100').expect(200)).body.items as unknown[]).length;
    const before = await count();
    const empty = await admin.post('/api/patients').set('content-type', 'application/json').send('').expect(400);
    expect(empty.body.error).toMatchObject({ code: 'validation_failed', field: 'firstName' });
    expect((await admin.post('/api/patients').send({}).expect(400)).body.error.field).toBe('firstName');
    const unreachable = await admin.post('/api/patients').send({ firstName: 'Nadie', lastName: 'Contacto' }).expect(400);
    expect(unreachable.body.error).toMatchObject({ code: 'validation_failed', field: 'phones', message: 'phones: a patient needs a phone or an e-mail' });
    expect((await admin.post('/api/patients').send({ phones: ['600 123 987'] }).expect(400)).body.error.field).toBe('firstName');
    expect(await count()).toBe(before);
    await admin.post('/api/patients').send({ lastName: 'Solo Apellido', email: 'solo@correo.example' }).expect(201);
  });

  it('when a field has the wrong type or is unknown, then 400 names it', async () => {
    const wrong = await admin.post('/api/patients').send({ firstName: 'X', privacyConsent: 'yes' }).expect(400);
    expect(wrong.body.error.field).toBe('privacyConsent');
    const channel = await admin.post('/api/patients').send({ firstName: 'X', preferredChannel: 'fax' }).expect(400);
    expect(channel.body.error.field).toBe('preferredChannel');
  });

  it('when patients are searched by name or by phone in any format, then the match is found', async () => {
    const created = await admin.post('/api/patients').send({ firstName: 'Íñigo', lastName: 'Sáez Buscable', phones: ['+34 622 98 76 54'] }).expect(201);
    for (const q of ['Buscable', 'íñigo sáez', '622987654', '622 98 76 54', '+34622987654', '0034 622 987 654']) {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await admin.get('/api/patients').query({ q }).expect(200);
      expect(res.body.items.map((p: { id: string }) => p.id), `q=${q}`).toContain(created.body.id);
    }
    const none = await admin.get('/api/patients').query({ q: 'Nadie Así' }).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('when a list is longer than the limit, then pages follow the cursor without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await admin.post('/api/patients').send({ firstName: `Página${i}`, lastName: 'Paginada', phones: [`60055500${i}`] }).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null as string | null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await admin.get('/api/patients').query({ q: 'Paginada', limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('when limit is out of range or the cursor is forged, then 400 names it', async () => {
    expect((await admin.get('/api/patients?limit=500').expect(400)).body.error.field).toBe('limit');
    expect((await admin.get('/api/patients?cursor=garbage').expect(400)).body.error.field).toBe('cursor');
  });

  it('when a patient is patched and deleted, then reads follow; unknown and malformed ids are 404', async () => {
    const created = await admin.post('/api/patients').send({ firstName: 'Borrar', phones: ['600555010'], externalIds: { gesden: 'G-1' } }).expect(201);
    const patched = await admin.patch(`/api/patients/${created.body.id}`).send({ lastName: 'Pronto', optOuts: ['sms'], privacyConsent: true }).expect(200);
    expect(patched.body).toMatchObject({ lastName: 'Pronto', optOuts: ['sms'], privacyConsent: true, externalIds: { gesden: 'G-1' } });
    await admin.delete(`/api/patients/${created.body.id}`).expect(204);
    await admin.get(`/api/patients/${created.body.id}`).expect(404);
    await admin.get('/api/patients/not-a-uuid').expect(404);
    await admin.patch('/api/patients/00000000-0000-4000-8000-000000000000').send({ firstName: 'x' }).expect(404);
  });

  it('when two patients claim the same external id, then the second gets 409', async () => {
    await admin.post('/api/patients').send({ firstName: 'A', phones: ['600555011'], externalIds: { gesden: 'DUP-1' } }).expect(201);
    const res = await admin.post('/api/patients').send({ firstName: 'B', phones: ['600555012'], externalIds: { gesden: 'DUP-1' } }).expect(409);
    expect(res.body.error.field).toBe('externalIds.gesden');
  });
});

describe('providers, locations, services, appointments, recalls', () => {
  it('when an appointment is booked, then its end defaults from the service and filters find it', async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Cita', phones: ['600222333'] }).expect(201)).body;
    const provider = (await admin.post('/api/providers').send({ firstName: 'Elena', lastName: 'Marín' }).expect(201)).body;
    const location = (await admin.post('/api/locations').send({ name: 'Chamberí', address: 'Santa Engracia 45' }).expect(201)).body;
    const service = (await admin.post('/api/services').send({ name: 'Limpieza', durationMinutes: 45, price: 60, recallIntervalDays: 180 }).expect(201)).body;
    expect(service).toMatchObject({ price: 60, recallIntervalDays: 180 });

    const created = await admin
      .post('/api/appointments')
      .send({ patientId: patient.id, providerId: provider.id, locationId: location.id, serviceId: service.id, startsAt: '2026-12-03T09:30:00+01:00' })
      .expect(201);
    expect(created.body).toMatchObject({ startsAt: '2026-12-03T08:30:00.000Z', endsAt: '2026-12-03T09:15:00.000Z', status: 'scheduled', bookedOnline: false });

    const inRange = await admin.get('/api/appointments').query({ from: '2026-12-03T00:00:00Z', to: '2026-12-04T00:00:00Z', providerId: provider.id }).expect(200);
    expect(inRange.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    const otherStatus = await admin.get('/api/appointments').query({ patientId: patient.id, status: 'cancelled' }).expect(200);
    expect(otherStatus.body.items).toEqual([]);

    const moved = await admin.patch(`/api/appointments/${created.body.id}`).send({ startsAt: '2026-12-04T10:00:00Z', status: 'confirmed' }).expect(200);
    expect(moved.body).toMatchObject({ startsAt: '2026-12-04T10:00:00.000Z', endsAt: '2026-12-04T10:45:00.000Z', status: 'confirmed' });
  });

  it('when an appointment has a bad date, an end before its start or an unknown patient, then the error names the field', async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Fechas', phones: ['600555013'] }).expect(201)).body;
    expect((await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: 'mañana' }).expect(400)).body.error.field).toBe('startsAt');
    expect((await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: '2026-12-03T10:00:00Z', endsAt: '2026-12-03T09:00:00Z' }).expect(400)).body.error.field).toBe('endsAt');
    expect((await admin.post('/api/appointments').send({ patientId: '00000000-0000-4000-8000-000000000000', startsAt: '2026-12-03T10:00:00Z' }).expect(404)).body.error.field).toBe('patientId');
    expect((await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: '2026-12-03T10:00:00Z', status: 'done' }).expect(400)).body.error.field).toBe('status');
  });

  it('when recalls are listed with repeated status and reason filters, then only matching ones come back, by due date', async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Recall', phones: ['600555014'] }).expect(201)).body;
    const make = (reason: string, dueDate: string, status = 'pending') => admin.post('/api/recalls').send({ patientId: patient.id, reason, dueDate, status, origin: 'pms' }).expect(201);
    const limpieza = (await make('Limpieza', '2026-12-10')).body;
    const revision = (await make('Revisión', '2026-12-01', 'sent')).body;
    await make('Ortodoncia', '2026-12-05');
    await make('Limpieza', '2027-03-01');
    const res = await admin.get('/api/recalls?from=2026-11-30&to=2026-12-31&reason=Limpieza&reason=Revisión&status=pending&status=sent').expect(200);
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([revision.id, limpieza.id]);
    expect((await admin.get('/api/recalls?status=lost').expect(400)).body.error.field).toBe('status');
    expect((await admin.post('/api/recalls').send({ patientId: patient.id, reason: 'X', dueDate: '2026-13-01' }).expect(400)).body.error.field).toBe('dueDate');
  });
});
