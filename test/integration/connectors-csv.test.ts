// CSV import through the API: Spanish and English presets, a dry run that reports row errors and writes nothing,
// then the real import, idempotent on external ids.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let connectorId: string;

const PATIENTS_ES = [
  'Nº Historia;Nombre;Apellidos;Teléfono móvil;Email',
  '5001;Lucía;García;612 34 56 78;lucia@example.es',
  '5002;Mario;López;+34 699 11 12 22;',
  ';Sin;Historia;600 11 22 33;',
  '5003;Ana;Sanz;12;',
  '5004;Carmen;Ruiz;;carmen@',
  '5005;;;600 11 22 44;',
].join('\n');

// Every row with an error, by line: none of them is imported, on a dry run or a real one.
const PATIENT_ERRORS = [
  { resource: 'patients', externalId: null, message: 'line 4: externalId: empty' },
  { resource: 'patients', externalId: '5003', message: 'line 5: phones[0]: not a valid phone number for ES' },
  { resource: 'patients', externalId: '5004', message: 'line 6: email: not a valid e-mail address' },
  { resource: 'patients', externalId: '5005', message: 'line 7: firstName: a patient needs a name (firstName or lastName)' },
];

const APPOINTMENTS_EN = ['Appointment ID,Patient ID,Date,Time,Duration,Status', 'A-1,5001,10/12/2030,10:00,30,Booked', 'A-2,9999,11/12/2030,10:00,30,Booked'].join('\n');

const upload = (csv: string, query: Record<string, string> = {}) => admin.post(`/api/connectors/${connectorId}/import`).query(query).set('content-type', 'text/csv').send(csv);

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  connectorId = (await admin.post('/api/connectors').send({ type: 'csv', name: 'Exportación Gesden', config: { resource: 'patients' }, syncIntervalMinutes: null }).expect(201)).body.id;
});
afterAll(() => platform?.close());

const patientCount = async () => ((await admin.get('/api/patients').expect(200)).body.items as unknown[]).length;

describe('CSV import', () => {
  it('when the config names an unknown preset, then 400 names the field', async () => {
    const res = await admin.post('/api/connectors').send({ type: 'csv', name: 'Mal', config: { preset: 'fr' } }).expect(400);
    expect(res.body.error.field).toBe('config.preset');
  });

  it('when a dry run finds bad rows, then it reports them by line and writes nothing', async () => {
    const result = (await upload(PATIENTS_ES, { dryRun: 'true' }).expect(200)).body;
    expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, errors: PATIENT_ERRORS });
    expect(await patientCount()).toBe(0);
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.lastSyncAt).toBeNull();
  });

  it('when the file is imported, then only rows without errors become patients, with E.164 phones, and importing it again changes nothing', async () => {
    const first = (await upload(PATIENTS_ES).expect(200)).body;
    expect(first).toEqual({ created: 2, updated: 0, unchanged: 0, errors: PATIENT_ERRORS });
    const imported = (await admin.get('/api/patients').expect(200)).body.items as Array<{ firstName: string; phones: string[] }>;
    expect(imported.map((p) => [p.firstName, p.phones]).sort()).toEqual([['Lucía', ['+34612345678']], ['Mario', ['+34699111222']]]);
    const again = (await upload(PATIENTS_ES).expect(200)).body;
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 2, errors: PATIENT_ERRORS });
    expect(await patientCount()).toBe(2);
    expect((await admin.get(`/api/connectors/${connectorId}`).expect(200)).body.lastResult).toMatchObject({ unchanged: 2 });
  });

  it('when a changed row is dry-run, then it counts as updated without being written', async () => {
    const changed = PATIENTS_ES.replace('5002;Mario;López', '5002;Mario;López Ruiz');
    expect((await upload(changed, { dryRun: '1' }).expect(200)).body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const names = ((await admin.get('/api/patients').expect(200)).body.items as Array<{ lastName: string }>).map((p) => p.lastName);
    expect(names).not.toContain('López Ruiz');
  });

  it('when appointments are imported with English headers, then they reference the imported patients and unknown ones are reported', async () => {
    const result = (await upload(APPOINTMENTS_EN, { resource: 'appointments' }).expect(200)).body;
    expect(result).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [{ resource: 'appointments', externalId: 'A-2', message: 'line 3: patient 9999 is not synced' }] });
    const [appointment] = (await admin.get('/api/appointments').expect(200)).body.items;
    expect(appointment).toMatchObject({ externalId: 'A-1', startsAt: '2030-12-10T09:00:00.000Z', endsAt: '2030-12-10T09:30:00.000Z', source: `connector:${connectorId}` });
  });

  it('when an appointment is first seen already cancelled, then it is imported cancelled and nothing is planned or sent for it', async () => {
    const csv = ['Appointment ID,Patient ID,Date,Time,Duration,Status', 'A-9,5001,12/12/2030,10:00,30,Cancelled'].join('\n');
    expect((await upload(csv, { resource: 'appointments', dryRun: 'true' }).expect(200)).body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    expect((await upload(csv, { resource: 'appointments' }).expect(200)).body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    const appointment = ((await admin.get('/api/appointments').query({ status: 'cancelled' }).expect(200)).body.items as Array<{ id: string; externalId: string; status: string; patientId: string }>).find((a) => a.externalId === 'A-9');
    expect(appointment).toMatchObject({ status: 'cancelled' });
    // The planner has looked at it (its plan is saved) and decided on nothing: no reminder, no notice.
    await platform.automations.runDue();
    const plans = await platform.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM appointment_plans WHERE appointment_id = ${appointment!.id}`);
    expect(plans.rows[0]!.n).toBe(1);
    const reminders = await platform.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM planned_reminders WHERE appointment_id = ${appointment!.id}`);
    expect(reminders.rows[0]!.n).toBe(0);
    expect((await admin.get(`/api/patients/${appointment!.patientId}/messages`).expect(200)).body.items).toEqual([]);
    expect((await upload(csv, { resource: 'appointments' }).expect(200)).body).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('when a row names the patient\'s country, then their national number is read with it, else with the clinic\'s', async () => {
    const csv = ['Nº Historia;Nombre;Apellidos;Teléfono móvil;País', '6001;João;Silva;912 345 678;Portugal', '6002;Marta;Vidal;912 345 679;', '6003;Pierre;Martin;06 12 34 56 78;FR'].join('\n');
    expect((await upload(csv).expect(200)).body).toEqual({ created: 3, updated: 0, unchanged: 0, errors: [] });
    const patients = (await admin.get('/api/patients?limit=100').expect(200)).body.items as Array<{ firstName: string; phones: string[] }>;
    const phonesOf = (name: string) => patients.find((p) => p.firstName === name)?.phones;
    expect([phonesOf('João'), phonesOf('Marta'), phonesOf('Pierre')]).toEqual([['+351912345678'], ['+34912345679'], ['+33612345678']]);
  });

  it('when a required column is missing, then 400 names it', async () => {
    const res = await upload('Nombre;Apellidos\nAna;Sanz\n').expect(400);
    expect(res.body.error).toMatchObject({ field: 'columns.externalId', message: expect.stringContaining('columns.externalId') });
  });

  it('when the body is not CSV, then 415', async () => {
    await admin.post(`/api/connectors/${connectorId}/import`).send({ rows: [] }).expect(415);
  });
});
