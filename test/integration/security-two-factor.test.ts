// Optional TOTP two-factor for admins: enrolment (setup, then a first code), login that asks for a code, codes
// good once, wrong codes counted by the login limits, turning it off with password and code, the audit, and the
// secret sealed at rest.
// Codes are made here with the same library for the current time; each test has its own admin (its own last
// accepted step), and every code it uses is for a later step than the one before, so no test depends on the clock.
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

type Credentials = { email: string; password: string };

/** The code an authenticator app shows `steps` periods from now. */
function codeFor(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
}

/** Six digits that are none of the codes near now: a wrong guess whatever the clock. */
function wrongCode(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((steps) => codeFor(secret, steps)));
  for (let n = 0; ; n++) {
    const code = String((Number(codeFor(secret)) + 1 + n) % 1_000_000).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** A new clinic's admin, logged in, who turned two-factor on with the current code. */
async function enrolledAdmin(): Promise<{ admin: Credentials; agent: Awaited<ReturnType<typeof loginAgent>>; secret: string }> {
  const { admin } = await addClinic(platform);
  const agent = await loginAgent(platform, admin);
  const setup = await agent.post('/api/auth/totp/setup').expect(200);
  await agent.post('/api/auth/totp/enable').send({ code: codeFor(setup.body.secret) }).expect(200);
  return { admin, agent, secret: setup.body.secret };
}

const login = (body: Record<string, string>) => request(platform.url).post('/api/auth/login').send(body);

describe('two-factor enrolment', () => {
  it('when an admin sets it up, then they get the secret, its otpauth URI and a QR code, and login asks nothing until a code confirms it', async () => {
    const { admin } = await addClinic(platform);
    const agent = await loginAgent(platform, admin);
    expect((await agent.get('/api/auth/totp').expect(200)).body).toEqual({ enabled: false });

    const setup = await agent.post('/api/auth/totp/setup').expect(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.body.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(setup.body.secret);
    expect(uri.searchParams.get('issuer')).toBe('Clinic Inbox');
    expect(decodeURIComponent(uri.pathname)).toContain(admin.email);
    expect(setup.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.body.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
    // At rest the secret is sealed with SECRETS_KEY, like channel tokens.
    const stored = await platform.ctx.db.execute(sql`SELECT totp_secret FROM users WHERE lower(email) = ${admin.email.toLowerCase()}`);
    const sealed = String((stored.rows[0] as { totp_secret: string }).totp_secret);
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain(setup.body.secret);

    // Pending: not on yet.
    await login(admin).expect(200);

    const wrong = await agent.post('/api/auth/totp/enable').send({ code: wrongCode(setup.body.secret) }).expect(400);
    expect(wrong.body.error).toMatchObject({ code: 'totp_invalid', field: 'code' });
    const malformed = await agent.post('/api/auth/totp/enable').send({ code: '12ab' }).expect(400);
    expect(malformed.body.error).toMatchObject({ code: 'validation_failed', field: 'code' });
    expect((await agent.get('/api/auth/totp').expect(200)).body).toEqual({ enabled: false });

    // Apps show the code as "123 456"; spaces are fine.
    const code = codeFor(setup.body.secret);
    await agent.post('/api/auth/totp/enable').send({ code: `${code.slice(0, 3)} ${code.slice(3)}` }).expect(200);
    expect((await agent.get('/api/auth/totp').expect(200)).body).toEqual({ enabled: true });
    const again = await agent.post('/api/auth/totp/setup').expect(409);
    expect(again.body.error.code).toBe('totp_enabled');
  });

  it('when an admin turns it on, then their other sessions end and this one stays', async () => {
    const { admin } = await addClinic(platform);
    const elsewhere = await loginAgent(platform, admin);
    const here = await loginAgent(platform, admin);
    const setup = await here.post('/api/auth/totp/setup').expect(200);
    await here.post('/api/auth/totp/enable').send({ code: codeFor(setup.body.secret) }).expect(200);
    await elsewhere.get('/api/auth/me').expect(401);
    await here.get('/api/auth/me').expect(200);
  });

  it('when an agent (not an admin) tries to set it up, then 403', async () => {
    const admin = await loginAgent(platform);
    const agentUser = { email: 'dos-pasos@sonrisa.test', password: 'agent-pass-42' };
    await admin.post('/api/users').send({ ...agentUser, role: 'agent' }).expect(201);
    const agent = await loginAgent(platform, agentUser);
    expect((await agent.post('/api/auth/totp/setup').expect(403)).body.error.code).toBe('forbidden');
    expect((await agent.post('/api/auth/totp/enable').send({ code: '123456' }).expect(403)).body.error.code).toBe('forbidden');
  });

  it('when turning it on and off, then the access audit records both, and no answer carries the secret', async () => {
    const { admin, agent, secret } = await enrolledAdmin();
    await agent.post('/api/auth/totp/disable').send({ password: admin.password, code: codeFor(secret, 1) }).expect(200);
    const me = (await agent.get('/api/auth/me').expect(200)).body.user;
    const entries = (await agent.get('/api/audit').expect(200)).body.items as Array<{ action: string; subjectType: string; subjectId: string; actorUserId: string; detail: unknown }>;
    expect(entries.map(({ action, subjectType, subjectId, actorUserId, detail }) => ({ action, subjectType, subjectId, actorUserId, detail }))).toEqual([
      { action: 'update', subjectType: 'user', subjectId: me.id, actorUserId: me.id, detail: { twoFactor: 'disabled' } },
      { action: 'update', subjectType: 'user', subjectId: me.id, actorUserId: me.id, detail: { twoFactor: 'enabled' } },
    ]);
    const users = await agent.get('/api/users').expect(200);
    expect(JSON.stringify(users.body)).not.toMatch(/totp/i);
  });
});

describe('login with two-factor on', () => {
  it('when no code is sent, then 401 totp_required and no session; with a wrong code 401 totp_invalid; with the next code a session', async () => {
    const { admin, secret } = await enrolledAdmin();
    const asked = await login(admin).expect(401);
    expect(asked.body.error.code).toBe('totp_required');
    expect(asked.headers['set-cookie']).toBeUndefined();

    const wrong = await login({ ...admin, code: wrongCode(secret) }).expect(401);
    expect(wrong.body.error.code).toBe('totp_invalid');
    expect(wrong.headers['set-cookie']).toBeUndefined();

    // A wrong password says nothing about codes.
    expect((await login({ ...admin, password: 'not-it-42', code: codeFor(secret, 1) }).expect(401)).body.error.code).toBe('invalid_credentials');

    const agent = request.agent(platform.url);
    const ok = await agent.post('/api/auth/login').send({ ...admin, code: codeFor(secret, 1) }).expect(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/ci_session=/);
    expect((await agent.get('/api/auth/me').expect(200)).body.user.email).toBe(admin.email);
  });

  it('when a code was used once, then it is refused the second time, even by two logins at the same moment', async () => {
    const { admin, secret } = await enrolledAdmin();
    // The code that turned two-factor on is spent.
    expect((await login({ ...admin, code: codeFor(secret) }).expect(401)).body.error.code).toBe('totp_invalid');

    const code = codeFor(secret, 1);
    const statuses = (await Promise.all([login({ ...admin, code }), login({ ...admin, code })])).map((res) => res.status).sort();
    expect(statuses).toEqual([200, 401]);
    expect((await login({ ...admin, code }).expect(401)).body.error.code).toBe('totp_invalid');
  });

  it('when the code is not six digits, then 400 names the field', async () => {
    const { admin } = await enrolledAdmin();
    const res = await login({ ...admin, code: 'abcdef' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', field: 'code' });
  });

  it('when someone with the password keeps guessing codes, then the login limits lock the account out, right code included', async () => {
    const { admin, secret } = await enrolledAdmin();
    // Being asked for a code is not a guess: it does not count.
    for (let i = 0; i < 12; i++) expect((await login(admin)).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login({ ...admin, code: wrongCode(secret) })).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect((await login({ ...admin, code: codeFor(secret, 1) })).status).toBe(429);
  });
});

describe('turning two-factor off', () => {
  it('when the password or the code is wrong, then 400 names it; with both right, login no longer asks for a code', async () => {
    const { admin, agent, secret } = await enrolledAdmin();
    const badPassword = await agent.post('/api/auth/totp/disable').send({ password: 'not-it-42', code: codeFor(secret, 1) }).expect(400);
    expect(badPassword.body.error).toMatchObject({ code: 'validation_failed', field: 'password' });
    const badCode = await agent.post('/api/auth/totp/disable').send({ password: admin.password, code: wrongCode(secret) }).expect(400);
    expect(badCode.body.error).toMatchObject({ code: 'totp_invalid', field: 'code' });
    const missing = await agent.post('/api/auth/totp/disable').send({ password: admin.password }).expect(400);
    expect(missing.body.error.field).toBe('code');

    await agent.post('/api/auth/totp/disable').send({ password: admin.password, code: codeFor(secret, 1) }).expect(200);
    expect((await agent.get('/api/auth/totp').expect(200)).body).toEqual({ enabled: false });
    await login(admin).expect(200);
    expect((await agent.post('/api/auth/totp/disable').send({ password: admin.password, code: codeFor(secret, 1) }).expect(409)).body.error.code).toBe('totp_not_enabled');
  });
});
