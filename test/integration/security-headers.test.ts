// Security headers (helmet) on every response, with the Content-Security-Policy written for the built inbox UI,
// and the session cookie's flags; HSTS, upgrade-insecure-requests and Secure cookies only behind https (PUBLIC_URL).
// That the UI really runs under this policy is the browser test's part (test/browser/two-factor.test.ts).
import { existsSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import buildInboxUi from '../browser/build-ui.global.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let behindHttps: TestPlatform;
beforeAll(async () => {
  // The app serves inbox-ui/dist only when it is there at start; build it as `npm start` does if no test has yet.
  if (!existsSync('inbox-ui/dist/index.html')) buildInboxUi();
  platform = await startTestPlatform();
  behindHttps = await startTestPlatform({ PUBLIC_URL: 'https://inbox.clinica.test' });
}, 180_000);
afterAll(async () => {
  await platform?.close();
  await behindHttps?.close();
});

/** The policy's directives, each with its sources. */
function directives(header: string | undefined): Record<string, string[]> {
  expect(header).toBeDefined();
  return Object.fromEntries(
    header!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const UI_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

describe('security headers', () => {
  it('when the inbox UI is loaded, then its index.html carries the UI policy, nosniff, no framing and a same-origin referrer policy', async () => {
    const res = await request(platform.url).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<div id="app">');
    expect(directives(res.headers['content-security-policy'])).toEqual(UI_POLICY);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Plain http: no HSTS, no upgrade (there is no https to go to).
    expect(res.headers['strict-transport-security']).toBeUndefined();

    // A client-side route gets the same shell and the same policy.
    const deepLink = await request(platform.url).get('/ajustes').expect(200);
    expect(directives(deepLink.headers['content-security-policy'])).toEqual(UI_POLICY);
  });

  it('when the API or a webhook answers, an error included, then the same headers are there', async () => {
    for (const res of [
      await request(platform.url).get('/api/auth/session').expect(200),
      await request(platform.url).get('/api/patients').expect(401),
      await request(platform.url).get('/healthz').expect(200),
      await request(platform.url).post('/webhooks/twilio/00000000-0000-0000-0000-000000000000').type('form').send({ Body: 'x' }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(directives(res.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
    }
  });

  it('when PUBLIC_URL is https, then HSTS is sent and the policy upgrades insecure requests', async () => {
    const res = await request(behindHttps.url).get('/').expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    expect(directives(res.headers['content-security-policy'])).toEqual({ ...UI_POLICY, 'upgrade-insecure-requests': [] });
  });
});

describe('session cookie', () => {
  const cookieOf = async (url: string) => {
    const res = await request(url).post('/api/auth/login').send(ADMIN).expect(200);
    const cookie = [res.headers['set-cookie']].flat().find((line) => String(line).startsWith('ci_session='));
    expect(cookie).toBeDefined();
    return String(cookie);
  };

  it('when staff log in over plain http, then the cookie is HttpOnly and SameSite=Lax, and not Secure (the browser would drop it)', async () => {
    const cookie = await cookieOf(platform.url);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('when PUBLIC_URL is https, then the cookie is also Secure', async () => {
    const cookie = await cookieOf(behindHttps.url);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Secure/i);
  });
});
