// The Cliniko connector on its own against the local Cliniko stand-in: hosts per shard, the headers Cliniko asks
// for, paging, incremental filters, rate limits and write-back. The sync through our API is in test/integration.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClinikoStandIn } from '../../../test/stand-ins/cliniko/cliniko-stand-in.ts';
import type { PmsPage, PmsResource } from '../pms-connector.ts';
import { PmsConnectorError } from '../pms-connector-error.ts';
import { clinikoBaseUrl, clinikoConfigSchema } from './cliniko-config.ts';
import { clinikoConnector } from './cliniko-connector.ts';
import { CLINIKO_CONFIRMED_NOTE } from './cliniko-mapper.ts';

const API_KEY = 'MS0xLWl4SzYYYYdtR3V2HNOTAREALKEY-uk1';
let cliniko: ClinikoStandIn;

const connector = (config: Record<string, unknown> = {}, fetchImpl?: typeof fetch) =>
  clinikoConnector.create(clinikoConfigSchema.parse({ apiKey: API_KEY, contactEmail: 'it@sonrisa.test', baseUrl: cliniko.baseUrl, ...config }), fetchImpl ? { fetch: fetchImpl } : {});

async function pages<R extends PmsResource>(pull: AsyncIterable<PmsPage<R>>): Promise<PmsPage<R>[]> {
  const all: PmsPage<R>[] = [];
  for await (const page of pull) all.push(page);
  return all;
}

beforeAll(async () => {
  cliniko = await ClinikoStandIn.start({ apiKey: API_KEY });
});
afterAll(async () => {
  await cliniko?.close();
});
beforeEach(() => {
  cliniko.requests.length = 0;
  cliniko.rateLimitNext = null;
});

describe('Cliniko hosts', () => {
  it.each([
    ['MS0xLWl4SzYY-uk1', 'https://api.uk1.cliniko.com/v1'],
    ['MS0xLWl4SzYY-AU4', 'https://api.au4.cliniko.com/v1'],
    ['MS0xLWl4SzYY', 'https://api.au1.cliniko.com/v1'],
    ['MS0xLWl4SzYY-notashard', 'https://api.au1.cliniko.com/v1'],
  ])('when the API key is %s, then requests go to %s', (apiKey, expected) => {
    expect(clinikoBaseUrl({ apiKey })).toBe(expected);
  });

  it('when a base URL is configured, then it wins over the shard', () => {
    expect(clinikoBaseUrl({ apiKey: 'MS0xLWl4SzYY-uk1', baseUrl: 'http://127.0.0.1:9/v1/' })).toBe('http://127.0.0.1:9/v1');
  });

  it('when the contact e-mail is missing or not an e-mail, then the config is refused naming it', () => {
    const result = clinikoConfigSchema.safeParse({ apiKey: API_KEY, contactEmail: 'nobody' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['contactEmail']);
  });
});

describe('Cliniko connector', () => {
  it('when the connection is tested, then it asks for the key’s user with basic auth, JSON and a User-Agent with the contact e-mail', async () => {
    await connector().testConnection();
    expect(cliniko.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v1/user', authorized: true, accept: 'application/json', userAgent: 'Clinic Inbox (it@sonrisa.test)' }),
    ]);
  });

  it('when the key is wrong, then the connection test throws saying the credentials were refused', async () => {
    const error = await connector({ apiKey: 'wrong-key-0000-uk1' }).testConnection().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PmsConnectorError);
    expect(error).toMatchObject({ message: 'user: credentials refused (HTTP 401)', status: 401 });
  });

  it('when a list spans several pages, then every page is followed through links.next with per_page', async () => {
    for (let n = 1; n <= 5; n += 1) cliniko.add('patients', { first_name: `P${n}`, last_name: 'Test', patient_phone_numbers: [{ phone_type: 'Mobile', number: `61100000${n}` }] });
    const pulled = await pages(connector({ pageSize: 2 }).pull('patients', { since: null }));
    expect(pulled.map((page) => page.records.length)).toEqual([2, 2, 1]);
    expect(cliniko.requests.map((r) => [r.page, r.perPage, r.filters])).toEqual([
      [1, 2, []],
      [2, 2, []],
      [3, 2, []],
    ]);
    expect(pulled.at(-1)?.cursor).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('when pulling since a cursor, then it filters on updated_at from that second, and appointments include cancelled and archived ones', async () => {
    const since = '2026-11-01T10:00:00Z';
    await pages(connector().pull('patients', { since }));
    await pages(connector().pull('appointments', { since }));
    expect(cliniko.requests.map((r) => [r.path, r.filters])).toEqual([
      ['/v1/patients', [`updated_at:>=${since}`]],
      ['/v1/individual_appointments', [`updated_at:>=${since}`, 'cancelled_at:*', 'archived_at:*']],
    ]);
  });

  it('when nothing changed since the cursor, then the cursor stays where it was', async () => {
    const since = '2099-01-01T00:00:00Z';
    const pulled = await pages(connector().pull('patients', { since }));
    expect(pulled).toEqual([{ records: [], rejected: [], cursor: since }]);
  });

  it('when asked for recalls or treatments, then it yields nothing: Cliniko keeps neither', async () => {
    expect(await pages(connector().pull('recalls', { since: null }))).toEqual([]);
    expect(await pages(connector().pull('treatments', { since: null }))).toEqual([]);
    expect(cliniko.requests).toEqual([]);
    expect(clinikoConnector.capabilities.pull).not.toContain('recalls');
  });

  it('when Cliniko answers 429 with Retry-After, then it waits that long and retries', async () => {
    cliniko.rateLimitNext = { count: 1, retryAfterSeconds: 1 };
    const started = Date.now();
    await connector().testConnection();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(cliniko.requests).toHaveLength(2);
  });

  it('when Cliniko keeps answering 429, then it gives up after three retries with an error naming the status', async () => {
    cliniko.rateLimitNext = { count: 10, retryAfterSeconds: 0 };
    await expect(connector().testConnection()).rejects.toMatchObject({ message: 'user: rate limited by Cliniko (HTTP 429)', status: 429 });
    expect(cliniko.requests).toHaveLength(4);
  });

  it('when Cliniko asks to wait longer than a rate-limit window, then it fails at once instead of hanging', async () => {
    cliniko.rateLimitNext = { count: 1, retryAfterSeconds: 600 };
    await expect(connector().testConnection()).rejects.toMatchObject({ status: 429 });
    expect(cliniko.requests).toHaveLength(1);
  });

  it('when a next link points at another host, then it is not followed (the key stays with Cliniko)', async () => {
    const elsewhere: typeof fetch = async () =>
      new Response(JSON.stringify({ patients: [], total_entries: 3, links: { next: 'https://evil.example/v1/patients?page=2' } }), { headers: { 'content-type': 'application/json' } });
    await expect(pages(connector({}, elsewhere).pull('patients', { since: null }))).rejects.toThrow('patients list: Cliniko linked to another host');
  });

  it('when the patient cancels, then the documented cancel endpoint gets a reason code and a note', async () => {
    const patient = cliniko.add('patients', { first_name: 'Ana', last_name: 'Sanz' });
    const appointment = cliniko.add('individual_appointments', { starts_at: '2026-12-10T09:00:00Z', ends_at: '2026-12-10T09:30:00Z', cancelled_at: null, patient: cliniko.link('patients', patient.id) });
    await connector().writeAppointmentStatus!(appointment.id, 'cancelled');
    expect(cliniko.requests).toEqual([expect.objectContaining({ method: 'PATCH', path: `/v1/individual_appointments/${appointment.id}/cancel`, body: { cancellation_reason: 50, cancellation_note: expect.any(String) } })]);
    expect(cliniko.get('individual_appointments', appointment.id)).toMatchObject({ cancellation_reason: 50, cancelled_at: expect.stringMatching(/Z$/) });
  });

  it('when the patient cancels an appointment the clinic already cancelled in Cliniko, then the refused cancel counts as done', async () => {
    const appointment = cliniko.add('individual_appointments', { starts_at: '2026-12-12T09:00:00Z', cancelled_at: '2026-12-01T09:00:00Z' });
    await connector().writeAppointmentStatus!(appointment.id, 'cancelled');
    expect(cliniko.requests.map((r) => r.method)).toEqual(['PATCH', 'GET']);
  });

  it('when a cancellation is refused for another reason, then it throws naming the status', async () => {
    await expect(connector().writeAppointmentStatus!('1390000000000009999', 'cancelled')).rejects.toMatchObject({ message: 'individual_appointments cancel: request failed (HTTP 404)', status: 404 });
  });

  it('when the patient confirms, then the confirmation line is added to the notes once, keeping the clinic’s notes', async () => {
    const appointment = cliniko.add('individual_appointments', { starts_at: '2026-12-11T09:00:00Z', cancelled_at: null, notes: 'Traer radiografías' });
    await connector().writeAppointmentStatus!(appointment.id, 'confirmed');
    await connector().writeAppointmentStatus!(appointment.id, 'confirmed');
    expect(cliniko.get('individual_appointments', appointment.id)?.notes).toBe(`Traer radiografías\n${CLINIKO_CONFIRMED_NOTE}`);
    expect(cliniko.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});
