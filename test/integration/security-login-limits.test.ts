// Password guessing meets a limit whatever the guesser varies: the account tried (per address), the address
// (per account), or a forged X-Forwarded-For (only configured proxies are believed). Clients connect from
// their own loopback addresses (127.0.x.y), so "another address" is a real socket's, not a header.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/env.ts';
import { ADMIN, addClinic, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

describe('login limits, trusting no proxy (the default)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform.close());

  it('when 40 wrong passwords come from one address with a different X-Forwarded-For each, then 429 comes before the end', async () => {
    const { admin } = await addClinic(platform, 'Clínica Rotación');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      statuses.push(await tryLogin(platform, { email: admin.email, password: `guess-${attempt}` }, { from: '127.0.1.1', forwardedFor: `203.0.113.${attempt + 1}` }));
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.indexOf(429)).toBe(10);
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
  });

  it('when 40 different e-mails are tried once each from one address, then 429 comes before the end; another address still logs in', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      statuses.push(await tryLogin(platform, { email: `sprayed-${attempt}@sonrisa.test`, password: 'Winter2026!' }, { from: '127.0.2.1', forwardedFor: `198.51.100.${attempt + 1}` }));
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    // The address is locked out, even with a right password; the account is not: from elsewhere it logs in.
    expect(await tryLogin(platform, ADMIN, { from: '127.0.2.1' })).toBe(429);
    expect(await tryLogin(platform, ADMIN, { from: '127.0.2.2' })).toBe(200);
  });

  it('when one account gets 40 wrong passwords from 40 addresses, then it is locked out after 10 while other accounts still log in', async () => {
    const { admin: victim } = await addClinic(platform, 'Clínica Víctima');
    const { admin: colleague } = await addClinic(platform, 'Clínica Vecina');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      statuses.push(await tryLogin(platform, { email: victim.email, password: `guess-${attempt}` }, { from: `127.0.3.${attempt + 1}` }));
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
    // Locked out: the right password waits too (and says when to come back) …
    const locked = await tryLoginResponse(platform, victim, { from: '127.0.3.200' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // … while another account, from one of the very addresses used, is not held up.
    expect(await tryLogin(platform, colleague, { from: '127.0.3.1' })).toBe(200);
  });

  it('when a staff member mistypes a few times and then logs in, then nothing is locked', async () => {
    const { admin } = await addClinic(platform, 'Clínica Despistada');
    for (let attempt = 0; attempt < 3; attempt++) expect(await tryLogin(platform, { ...admin, password: `typo-${attempt}` }, { from: '127.0.4.1' })).toBe(401);
    expect(await tryLogin(platform, admin, { from: '127.0.4.1' })).toBe(200);
  });
});

describe('login limits behind a configured proxy (TRUST_PROXY)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // The test client stands in for the proxy: it connects from loopback and appends the client's address.
    platform = await startTestPlatform({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => platform.close());

  it('when clients behind the proxy forge the start of X-Forwarded-For, then the address the proxy added is the one counted', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 25; attempt++) {
      // What the client sent (a new address each time), then what the proxy saw.
      statuses.push(await tryLogin(platform, { email: `forged-${attempt}@sonrisa.test`, password: 'x-wrong-x' }, { from: '127.0.5.1', forwardedFor: `10.9.9.${attempt + 1}, 192.0.2.44` }));
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    // Another client of the same proxy is another address: not locked out.
    expect(await tryLogin(platform, ADMIN, { from: '127.0.5.1', forwardedFor: '192.0.2.45' })).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('when it is unset, a number of hops or a list of proxies, then it is read as such; "trust everyone" and junk stop the start', () => {
    expect(loadConfig({}, []).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }, []).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16, fd00::/8, loopback' }, []).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8', 'loopback']);
    for (const wrong of ['true', 'proxy.internal', '10.0.0.0/33', '99']) expect(() => loadConfig({ TRUST_PROXY: wrong }, []), wrong).toThrow(ConfigError);
  });
});

type Credentials = { email: string; password: string };
type Origin = { from: string; forwardedFor?: string };

async function tryLogin(platform: TestPlatform, credentials: Credentials, origin: Origin): Promise<number> {
  return (await tryLoginResponse(platform, credentials, origin)).status;
}

/** POST /api/auth/login over a socket bound to `origin.from` (any 127.x.y.z reaches the platform on 127.0.0.1). */
function tryLoginResponse(platform: TestPlatform, credentials: Credentials, origin: Origin): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL('/api/auth/login', platform.url);
  const body = JSON.stringify(credentials);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: origin.from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(origin.forwardedFor ? { 'x-forwarded-for': origin.forwardedFor } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
