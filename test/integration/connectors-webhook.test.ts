// Push webhook through the real HTTP stack: signed with HMAC-SHA256 of the raw body, forged pushes refused
// before anything is stored, changes upserted idempotently, deletions cancelling appointments.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPmsBody } from '../../integrations/pms/webhook/verify-signature.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const SECRET = 'pms-webhook-secret-0123456789';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let connectorId: string;

const startsAt = new Date(Date.now() + 5 * 86_400_000).toISOString();
const push = {
  changes: [
    { resource: 'patients', action: 'upsert', record: { externalId: 'P-1', firstName: 'Lucía', lastName: 'García', phones: ['612 34 56 78'] } },
    { resource: 'appointments', action: 'upsert', record: { externalId: 'C-1', patientExternalId: 'P-1', startsAt, status: 'scheduled' } },
    { resource: 'appointments', action: 'upsert', record: { externalId: 'C-bad', patientExternalId: 'P-1', startsAt: 'mañana' } },
  ],
};

const send = (body: string, signature: string | null, id = connectorId) => {
  const req = request(platform.url).post(`/webhooks/pms/${id}`).set('content-type', 'application/json');
  return (signature === null ? req : req.set('x-signature', signature)).send(body);
};

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  connectorId = (await admin.post('/api/connectors').send({ type: 'webhook', name: 'Integración', config: { secret: SECRET }, syncIntervalMinutes: null }).expect(201)).body.id;
});
afterAll(() => platform?.close());

const patientCount = async () => ((await admin.get('/api/patients').expect(200)).body.items as unknown[]).length;

describe('PMS push webhook', () => {
  it('when the connector is read back, then the secret is never returned', async () => {
    const connector = (await admin.get(`/api/connectors/${connectorId}`).expect(200)).body;
    expect(connector.secretsSet).toEqual(['secret']);
    expect(connector.webhookUrl).toMatch(new RegExp(`/webhooks/pms/${connectorId}$`));
    expect(JSON.stringify(connector)).not.toContain(SECRET);
  });

  it('when the signature is forged or missing, then 403 and nothing is stored', async () => {
    const body = JSON.stringify(push);
    await send(body, signPmsBody(body, 'another-secret-0123456789')).expect(403);
    await send(body, signPmsBody(`${body} `, SECRET)).expect(403);
    await send(body, 'sha256=zz').expect(403);
    await send(body, null).expect(403);
    expect(await patientCount()).toBe(0);
  });

  it('when a signed push arrives, then its changes are stored, the malformed one reported, and the patient who already wrote in is the one updated', async () => {
    await admin.post('/api/simulator/messages').send({ from: '+34612345678', text: 'Hola' }).expect(201);
    expect(await patientCount()).toBe(1);
    const body = JSON.stringify(push);
    const result = (await send(body, signPmsBody(body, SECRET)).expect(200)).body;
    expect(await patientCount()).toBe(1);
    expect(result).toEqual({ created: 1, updated: 1, unchanged: 0, errors: [{ resource: 'appointments', externalId: 'C-bad', message: expect.stringContaining('startsAt') }] });
    const [patient] = (await admin.get('/api/patients').expect(200)).body.items;
    expect(patient).toMatchObject({ firstName: 'Lucía', lastName: 'García', phones: ['+34612345678'], externalIds: { [`connector:${connectorId}`]: 'P-1' } });
    const [appointment] = (await admin.get('/api/appointments').expect(200)).body.items;
    expect(appointment).toMatchObject({ externalId: 'C-1', status: 'scheduled', source: `connector:${connectorId}` });

    const again = (await send(body, signPmsBody(body, SECRET)).expect(200)).body;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('when the PMS deletes an appointment, then it is cancelled here', async () => {
    const body = JSON.stringify({ changes: [{ resource: 'appointments', action: 'delete', externalId: 'C-1' }, { resource: 'patients', action: 'delete', externalId: 'P-1' }] });
    const result = (await send(body, signPmsBody(body, SECRET)).expect(200)).body;
    expect(result).toMatchObject({ updated: 1, errors: [{ resource: 'patients', externalId: 'P-1', message: expect.stringContaining('not supported') }] });
    const [appointment] = (await admin.get('/api/appointments').expect(200)).body.items;
    expect(appointment.status).toBe('cancelled');
  });

  it('when the connector is unknown or not a webhook, then 404', async () => {
    const body = JSON.stringify(push);
    await send(body, signPmsBody(body, SECRET), '00000000-0000-4000-8000-000000000000').expect(404);
    const csv = (await admin.post('/api/connectors').send({ type: 'csv', name: 'CSV', syncIntervalMinutes: null }).expect(201)).body;
    await send(body, signPmsBody(body, SECRET), csv.id).expect(404);
  });

  it('when the body is signed but not valid JSON, then 400', async () => {
    const body = '{"changes": [';
    await send(body, signPmsBody(body, SECRET)).expect(400);
  });
});
