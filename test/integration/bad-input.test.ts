// The bad inputs that once answered 500 or were stored as garbage, one by one (bad-input-fuzz.test.ts sends the
// same kinds of input to every route): each answers a 4xx naming the field, or, from a provider, is stored clean.
import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPmsBody } from '../../integrations/pms/webhook/verify-signature.ts';
import { recalls, users } from '../../server/db/schema/index.ts';
import { fromDatabaseError } from '../../server/http/middleware/databaseErrors.ts';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { freePort } from '../support/freePort.ts';
import { ADMIN, disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const ACCOUNT = 'AC0000000000000000000000000000b001';
const TOKEN = 'bad-input-twilio-token-0123';
const PMS_SECRET = 'bad-input-pms-secret-0123456789';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let provider404: Server;
let twilioChannelId: string;
let patientId: string;
let conversationId: string;

beforeAll(async () => {
  provider404 = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":20404,"message":"The requested resource was not found","status":404}'));
  await new Promise<void>((resolve) => provider404.listen(0, '127.0.0.1', resolve));
  const address = provider404.address();
  const port = await freePort();
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  const apiBaseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  twilioChannelId = (await admin.post('/api/channels').send({ type: 'twilio_whatsapp', name: 'WhatsApp', config: { accountSid: ACCOUNT, authToken: TOKEN, from: 'whatsapp:+15550001111', apiBaseUrl } }).expect(201)).body.id;
  patientId = (await admin.post('/api/patients').send({ firstName: 'Lucía', phones: ['600 777 001'] }).expect(201)).body.id;
  conversationId = (await admin.post('/api/simulator/messages').send({ from: '+34600777001', text: 'Hola' }).expect(201)).body.conversationId;
});
afterAll(async () => {
  await platform?.close();
  await new Promise((resolve) => provider404?.close(resolve));
});

describe('U+0000', () => {
  it('when Twilio posts a Body with a U+0000, then the message is stored without it, with a note, and not lost', async () => {
    const url = `${platform.config.publicUrl}/webhooks/twilio/${twilioChannelId}`;
    const params = { AccountSid: ACCOUNT, MessageSid: 'SM0000000000000000000000000000b001', From: 'whatsapp:+34600777002', To: 'whatsapp:+15550001111', Body: 'Quiero\u0000 cita', NumMedia: '0' };
    const res = await postAsTwilio(url, TOKEN, params);
    expect(res.status).toBeLessThan(300);
    const [conversation] = (await admin.get('/api/conversations').query({ q: '600777002' }).expect(200)).body.items;
    const [message] = (await admin.get(`/api/conversations/${conversation.id}/messages`).expect(200)).body.items;
    expect(message).toMatchObject({ direction: 'in', text: 'Quiero cita', sanitized: { removed: 'U+0000', count: 1 } });
    const stored = await platform.ctx.db.execute(sql`select meta from messages where id = ${message.id}`);
    expect(stored.rows[0]).toMatchObject({ meta: { sanitized: { removed: 'U+0000', count: 1 } } });
  });

  it('when staff send a U+0000 in a note, a reply, a label or a search, then 400 names the field', async () => {
    const cases: Array<[Promise<request.Response>, string]> = [
      [admin.post(`/api/conversations/${conversationId}/notes`).send({ text: 'Llamar\u0000' }), 'text'],
      [admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Hola\u0000' }), 'text'],
      [admin.post(`/api/conversations/${conversationId}/labels`).send({ labels: ['ok', 'mal\u0000'] }), 'labels[1]'],
      [admin.get('/api/patients').query({ q: '\u0000' }), 'q'],
      [admin.get('/api/conversations').query({ q: 'a\u0000' }), 'q'],
      [admin.patch('/api/clinic').send({ settings: { links: { bookingUrl: 'x\u0000' } } }), 'settings.links.bookingUrl'],
    ];
    for (const [sent, field] of cases) {
      const res = await sent;
      expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({ status: 400, code: 'validation_failed', field });
    }
  });

  it('when a PMS pushes a name with a U+0000, then the patient is stored without it', async () => {
    const connectorId = (await admin.post('/api/connectors').send({ type: 'webhook', name: 'PMS', config: { secret: PMS_SECRET }, syncIntervalMinutes: null }).expect(201)).body.id;
    const body = JSON.stringify({ changes: [{ resource: 'patients', action: 'upsert', record: { externalId: 'N-1', firstName: 'Mar\u0000ta', phones: ['600 777 003'] } }] });
    const res = await request(platform.url).post(`/webhooks/pms/${connectorId}`).set('content-type', 'application/json').set('x-signature', signPmsBody(body, PMS_SECRET)).send(body).expect(200);
    expect(res.body).toMatchObject({ created: 1, errors: [] });
    const [patient] = (await admin.get('/api/patients').query({ q: '600777003' }).expect(200)).body.items;
    expect(patient.firstName).toBe('Marta');
  });
});

describe('wrong types, empty changes, unknown ids', () => {
  it('when a cursor decodes but holds the wrong types, then 400 names cursor on every list', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [encode(['2026-01-01T00:00:00.000Z', 'not-a-uuid']), encode(['not-a-date', '0d9f1c52-6b43-4c55-9d43-5c1f1f1f1f1f']), encode([12345, '0d9f1c52-6b43-4c55-9d43-5c1f1f1f1f1f'])];
    for (const path of ['/api/patients', '/api/providers', '/api/locations', '/api/services', '/api/appointments', '/api/recalls', '/api/conversations']) {
      for (const cursor of cursors) {
        const res = await admin.get(path).query({ cursor });
        expect({ path, status: res.status, field: res.body.error?.field }).toEqual({ path, status: 400, field: 'cursor' });
      }
    }
  });

  it('when a PATCH has nothing to change, then 400 empty_update on clinic, users, channels and connectors', async () => {
    const userId = (await admin.post('/api/users').send({ email: 'vacio@sonrisa.test', password: 'agent-pass-42' }).expect(201)).body.id;
    const connectorId = (await admin.post('/api/connectors').send({ type: 'webhook', name: 'Vacío', config: { secret: PMS_SECRET } }).expect(201)).body.id;
    for (const path of ['/api/clinic', `/api/users/${userId}`, `/api/channels/${twilioChannelId}`, `/api/connectors/${connectorId}`, `/api/patients/${patientId}`]) {
      const res = await admin.patch(path).send({});
      expect({ path, status: res.status, error: res.body.error }).toMatchObject({ path, status: 400, error: { code: 'empty_update', field: 'body' } });
    }
  });

  it('when a recall names a service that does not exist, then 404 names serviceId and nothing is stored', async () => {
    const before = (await admin.get('/api/recalls').expect(200)).body.items.length;
    const res = await admin.post('/api/recalls').send({ patientId, reason: 'Limpieza', dueDate: '2027-03-01', serviceId: '0d9f1c52-6b43-4c55-9d43-5c1f1f1f1f1f' }).expect(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', field: 'serviceId' });
    expect((await admin.get('/api/recalls').expect(200)).body.items).toHaveLength(before);
  });

  it('when a body is not JSON, not an object, or has an unknown key, then 400 names body or that key', async () => {
    const broken = await admin.post('/api/patients').set('content-type', 'application/json').send('{"firstName": ').expect(400);
    expect(broken.body.error).toMatchObject({ code: 'invalid_json', field: 'body' });
    const list = await admin.post('/api/patients').set('content-type', 'application/json').send('[1]').expect(400);
    expect(list.body.error.field).toBe('body');
    const unknown = await admin.post('/api/patients').send({ firstName: 'Ana', phones: ['600777004'], shoeSize: 38 }).expect(400);
    expect(unknown.body.error.field).toBe('shoeSize');
  });
});

describe('dates and sizes', () => {
  it('when an appointment is in year 9999 or a recall in year 0001, then 400 names the date and nothing is stored', async () => {
    const appointment = await admin.post('/api/appointments').send({ patientId, startsAt: '9999-12-31T10:00:00Z' }).expect(400);
    expect(appointment.body.error.field).toBe('startsAt');
    const recall = await admin.post('/api/recalls').send({ patientId, reason: 'Limpieza', dueDate: '0001-01-01' }).expect(400);
    expect(recall.body.error.field).toBe('dueDate');
    expect((await admin.get('/api/appointments').query({ patientId }).expect(200)).body.items).toEqual([]);
    const range = await admin.get('/api/appointments').query({ from: '0001-01-01T00:00:00Z' }).expect(400);
    expect(range.body.error.field).toBe('from');
  });

  it('when a PMS pushes an appointment in year 0001, then it is reported, not stored', async () => {
    const connectorId = (await admin.post('/api/connectors').send({ type: 'webhook', name: 'PMS fechas', config: { secret: PMS_SECRET }, syncIntervalMinutes: null }).expect(201)).body.id;
    const body = JSON.stringify({
      changes: [
        { resource: 'patients', action: 'upsert', record: { externalId: 'D-1', firstName: 'Pilar', phones: ['600 777 005'] } },
        { resource: 'appointments', action: 'upsert', record: { externalId: 'D-A1', patientExternalId: 'D-1', startsAt: '0001-01-01T09:00:00Z' } },
      ],
    });
    const res = await request(platform.url).post(`/webhooks/pms/${connectorId}`).set('content-type', 'application/json').set('x-signature', signPmsBody(body, PMS_SECRET)).send(body).expect(200);
    expect(res.body.errors).toEqual([{ resource: 'appointments', externalId: 'D-A1', message: expect.stringContaining('startsAt') }]);
    expect((await admin.get('/api/appointments').expect(200)).body.items.filter((a: { externalId: string }) => a.externalId === 'D-A1')).toEqual([]);
  });

  it('when 900 KB of junk is sent as clinic settings, then 413 names settings and nothing is stored', async () => {
    const res = await admin.patch('/api/clinic').send({ settings: { junk: 'x'.repeat(900_000) } }).expect(413);
    expect(res.body.error).toMatchObject({ code: 'too_large', field: 'settings' });
    const clinic = (await admin.get('/api/clinic').expect(200)).body;
    expect(JSON.stringify(clinic.settings).length).toBeLessThan(64 * 1024);
  });
});

describe('providers and the database net', () => {
  it('when the provider answers 404 for content templates, then 502 provider_error with its reason, not 500', async () => {
    const res = await admin.get(`/api/channels/${twilioChannelId}/content-templates`).expect(502);
    expect(res.body.error).toMatchObject({ code: 'provider_error', message: expect.stringContaining('20404') });
  });

  it('when the database refuses a query (wrapped by Drizzle), then the refusal maps to 404/409/400 naming the column', async () => {
    const { db } = platform.ctx;
    const clinicId = (await admin.get('/api/clinic').expect(200)).body.id;
    const refusal = async (query: Promise<unknown>) => {
      const error = await query.then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, 'the query should fail').not.toBeNull();
      return fromDatabaseError(error);
    };
    const foreign = await refusal(db.insert(recalls).values({ clinicId, patientId, serviceId: '0d9f1c52-6b43-4c55-9d43-5c1f1f1f1f1f', reason: 'x', dueDate: '2027-01-01' }));
    expect(foreign).toMatchObject({ httpStatus: 404, field: 'serviceId' });
    const unique = await refusal(db.insert(users).values({ clinicId, email: ADMIN.email.toUpperCase(), role: 'agent', passwordHash: 'x' }));
    expect(unique).toMatchObject({ httpStatus: 409, field: 'email' });
    const nul = await refusal(db.insert(recalls).values({ clinicId, patientId, reason: 'a\u0000b', dueDate: '2027-01-01' }));
    expect(nul).toMatchObject({ httpStatus: 400 });
    expect(nul?.field).toBeTruthy();
  });
});
