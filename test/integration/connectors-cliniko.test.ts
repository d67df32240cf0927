// The Cliniko connector end to end through the API, against a local stand-in answering in Cliniko's documented
// shapes: configure (API key write-only), test the connection, sync (paged, incremental, idempotent), cancellations
// and archived appointments cancelling here, bad rows reported, rate limits waited out, and the patient's answers
// written back to Cliniko.
import { sql } from 'drizzle-orm';
import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINIKO_CONFIRMED_NOTE } from '../../integrations/pms/cliniko/cliniko-mapper.ts';
import { ClinikoStandIn, type ClinikoRecord } from '../stand-ins/cliniko/cliniko-stand-in.ts';
import { captureLogs } from '../support/logCapture.ts';
import { appointmentByExternalId as appointmentWithExternalId, lastWrite as lastWriteTo, rows as syncedRows } from '../support/syncedRows.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const API_KEY = 'MS0xLWNsaW5pa28tdGVzdC1rZXk-uk1';
const DAY = 86_400_000;

let cliniko: ClinikoStandIn;
let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let connectorId: string;
const seeded: Record<string, ClinikoRecord> = {};
const { lines: logLines, destination: logCapture } = captureLogs();

const inDays = (days: number, hour = 10) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

const phones = (...numbers: Array<[type: string, number: string]>) => numbers.map(([phone_type, number]) => ({ phone_type, number }));

const MADRID = { address_1: 'Calle Mayor 1', address_2: '', address_3: '', city: 'Madrid', state: 'Madrid', post_code: '28013', country: 'Spain' };

/** Shaped like Cliniko's published patient example: address lines, city, post code, the country by name. */
function addPatient(key: string, first_name: string, last_name: string, numbers: ReturnType<typeof phones>, address = MADRID): ClinikoRecord {
  seeded[key] = cliniko.add('patients', { first_name, last_name, email: null, deleted_at: null, ...address, time_zone: 'Europe/Madrid', patient_phone_numbers: numbers });
  return seeded[key]!;
}

function addAppointment(key: string, patientId: string | null, startsAt: string | null): ClinikoRecord {
  seeded[key] = cliniko.add('individual_appointments', {
    starts_at: startsAt,
    ends_at: startsAt ? new Date(Date.parse(startsAt) + 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null,
    cancelled_at: null,
    deleted_at: null,
    did_not_arrive: false,
    patient_arrived: false,
    notes: null,
    ...(patientId ? { patient: cliniko.link('patients', patientId) } : {}),
    practitioner: cliniko.link('practitioners', seeded.elena!.id),
    business: cliniko.link('businesses', seeded.centro!.id),
    appointment_type: cliniko.link('appointment_types', seeded.limpieza!.id),
  });
  return seeded[key]!;
}

function seedCliniko(): void {
  seeded.centro = cliniko.add('businesses', { business_name: 'Clínica Centro', address_1: 'Calle Mayor 1', city: 'Madrid', post_code: '28013' });
  seeded.elena = cliniko.add('practitioners', { first_name: 'Elena', last_name: 'Ruiz', title: 'Dra.' });
  seeded.limpieza = cliniko.add('appointment_types', { name: 'Limpieza dental', duration_in_minutes: 30 });
  addPatient('lucia', 'Lucía', 'García', phones(['Mobile', '612 34 56 78']));
  addPatient('mario', 'Mario', 'López', phones(['Home', '91 555 12 34'], ['Mobile', '+34 699 11 12 22']));
  addPatient('ana', 'Ana', 'Sanz', phones(['Mobile', '655 44 33 22']));
  addPatient('pablo', 'Pablo', 'Ortiz', phones(['Mobile', '611 22 33 44'], ['Fax', '91 555 00 00']));
  addPatient('sara', 'Sara', 'Gil', phones(['Mobile', '622 33 44 55']));
  addAppointment('ap1', seeded.lucia!.id, inDays(3));
  addAppointment('ap2', seeded.mario!.id, inDays(4));
  addAppointment('ap3', seeded.ana!.id, inDays(5));
  addAppointment('apNoPatient', null, inDays(6));
}

beforeAll(async () => {
  cliniko = await ClinikoStandIn.start({ apiKey: API_KEY });
  seedCliniko();
  platform = await startTestPlatform({ LOG_LEVEL: 'info' }, { logDestination: logCapture });
  admin = await loginAgent(platform);
  const created = await admin
    .post('/api/connectors')
    .send({ type: 'cliniko', name: 'Cliniko', config: { apiKey: API_KEY, contactEmail: 'it@sonrisa.test', baseUrl: cliniko.baseUrl, pageSize: 2 }, syncIntervalMinutes: null })
    .expect(201);
  connectorId = created.body.id;
});
afterAll(async () => {
  await platform?.close();
  await cliniko?.close();
});

const rows = <T extends QueryResultRow>(query: ReturnType<typeof sql>) => syncedRows<T>(platform, query);
const lastWrite = () => lastWriteTo(platform);
const appointmentByExternalId = (externalId: string) => appointmentWithExternalId(admin, externalId);

const sync = async (body: Record<string, unknown> = {}) => (await admin.post(`/api/connectors/${connectorId}/sync`).send(body).expect(200)).body;

/**
 * Errors other than the rows seeded bad on purpose. Incremental pulls ask from the cursor's second on (`>=`, as
 * Cliniko stamps whole seconds), so a bad row changed in that second is reported again by the next sync.
 */
const newErrors = (result: { errors: Array<{ externalId: string | null }> }) =>
  result.errors.filter((error) => !['apNoPatient', 'broken', 'apUnknownPatient', 'apNoStart'].some((key) => seeded[key]?.id === error.externalId));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function replyToReminder(appointmentExternalId: string, phone: string, text: string) {
  const appointment = (await appointmentByExternalId(appointmentExternalId))!;
  await admin.patch(`/api/patients/${appointment.patientId}`).send({ privacyConsent: true }).expect(200);
  await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
  await until('the reminder', async () => ((await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as unknown[]).length >= 1);
  await admin.post('/api/simulator/messages').send({ from: phone, text }).expect(201);
}

describe('Cliniko connector settings', () => {
  it('when the connector is read back, then the API key is never returned and secretsSet names it', async () => {
    const connector = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body;
    expect(connector).toMatchObject({
      type: 'cliniko',
      secretsSet: ['apiKey'],
      config: { contactEmail: 'it@sonrisa.test', baseUrl: cliniko.baseUrl, pageSize: 2 },
      capabilities: { pull: ['locations', 'providers', 'services', 'patients', 'appointments'], writeBack: { appointmentStatus: true, recallOutcome: false } },
    });
    expect(JSON.stringify(connector)).not.toContain(API_KEY);
  });

  it('when the contact e-mail for the User-Agent is missing, then 400 names the field', async () => {
    const res = await admin.post('/api/connectors').send({ type: 'cliniko', name: 'Mal', config: { apiKey: API_KEY } }).expect(400);
    expect(res.body.error.field).toBe('config.contactEmail');
  });

  it('when the connection is tested with the right key, then it is ok', async () => {
    expect((await admin.post(`/api/connectors/${connectorId}/test`).expect(200)).body).toEqual({ ok: true });
  });

  it('when the key is wrong, then the connection test says the credentials were refused', async () => {
    const wrong = (
      await admin
        .post('/api/connectors')
        .send({ type: 'cliniko', name: 'Mala clave', config: { apiKey: 'MS0xLWJhZC1rZXk-uk1', contactEmail: 'it@sonrisa.test', baseUrl: cliniko.baseUrl }, syncIntervalMinutes: null })
        .expect(201)
    ).body;
    const res = await admin.post(`/api/connectors/${wrong.id}/test`).expect(200);
    expect(res.body).toEqual({ ok: false, error: 'user: credentials refused (HTTP 401)' });
    await admin.delete(`/api/connectors/${wrong.id}`).expect(204);
  });
});

describe('Cliniko sync', () => {
  it('when the first sync runs, then locations, providers, services, patients (E.164) and appointments are created and the bad row reported', async () => {
    const seen = cliniko.requests.length;
    const result = await sync();
    expect(result).toEqual({
      created: 11,
      updated: 0,
      unchanged: 0,
      errors: [{ resource: 'appointments', externalId: seeded.apNoPatient!.id, message: 'patient: no patient link' }],
    });

    const source = `connector:${connectorId}`;
    const patients = (await admin.get('/api/patients').expect(200)).body.items as Array<{ phones: string[]; externalIds: Record<string, string> }>;
    const byExternalId = Object.fromEntries(patients.map((p) => [p.externalIds[source], p.phones]));
    expect(byExternalId).toEqual({
      [seeded.lucia!.id]: ['+34612345678'],
      [seeded.mario!.id]: ['+34699111222', '+34915551234'],
      [seeded.ana!.id]: ['+34655443322'],
      [seeded.pablo!.id]: ['+34611223344'],
      [seeded.sara!.id]: ['+34622334455'],
    });
    expect((await admin.get('/api/providers').expect(200)).body.items).toMatchObject([{ firstName: 'Elena', lastName: 'Ruiz', externalId: seeded.elena!.id, source }]);
    expect((await admin.get('/api/locations').expect(200)).body.items).toMatchObject([{ name: 'Clínica Centro', address: 'Calle Mayor 1, 28013, Madrid', externalId: seeded.centro!.id }]);
    expect((await admin.get('/api/services').expect(200)).body.items).toMatchObject([{ name: 'Limpieza dental', durationMinutes: 30, externalId: seeded.limpieza!.id }]);
    expect(await appointmentByExternalId(seeded.ap1!.id)).toMatchObject({ status: 'scheduled', source, startsAt: new Date(seeded.ap1!.starts_at as string).toISOString() });

    // Five patients two a page: three pages, followed through links.next; every request identified itself.
    const asked = cliniko.requests.slice(seen);
    expect(asked.filter((r) => r.path === '/v1/patients').map((r) => r.page)).toEqual([1, 2, 3]);
    expect(asked.every((r) => r.authorized && r.userAgent === 'Clinic Inbox (it@sonrisa.test)' && r.accept === 'application/json')).toBe(true);
    expect(asked.find((r) => r.path === '/v1/individual_appointments')?.filters).toEqual(['cancelled_at:*', 'archived_at:*']);
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body).toMatchObject({ status: 'active', lastResult: { created: 11 } });
  });

  it('when a full resync finds nothing changed, then nothing is created or updated and nothing is written', async () => {
    const before = await lastWrite();
    const result = await sync({ full: true });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 11 });
    expect(await lastWrite()).toBe(before);
  });

  it('when an incremental sync runs with nothing new, then it asks only for changes since the cursor and creates or updates nothing', async () => {
    const before = await lastWrite();
    const seen = cliniko.requests.length;
    const result = await sync();
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(newErrors(result)).toEqual([]);
    const lists = cliniko.requests.slice(seen);
    expect([...new Set(lists.map((r) => r.path))].sort()).toEqual(['/v1/appointment_types', '/v1/businesses', '/v1/individual_appointments', '/v1/patients', '/v1/practitioners']);
    for (const request of lists) expect(request.filters[0]).toMatch(/^updated_at:>=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(await lastWrite()).toBe(before);
  });

  it('when the clinic cancels an appointment in Cliniko, then the next sync cancels it and its pending reminders', async () => {
    const ap1 = (await appointmentByExternalId(seeded.ap1!.id))!;
    const reminders = () => rows<{ state: string }>(sql`SELECT state FROM planned_reminders WHERE appointment_id = ${ap1.id}`);
    await until('planned reminders', async () => (await reminders()).some((r) => r.state === 'planned'));

    cliniko.change('individual_appointments', seeded.ap1!.id, () => ({ cancelled_at: inDays(0, 8), cancellation_reason: 30 }));
    const result = await sync();
    expect(result).toMatchObject({ created: 0, updated: 1 });
    expect(newErrors(result)).toEqual([]);
    expect((await appointmentByExternalId(seeded.ap1!.id))?.status).toBe('cancelled');
    await until('reminders cancelled', async () => {
      const states = await reminders();
      return states.length > 0 && states.every((r) => r.state !== 'planned');
    });
  });

  it('when an appointment is archived (deleted) in Cliniko, or the patient did not arrive, then the next sync says so', async () => {
    addAppointment('apArchived', seeded.sara!.id, inDays(7));
    addAppointment('apMissed', seeded.pablo!.id, inDays(-1));
    expect(await sync()).toMatchObject({ created: 2, updated: 0 });
    cliniko.change('individual_appointments', seeded.apArchived!.id, () => ({ archived_at: inDays(0, 9) }));
    cliniko.change('individual_appointments', seeded.apMissed!.id, () => ({ did_not_arrive: true }));
    expect(await sync()).toMatchObject({ created: 0, updated: 2 });
    expect((await appointmentByExternalId(seeded.apArchived!.id))?.status).toBe('cancelled');
    expect((await appointmentByExternalId(seeded.apMissed!.id))?.status).toBe('no_show');
  });

  it('when one row is bad, then it is reported with its reason and the rest of the batch is synced', async () => {
    addPatient('rosa', 'Rosa', 'Martín', phones(['Mobile', '633 11 22 33']));
    addPatient('broken', 'Luis', 'Vera', phones(['Mobile', '12']));
    addAppointment('ap4', seeded.rosa!.id, inDays(8));
    addAppointment('apUnknownPatient', '1390999999999999999', inDays(8));
    addAppointment('apNoStart', seeded.rosa!.id, null);
    const result = await sync();
    expect(result.created).toBe(3);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { resource: 'patients', externalId: seeded.broken!.id, message: 'phones[0]: not a valid phone number for ES' },
        { resource: 'appointments', externalId: seeded.apUnknownPatient!.id, message: 'patient 1390999999999999999 is not synced' },
        { resource: 'appointments', externalId: seeded.apNoStart!.id, message: 'starts_at: missing or not a UTC date-time' },
      ]),
    );
    expect(await appointmentByExternalId(seeded.ap4!.id)).toMatchObject({ status: 'scheduled' });
  });

  it('when a patient lives abroad, then their national number is read with their address country, not the clinic\'s', async () => {
    // 912 345 678 is a Madrid landline read as Spanish, a Lisbon mobile read as Portuguese.
    addPatient('joao', 'João', 'Silva', phones(['Mobile', '912 345 678']), { ...MADRID, address_1: 'Rua Augusta 10', city: 'Lisboa', state: '', post_code: '1100-048', country: 'Portugal' });
    const result = await sync();
    expect(result.created).toBe(1);
    expect(newErrors(result)).toEqual([]);
    const source = `connector:${connectorId}`;
    const patients = (await admin.get('/api/patients?limit=100').expect(200)).body.items as Array<{ phones: string[]; externalIds: Record<string, string> }>;
    expect(patients.find((p) => p.externalIds[source] === seeded.joao!.id)?.phones).toEqual(['+351912345678']);
  });

  it('when Cliniko rate-limits a request, then the sync waits for Retry-After and still finishes', async () => {
    cliniko.rateLimitNext = { count: 1, retryAfterSeconds: 1 };
    const seen = cliniko.requests.length;
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
    const asked = cliniko.requests.slice(seen);
    expect(asked[0]?.path).toBe(asked[1]?.path);
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.status).toBe('active');
  });

  it('when Cliniko is down, then the sync answers 502 naming the status and the connector shows the error', async () => {
    cliniko.failNext = { status: 503, count: 1 };
    const res = await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(502);
    expect(res.body.error.message).toContain('HTTP 503');
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body).toMatchObject({ status: 'error', lastResult: { error: expect.stringContaining('HTTP 503') } });
    await sync();
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.status).toBe('active');
  });
});

describe('Cliniko write-back', () => {
  it('when the patient cancels through the reminder bot, then Cliniko’s cancel endpoint gets the cancellation and the next sync keeps it cancelled', async () => {
    await replyToReminder(seeded.ap3!.id, '+34655443322', 'Cancelar');
    const patch = await until('the cancel write-back', async () => cliniko.requests.find((r) => r.method === 'PATCH' && r.path === `/v1/individual_appointments/${seeded.ap3!.id}/cancel`));
    expect(patch).toMatchObject({ authorized: true, body: { cancellation_reason: 50, cancellation_note: expect.any(String) } });
    expect(cliniko.get('individual_appointments', seeded.ap3!.id)?.cancelled_at).toEqual(expect.stringMatching(/Z$/));
    expect((await appointmentByExternalId(seeded.ap3!.id))?.status).toBe('cancelled');

    const result = await sync();
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(newErrors(result)).toEqual([]);
    expect((await appointmentByExternalId(seeded.ap3!.id))?.status).toBe('cancelled');
  });

  it('when the patient confirms through the reminder bot, then the confirmation line reaches the Cliniko notes and the next sync keeps it confirmed', async () => {
    await replyToReminder(seeded.ap2!.id, '+34699111222', 'Sí');
    await until('the confirmation write-back', async () => cliniko.get('individual_appointments', seeded.ap2!.id)?.notes === CLINIKO_CONFIRMED_NOTE);
    expect((await appointmentByExternalId(seeded.ap2!.id))?.status).toBe('confirmed');

    const result = await sync();
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(newErrors(result)).toEqual([]);
    expect((await appointmentByExternalId(seeded.ap2!.id))?.status).toBe('confirmed');
  });
});

describe('Cliniko connector logs', () => {
  it('when syncs and write-backs have run, then the info logs carry counts and ids but no patient name, phone or API key', () => {
    const logs = logLines.join('');
    expect(logs).toMatch(/connector sync finished/);
    expect(logs).toMatch(/wrote the patient answer back to the PMS/);
    for (const secret of ['Lucía', 'García', 'Mario', 'López', 'Sanz', '655443322', '655 44', '699111222', API_KEY, Buffer.from(`${API_KEY}:`).toString('base64')]) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
