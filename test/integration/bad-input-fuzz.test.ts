// Every route the running app serves, sent the inputs that once answered 500: a U+0000 in each string, dates in
// years 9999 and 0001, ids that exist nowhere, wrongly typed cursors, empty and non-JSON bodies, U+0000 in path
// segments. Nothing may answer 500, and every 400 names the offending field. The routes come from the app's own
// router (test/support/listRoutes.ts), so a new route is fuzzed as soon as it has a sample in the table.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPmsBody } from '../../integrations/pms/webhook/verify-signature.ts';
import { formatPath } from '../../server/http/validate.ts';
import { signTwilioRequest } from '../stand-ins/twilio/sign-twilio-request.ts';
import { freePort } from '../support/freePort.ts';
import { listRoutes } from '../support/listRoutes.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { routeSamples, TWILIO_ACCOUNT, type FuzzFixture, type RouteSample } from './bad-input-fuzz.routes.ts';

const TWILIO_TOKEN = 'fuzz-twilio-token-0123456789';
const PMS_SECRET = 'fuzz-pms-secret-0123456789';
const NUL = '\u0000';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let fixture: FuzzFixture;
let provider404: Server;

beforeAll(async () => {
  // A provider that knows nothing: every Twilio call answers 404 (content templates, sends).
  provider404 = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":20404,"message":"The requested resource was not found","status":404}'));
  await new Promise<void>((resolve) => provider404.listen(0, '127.0.0.1', resolve));
  const address = provider404.address();
  const providerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const port = await freePort();
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, OUTBOX_RETRY_BASE_MS: '60000' });
  admin = await loginAgent(platform);
  fixture = await buildFixture(providerUrl);
});
afterAll(async () => {
  await platform?.close();
  await new Promise((resolve) => provider404?.close(resolve));
});

type Outcome = { route: string; variant: string; status: number; code?: string; field?: string; message?: string };

describe('bad input on every route', () => {
  it('when the app lists its routes, then the fuzz table has a sample for each (and no stale ones)', () => {
    const served = listRoutes(platform.app).map((route) => `${route.method} ${route.path}`);
    const sampled = Object.keys(routeSamples(fixture));
    expect(served.filter((route) => !sampled.includes(route)), 'routes without a fuzz sample').toEqual([]);
    expect(sampled.filter((route) => !served.includes(route)), 'samples of routes that no longer exist').toEqual([]);
    expect(served.length).toBeGreaterThan(100);
  });

  it('when each route gets each bad input, then none answers 500 and every 400 names a field', { timeout: 240_000 }, async () => {
    const outcomes: Outcome[] = [];
    const wrong: Array<Outcome & { problem: string }> = [];
    const samples = routeSamples(fixture);
    // Deletions and logging out last: the other routes need the records and the session.
    const order = (route: string) => (route === 'POST /api/auth/logout' || route === 'POST /api/auth/logout-all' ? 2 : route.startsWith('DELETE ') || route.endsWith('/erase') ? 1 : 0);
    const routes = listRoutes(platform.app)
      .map((route) => `${route.method} ${route.path}`)
      .sort((a, b) => order(a) - order(b));
    for (const route of routes) {
      const sample = samples[route];
      if (!sample) continue;
      for (const variant of variantsOf(route, sample)) {
        const res = await send(route, variant);
        const error = res.body?.error;
        const outcome: Outcome = { route, variant: variant.name, status: res.status, code: error?.code, field: error?.field, message: error?.message?.slice(0, 160) };
        outcomes.push(outcome);
        const problem = variant.check?.(res.status, error);
        if (problem) wrong.push({ ...outcome, problem });
      }
    }
    const line = (o: Outcome & { problem?: string }) => `${o.route} | ${o.variant} → ${o.status} ${o.code ?? ''} ${JSON.stringify(o.field ?? null)}${o.problem ? ` (${o.problem})` : ''}`;
    expect({
      answered500: outcomes.filter((o) => o.status === 500 || o.code === 'internal_error').map(line),
      unnamed400: outcomes.filter((o) => o.status === 400 && !o.field).map(line),
      unexpected: wrong.map(line),
    }).toEqual({ answered500: [], unnamed400: [], unexpected: [] });
    expect(outcomes.length).toBeGreaterThan(800);
  });
});

// ---------------------------------------------------------------- variants

type Variant = {
  name: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** A JSON value, or raw text with its content type. */
  body?: unknown;
  raw?: { text: string; contentType: string };
  /** What this variant must answer beyond "no 500": a description of the problem, or null. */
  check?: Check;
};

type Check = (status: number, error: { code?: string; field?: string } | undefined) => string | null;

function variantsOf(route: string, sample: RouteSample): Variant[] {
  const [method] = route.split(' ');
  const params = sample.params ?? {};
  const query = sample.query ?? {};
  const body = sample.body;
  // Each variant breaks one thing: the rest of the request is the valid sample.
  const base = { params, query, body, ...(sample.raw ? { raw: sample.raw } : {}) };
  const out: Variant[] = [];
  const isApi = !sample.webhook;
  const named =
    (wanted: string): Check =>
    (status, error) =>
      status === 400 && error?.field !== wanted ? `400 should name ${wanted}` : null;

  // U+0000 in every string of the body and the query: API input is refused naming it; a provider's is cleaned and kept.
  for (const leaf of stringLeaves(body)) {
    out.push({ ...base, name: `nul body ${leaf.field}`, body: replaceAt(body, leaf.path, `${leaf.value.slice(0, 2)}${NUL}${leaf.value.slice(2)}`), check: isApi ? rejected(leaf.field) : accepted });
    if (isDate(leaf.value)) {
      for (const year of ['9999', '0001']) {
        out.push({ ...base, name: `year ${year} ${leaf.field}`, body: replaceAt(body, leaf.path, `${year}${leaf.value.slice(4)}`), check: isApi ? rejected(leaf.field) : accepted });
      }
    }
    if (isUuid(leaf.value)) out.push({ ...base, name: `unknown id ${leaf.field}`, body: replaceAt(body, leaf.path, randomUUID()), check: named(leaf.field) });
  }
  for (const [key, value] of Object.entries(query)) {
    out.push({ ...base, name: `nul query ${key}`, query: { ...query, [key]: `${value.slice(0, 1)}${NUL}${value.slice(1)}` }, check: rejected(key) });
    if (isDate(value)) for (const year of ['9999', '0001']) out.push({ ...base, name: `year ${year} query ${key}`, query: { ...query, [key]: `${year}${value.slice(4)}` }, check: rejected(key) });
    if (isUuid(value)) out.push({ ...base, name: `unknown id query ${key}`, query: { ...query, [key]: randomUUID() }, check: named(key) });
  }
  if (method === 'GET') {
    out.push({ ...base, name: 'q=%00', query: { ...query, q: NUL } });
    for (const [label, cursor] of wrongCursors()) {
      out.push({ ...base, name: `cursor ${label}`, query: { ...query, cursor }, check: sample.pages ? rejected('cursor') : undefined });
    }
  }
  // 900 KB of junk in each object of the body (clinic settings are served to every agent): refused, naming it.
  for (const [key, value] of Object.entries(isRecord(body) ? body : {})) {
    if (!isRecord(value)) continue;
    const tooLarge: Check = (status, error) => (status === 413 || status === 400 ? (error?.field?.startsWith(key) ? null : `should name ${key}`) : `900 KB in ${key} should be refused`);
    out.push({ ...base, name: `900 KB in ${key}`, body: { ...body, [key]: { junk: 'x'.repeat(900_000) } }, check: isApi ? tooLarge : undefined });
  }
  if (sample.raw) out.push({ ...base, name: 'nul in the file', raw: { ...sample.raw, text: sample.raw.text.replace('Ana', `A${NUL}na`) } });
  // U+0000 and unknown ids in each path segment.
  for (const key of Object.keys(params)) {
    out.push({ ...base, name: `nul param ${key}`, params: { ...params, [key]: `${NUL}x` } });
    if (isUuid(params[key]!)) out.push({ ...base, name: `unknown param ${key}`, params: { ...params, [key]: randomUUID() }, check: (status) => ([403, 404].includes(status) ? null : 'an unknown id should be 404') });
  }
  // Bodies that are empty, not JSON, or JSON of the wrong shape.
  if (method !== 'GET' && method !== 'DELETE') {
    out.push({ ...base, name: 'empty object', body: {}, check: method === 'PATCH' ? (status, error) => (status === 400 && error?.code === 'empty_update' && error.field ? null : 'an empty PATCH should be 400 empty_update') : undefined });
    out.push({ ...base, name: 'text body', raw: { text: 'hola', contentType: 'text/plain' } });
    out.push({ ...base, name: 'broken json', raw: { text: '{"text": ', contentType: 'application/json' }, check: sample.webhook === 'twilio' ? undefined : rejected('body') });
    out.push({ ...base, name: 'json array', raw: { text: '[1,2]', contentType: 'application/json' } });
    out.push({ ...base, name: 'json string', raw: { text: '"hola"', contentType: 'application/json' } });
    out.push({ ...base, name: 'nul key', body: { ...(isRecord(body) ? body : {}), [`a${NUL}b`]: 'x' } });
  }
  return out;
}

/** API input with a U+0000, an out-of-range date…: 400 naming exactly that field (or refused earlier, as 4xx). */
function rejected(field: string): Check {
  return (status, error) => {
    if (status < 400 || status >= 500) return `should be refused (4xx), naming ${field}`;
    return status === 400 && error?.field !== field ? `400 should name ${field}` : null;
  };
}

/** A provider's payload is never refused for a stray character: the webhook is acknowledged. */
const accepted: Check = (status) => (status < 300 ? null : 'a provider payload should be acknowledged');

function wrongCursors(): Array<[string, string]> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    ['id not a uuid', encode(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])],
    ['date not a date', encode(['not-a-date', randomUUID()])],
    ['number for a date', encode([1234567, randomUUID()])],
    ['year 9999', encode(['9999-01-01T00:00:00.000Z', randomUUID()])],
    ['nul', encode([`2026${NUL}`, randomUUID()])],
  ];
}

// ---------------------------------------------------------------- sending

async function send(route: string, variant: Variant) {
  const [method, template] = route.split(' ') as [string, string];
  const path = template.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(variant.params[key] ?? ''));
  const sample = routeSamples(fixture)[route]!;
  if (sample.webhook === 'twilio') return sendTwilio(path, variant);
  if (sample.webhook === 'pms') return sendPms(path, variant);
  let req = admin[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).query(variant.query);
  if (variant.raw) return req.set('content-type', variant.raw.contentType).send(variant.raw.text);
  if (variant.body !== undefined) req = req.send(variant.body as object);
  return req;
}

async function sendTwilio(path: string, variant: Variant) {
  const url = `${platform.config.publicUrl}${path}`;
  if (variant.raw) return request(platform.url).post(path).set('content-type', variant.raw.contentType).send(variant.raw.text);
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(isRecord(variant.body) ? variant.body : {})) form[key] = String(value);
  return request(platform.url).post(path).type('form').set('x-twilio-signature', signTwilioRequest(TWILIO_TOKEN, url, form)).send(new URLSearchParams(form).toString());
}

async function sendPms(path: string, variant: Variant) {
  const text = variant.raw ? variant.raw.text : JSON.stringify(variant.body ?? {});
  return request(platform.url).post(path).set('content-type', variant.raw?.contentType ?? 'application/json').set('x-signature', signPmsBody(text, PMS_SECRET)).send(text);
}

// ---------------------------------------------------------------- values

type Leaf = { path: Array<string | number>; field: string; value: string };

function stringLeaves(value: unknown, path: Array<string | number> = []): Leaf[] {
  if (typeof value === 'string') return [{ path, field: formatPath(path), value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  return [];
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: string): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  if (isRecord(value)) return { ...value, [String(head)]: replaceAt(value[String(head)], rest, replacement) };
  return value;
}

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}/.test(value);
const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------- fixture

async function buildFixture(providerUrl: string): Promise<FuzzFixture> {
  const created = async (path: string, body: object) => (await admin.post(path).send(body).expect(201)).body;
  const patient = await created('/api/patients', { firstName: 'Lucía', lastName: 'García', phones: ['600 999 001'] });
  const other = await created('/api/patients', { firstName: 'Luis', lastName: 'García', phones: ['600 999 009'] });
  const provider = await created('/api/providers', { firstName: 'Elena', lastName: 'Martín' });
  const location = await created('/api/locations', { name: 'Sede Centro' });
  const service = await created('/api/services', { name: 'Limpieza', durationMinutes: 30 });
  const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const appointment = await created('/api/appointments', { patientId: patient.id, providerId: provider.id, locationId: location.id, serviceId: service.id, startsAt });
  const recall = await created('/api/recalls', { patientId: patient.id, reason: 'Limpieza', dueDate: startsAt.slice(0, 10) });
  const inbound = (await admin.post('/api/simulator/messages').send({ from: '+34600999001', text: 'Hola' }).expect(201)).body;
  const reply = await created(`/api/conversations/${inbound.conversationId}/messages`, { text: 'Hola, Lucía' });
  const agent = await created('/api/users', { email: 'ana@sonrisa.test', name: 'Ana', role: 'agent', password: 'agent-pass-42' });
  const channel = await created('/api/channels', { type: 'twilio_sms', name: 'SMS', config: { accountSid: TWILIO_ACCOUNT, authToken: TWILIO_TOKEN, from: '+15550001111', apiBaseUrl: providerUrl } });
  const connector = await created('/api/connectors', { type: 'webhook', name: 'PMS', config: { secret: PMS_SECRET }, syncIntervalMinutes: null });
  const quickReply = await created('/api/quick-replies', { shortcut: 'saludo-fuzz', title: 'Saludo', body: 'Hola {{patient.firstName}}' });
  const session = await created('/api/bots/start', { flow: 'recall', recallId: recall.id });
  return {
    patientId: patient.id,
    otherPatientId: other.id,
    providerId: provider.id,
    locationId: location.id,
    serviceId: service.id,
    appointmentId: appointment.id,
    recallId: recall.id,
    conversationId: inbound.conversationId,
    messageId: reply.id,
    agentId: agent.id,
    channelId: channel.id,
    connectorId: connector.id,
    quickReplyId: quickReply.id,
    botSessionId: session.id,
  };
}
