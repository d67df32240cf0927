// The FHIR R4 connector end to end through the API, against a local stand-in FHIR server: configure (secrets
// write-only, admin only, per clinic), test the connection, sync (paged, incremental, idempotent), cancellations
// cancelling reminders, bad rows reported, one sync at a time, and the patient's answer written back.
import { sql } from 'drizzle-orm';
import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { startConnectorSync } from '../../server/jobs/connectorSync.ts';
import { FhirStandIn, type FhirResource } from '../stand-ins/fhir/fhir-stand-in.ts';
import { captureLogs } from '../support/logCapture.ts';
import { appointmentByExternalId as appointmentWithExternalId, lastWrite as lastWriteTo, rows as syncedRows } from '../support/syncedRows.ts';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const TOKEN = 'fhir-bearer-secret-7731';
const DAY = 86_400_000;

let fhir: FhirStandIn;
let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let connectorId: string;
const { lines: logLines, destination: logCapture } = captureLogs();

const inDays = (days: number, hour = 10) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

/** Shaped like HL7's published Patient examples: official name, ranked telecom, a home address with its country. */
const patient = (id: string, given: string, family: string, phones: string[], address = { line: ['Calle Mayor 1'], city: 'Madrid', postalCode: '28013', country: 'ES' }): FhirResource => ({
  resourceType: 'Patient',
  id,
  active: true,
  name: [{ use: 'official', family, given: [given] }],
  telecom: phones.map((value, rank) => ({ system: 'phone', value, use: 'mobile', rank: rank + 1 })),
  address: [{ use: 'home', type: 'both', ...address }],
});

const appointment = (id: string, patientId: string, startsAt: string | undefined, status = 'booked'): FhirResource => ({
  resourceType: 'Appointment',
  id,
  status,
  ...(startsAt ? { start: startsAt, end: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString() } : {}),
  participant: [
    { actor: { reference: `Patient/${patientId}` }, status: 'needs-action' },
    { actor: { reference: 'Practitioner/pr-7' }, status: 'accepted' },
    { actor: { reference: 'Location/loc-1' }, status: 'accepted' },
    { actor: { reference: 'HealthcareService/hs-clean' }, status: 'accepted' },
  ],
});

function seedPms(standIn: FhirStandIn): void {
  standIn.put({ resourceType: 'Location', id: 'loc-1', name: 'Clínica Centro', address: { line: ['Calle Mayor 1'], city: 'Madrid' } });
  standIn.put({ resourceType: 'Practitioner', id: 'pr-7', name: [{ family: 'Ruiz', given: ['Elena'] }] });
  standIn.put({ resourceType: 'HealthcareService', id: 'hs-clean', name: 'Limpieza dental' });
  standIn.put(patient('pat-1', 'Lucía', 'García', ['612 34 56 78']));
  standIn.put(patient('pat-2', 'Mario', 'López', ['+34 699 11 12 22']));
  // A second number nobody can dial: reported, the patient still synced with the good one.
  standIn.put(patient('pat-3', 'Ana', 'Sanz', ['655 44 33 22', '12']));
  standIn.put(appointment('ap-1', 'pat-1', inDays(3)));
  standIn.put(appointment('ap-2', 'pat-2', inDays(4)));
  standIn.put(appointment('ap-bad', 'pat-3', undefined));
  standIn.put({ resourceType: 'Procedure', id: 'proc-1', status: 'completed', code: { text: 'Limpieza' }, subject: { reference: 'Patient/pat-1' }, performedDateTime: '2026-05-20T10:00:00+02:00' });
  standIn.put({ resourceType: 'Procedure', id: 'proc-open', status: 'in-progress', code: { text: 'Ortodoncia' }, subject: { reference: 'Patient/pat-2' }, performedDateTime: '2026-05-20' });
  standIn.put({ resourceType: 'ServiceRequest', id: 'sr-1', status: 'active', intent: 'plan', code: { text: 'Limpieza' }, subject: { reference: 'Patient/pat-1' }, occurrenceDateTime: '2026-11-20' });
}

beforeAll(async () => {
  fhir = await FhirStandIn.start({ token: TOKEN });
  seedPms(fhir);
  platform = await startTestPlatform({ LOG_LEVEL: 'info' }, { logDestination: logCapture });
  admin = await loginAgent(platform);
  const created = await admin
    .post('/api/connectors')
    .send({ type: 'fhir', name: 'PMS FHIR', config: { baseUrl: fhir.baseUrl, token: TOKEN, pageSize: 2 }, syncIntervalMinutes: null })
    .expect(201);
  connectorId = created.body.id;
});
afterAll(async () => {
  await platform?.close();
  await fhir?.close();
});

const rows = <T extends QueryResultRow>(query: ReturnType<typeof sql>) => syncedRows<T>(platform, query);
const lastWrite = () => lastWriteTo(platform);
const appointmentByExternalId = (externalId: string) => appointmentWithExternalId(admin, externalId);

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('FHIR connector settings', () => {
  it('when a connector is read back, then the token is never returned and secretsSet names it', async () => {
    const connector = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body;
    expect(connector).toMatchObject({ type: 'fhir', name: 'PMS FHIR', status: 'active', lastSyncAt: null, secretsSet: ['token'], config: { baseUrl: fhir.baseUrl, pageSize: 2 } });
    const list = await admin.get('/api/connectors').expect(200);
    expect(JSON.stringify(connector) + JSON.stringify(list.body)).not.toContain(TOKEN);
  });

  it('when the config is invalid, then 400 names the field', async () => {
    const res = await admin.post('/api/connectors').send({ type: 'fhir', name: 'Mal', config: { baseUrl: 'not a url' } }).expect(400);
    expect(res.body.error.field).toBe('config.baseUrl');
    const half = await admin.post('/api/connectors').send({ type: 'fhir', name: 'Mal', config: { baseUrl: fhir.baseUrl, username: 'pms' } }).expect(400);
    expect(half.body.error.field).toBe('config.password');
  });

  it('when a PATCH leaves the token out, then the stored token is kept', async () => {
    await admin.patch(`/api/connectors/${connectorId}`).send({ config: { pageSize: 2, token: '' } }).expect(200);
    expect((await admin.post(`/api/connectors/${connectorId}/test`).expect(200)).body).toEqual({ ok: true });
  });

  it('when an agent asks for connectors, then 403', async () => {
    const clinicId = (await platform.ctx.repos.clinics.listIds())[0]!;
    const agentUser = { email: 'agente@sonrisa.test', password: 'agent-pass-42' };
    await platform.ctx.repos.users.insert({ clinicId, email: agentUser.email, role: 'agent', passwordHash: await hashPassword(agentUser.password) });
    const agent = await loginAgent(platform, agentUser);
    await agent.get('/api/connectors').expect(403);
    await agent.post(`/api/connectors/${connectorId}/sync`).send({}).expect(403);
  });

  it("when clinic B asks for clinic A's connector, then 404", async () => {
    const { admin: otherAdmin } = await addClinic(platform);
    const other = await loginAgent(platform, otherAdmin);
    await other.get(`/api/connectors/${connectorId}`).expect(404);
    await other.post(`/api/connectors/${connectorId}/sync`).send({}).expect(404);
    await other.delete(`/api/connectors/${connectorId}`).expect(404);
    expect((await other.get('/api/connectors').expect(200)).body.items).toEqual([]);
  });

  it('when the token is wrong, then the connection test says the credentials were refused', async () => {
    const wrong = (await admin.post('/api/connectors').send({ type: 'fhir', name: 'Mal token', config: { baseUrl: fhir.baseUrl, token: 'nope' }, syncIntervalMinutes: null }).expect(201)).body;
    const res = await admin.post(`/api/connectors/${wrong.id}/test`).expect(200);
    expect(res.body).toEqual({ ok: false, error: expect.stringContaining('credentials refused') });
    await admin.delete(`/api/connectors/${wrong.id}`).expect(204);
  });
});

describe('FHIR sync', () => {
  it('when the first sync runs, then patients, providers, locations, services, appointments, treatments and recalls are created with E.164 phones', async () => {
    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body;
    expect(result).toEqual({
      created: 10,
      updated: 0,
      unchanged: 0,
      errors: expect.arrayContaining([
        { resource: 'patients', externalId: 'pat-3', message: 'phones[1]: not a valid phone number for ES' },
        { resource: 'appointments', externalId: 'ap-bad', message: expect.stringContaining('start') },
      ]),
    });
    expect(result.errors).toHaveLength(2);

    const patients = (await admin.get('/api/patients').expect(200)).body.items as Array<{ firstName: string; phones: string[]; externalIds: Record<string, string> }>;
    const source = `connector:${connectorId}`;
    expect(patients.map((p) => [p.externalIds[source], p.phones]).sort()).toEqual([
      ['pat-1', ['+34612345678']],
      ['pat-2', ['+34699111222']],
      ['pat-3', ['+34655443322']],
    ]);
    const ap1 = await appointmentByExternalId('ap-1');
    expect(ap1).toMatchObject({ status: 'scheduled', source });
    const [provider] = (await admin.get('/api/providers').expect(200)).body.items;
    expect(provider).toMatchObject({ firstName: 'Elena', lastName: 'Ruiz', externalId: 'pr-7', source });
    expect((await admin.get('/api/locations').expect(200)).body.items).toMatchObject([{ name: 'Clínica Centro', externalId: 'loc-1' }]);
    expect((await admin.get('/api/services').expect(200)).body.items).toMatchObject([{ name: 'Limpieza dental', externalId: 'hs-clean' }]);
    const recalls = (await admin.get('/api/recalls').expect(200)).body.items;
    expect(recalls).toMatchObject([{ reason: 'Limpieza', dueDate: '2026-11-20', status: 'pending', origin: 'pms', externalId: 'sr-1' }]);
    const treatments = await rows<{ name: string; performed_on: string; external_id: string }>(sql`SELECT name, performed_on::text, external_id FROM treatments`);
    expect(treatments).toEqual([{ name: 'Limpieza', performed_on: '2026-05-20', external_id: 'proc-1' }]);

    // Paged through next links, two entries at a time; treatments asked for completed procedures only.
    expect(fhir.requests.some((r) => r.path === '/fhir/Patient' && r.query._offset === '2')).toBe(true);
    expect(fhir.requests.find((r) => r.path === '/fhir/Procedure')?.query.status).toBe('completed');
    const connector = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body;
    expect(connector.lastSyncAt).not.toBeNull();
    expect(connector.lastResult).toMatchObject({ created: 10 });
  });

  it('when a full resync finds nothing changed, then everything is unchanged and nothing is written', async () => {
    const before = await lastWrite();
    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({ full: true }).expect(200)).body;
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
    expect(await lastWrite()).toBe(before);
  });

  it('when an incremental sync runs with nothing new, then it asks only for changes since the cursor and writes nothing', async () => {
    const before = await lastWrite();
    const seen = fhir.requests.length;
    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body;
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [] });
    const asked = fhir.requests.slice(seen);
    expect(asked.length).toBeGreaterThanOrEqual(7);
    // Searches since the cursor; appointments and recalls also read their history for deletions.
    for (const request of asked) expect(request.query._lastUpdated ?? request.query._since).toMatch(/^(gt)?\d{4}-/);
    expect(asked.filter((r) => r.path.endsWith('/_history')).map((r) => r.path).sort()).toEqual(['/fhir/Appointment/_history', '/fhir/ServiceRequest/_history']);
    expect(await lastWrite()).toBe(before);
  });

  it('when the PMS cancels an appointment, then the next sync cancels it and its pending reminders', async () => {
    const ap1 = (await appointmentByExternalId('ap-1'))!;
    const reminders = () => rows<{ state: string }>(sql`SELECT state FROM planned_reminders WHERE appointment_id = ${ap1.id}`);
    await until('planned reminders', async () => (await reminders()).some((r) => r.state === 'planned'));

    fhir.change('Appointment', 'ap-1', (resource) => ({ ...resource, status: 'cancelled' }));
    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body;
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect((await appointmentByExternalId('ap-1'))?.status).toBe('cancelled');
    await until('reminders cancelled', async () => {
      const states = await reminders();
      return states.length > 0 && states.every((r) => r.state !== 'planned');
    });
  });

  it('when the PMS deletes an appointment, then the next sync cancels it; a server without history is no failure', async () => {
    fhir.put(appointment('ap-del', 'pat-2', inDays(6)));
    expect((await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body).toMatchObject({ created: 1, errors: [] });
    fhir.remove('Appointment', 'ap-del');
    expect((await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect((await appointmentByExternalId('ap-del'))?.status).toBe('cancelled');

    fhir.historySupported = false;
    try {
      expect((await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [] });
    } finally {
      fhir.historySupported = true;
    }
  });

  it('when one row is bad, then it is reported and the rest of its page is synced', async () => {
    fhir.put(patient('pat-4', 'Pablo', 'Ortiz', ['611 22 33 44']));
    fhir.put({ resourceType: 'Patient', id: 'pat-broken', name: 'not a list' });
    fhir.put(appointment('ap-3', 'pat-4', inDays(5)));
    fhir.put(appointment('ap-orphan', 'pat-unknown', inDays(5)));
    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body;
    expect(result.created).toBe(2);
    expect(result.errors).toEqual([
      { resource: 'patients', externalId: 'pat-broken', message: expect.stringContaining('name') },
      { resource: 'appointments', externalId: 'ap-orphan', message: 'patient pat-unknown is not synced' },
    ]);
    expect(await appointmentByExternalId('ap-3')).toMatchObject({ status: 'scheduled' });
  });

  it('when a patient lives abroad, then their national number is read with their address country, not the clinic\'s', async () => {
    // 912 345 678 is a Madrid landline read as Spanish, a Lisbon mobile read as Portuguese.
    fhir.put(patient('pat-pt', 'João', 'Silva', ['912 345 678'], { line: ['Rua Augusta 10'], city: 'Lisboa', postalCode: '1100-048', country: 'PRT' }));
    fhir.put({ ...patient('pat-old-address', 'Marta', 'Vidal', ['912 345 679']), address: [{ use: 'old', city: 'Porto', country: 'PT' }, { use: 'home', city: 'Madrid', country: 'ES' }] });
    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body;
    expect(result).toMatchObject({ created: 2, errors: [] });
    const source = `connector:${connectorId}`;
    const patients = (await admin.get('/api/patients?limit=100').expect(200)).body.items as Array<{ phones: string[]; externalIds: Record<string, string> }>;
    const phonesOf = (id: string) => patients.find((p) => p.externalIds[source] === id)?.phones;
    expect(phonesOf('pat-pt')).toEqual(['+351912345678']);
    expect(phonesOf('pat-old-address')).toEqual(['+34912345679']);
  });

  it('when two syncs of the same connector start together, then the second gets 409', async () => {
    fhir.delayMs = 150;
    try {
      const [first, second] = await Promise.all([admin.post(`/api/connectors/${connectorId}/sync`).send({}), admin.post(`/api/connectors/${connectorId}/sync`).send({})]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
    } finally {
      fhir.delayMs = 0;
    }
    await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200);
  });

  it('when the PMS is down, then the sync answers 502, the connector shows the error and the cursors stay', async () => {
    const cursorsBefore = (await rows<{ cursors: Record<string, string> }>(sql`SELECT cursors FROM connectors WHERE id = ${connectorId}`))[0]!.cursors;
    fhir.failNext = { status: 503, count: 1 };
    const res = await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(502);
    expect(res.body.error.message).toContain('HTTP 503');
    const connector = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body;
    expect(connector).toMatchObject({ status: 'error', lastResult: { error: expect.stringContaining('HTTP 503') } });
    const cursorsAfter = (await rows<{ cursors: Record<string, string> }>(sql`SELECT cursors FROM connectors WHERE id = ${connectorId}`))[0]!.cursors;
    expect(cursorsAfter).toEqual(cursorsBefore);
    await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200);
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.status).toBe('active');
  });

  it('when its interval has passed, then the scheduled sweep syncs the connector', async () => {
    await admin.patch(`/api/connectors/${connectorId}`).send({ syncIntervalMinutes: 15 }).expect(200);
    const before = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.lastSyncAt;
    const later = { now: () => new Date(Date.now() + 20 * 60_000) };
    const sweep = startConnectorSync(platform.ctx, later);
    try {
      expect(await sweep.job.run()).toBe(1);
      expect(await sweep.job.run()).toBe(0);
    } finally {
      await sweep.stop();
      await admin.patch(`/api/connectors/${connectorId}`).send({ syncIntervalMinutes: null }).expect(200);
    }
    const after = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.lastSyncAt;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });
});

describe('FHIR write-back', () => {
  it('when the patient confirms through the reminder bot, then the Appointment is updated in the PMS and the next sync keeps it confirmed', async () => {
    const ap2 = (await appointmentByExternalId('ap-2'))!;
    await admin.patch(`/api/patients/${ap2.patientId}`).send({ privacyConsent: true }).expect(200);
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: ap2.id }).expect(201);
    const phone = '+34699111222';
    await until('the reminder', async () => ((await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as unknown[]).length >= 1);
    await admin.post('/api/simulator/messages').send({ from: phone, text: 'Sí' }).expect(201);

    const put = await until('the write-back', async () => fhir.requests.find((r) => r.method === 'PUT' && r.path === '/fhir/Appointment/ap-2'));
    expect(put.authorized).toBe(true);
    const stored = fhir.get('Appointment', 'ap-2')!;
    expect(stored.status).toBe('booked');
    expect(stored.participant).toContainEqual({ actor: { reference: 'Patient/pat-2' }, status: 'accepted' });
    expect((await appointmentByExternalId('ap-2'))?.status).toBe('confirmed');

    const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body;
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 1, errors: [] });
  });
});

describe('FHIR write-back of a cancellation', () => {
  it('when the patient cancels through the reminder bot, then the Appointment is cancelled in the PMS and the next sync agrees', async () => {
    const ap3 = (await appointmentByExternalId('ap-3'))!;
    await admin.patch(`/api/patients/${ap3.patientId}`).send({ privacyConsent: true }).expect(200);
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: ap3.id }).expect(201);
    const phone = '+34611223344';
    await until('the reminder', async () => ((await admin.get('/api/simulator/messages').query({ phone }).expect(200)).body.items as unknown[]).length >= 1);
    await admin.post('/api/simulator/messages').send({ from: phone, text: 'No, cancelar' }).expect(201);

    const stored = await until('the cancellation in the PMS', async () => (fhir.get('Appointment', 'ap-3')?.status === 'cancelled' ? fhir.get('Appointment', 'ap-3') : null));
    expect(stored.participant).toContainEqual({ actor: { reference: 'Patient/pat-4' }, status: 'declined' });
    expect(stored.cancelationReason).toEqual({ text: expect.stringContaining('patient') });
    expect((await appointmentByExternalId('ap-3'))?.status).toBe('cancelled');
    expect((await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200)).body).toEqual({ created: 0, updated: 0, unchanged: 1, errors: [] });
  });
});

describe('FHIR connector logs', () => {
  it('when syncs and write-backs have run, then the info logs carry counts and ids but no patient name, phone or secret', () => {
    const logs = logLines.join('');
    expect(logs).toMatch(/connector sync finished/);
    expect(logs).toMatch(/wrote the patient answer back to the PMS/);
    for (const secret of ['Lucía', 'García', 'Mario', 'López', '612345678', '612 34', '699111222', '699 11', TOKEN]) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
