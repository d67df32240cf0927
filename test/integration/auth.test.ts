import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

describe('health and auth', () => {
  it('when /healthz is asked, then it reports the database kind and version', async () => {
    const res = await request(platform.url).get('/healthz').expect(200);
    expect(res.body).toEqual({ ok: true, db: platform.dbKind === 'pglite' ? 'embedded' : 'postgres', version: expect.any(String) });
  });

  it('when the bootstrap admin logs in, then a httpOnly session cookie is set and /me answers', async () => {
    const agent = request.agent(platform.url);
    const res = await agent.post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.body.user).toMatchObject({ email: ADMIN.email, role: 'admin', clinicId: expect.any(String) });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/ci_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user.email).toBe(ADMIN.email);
  });

  it('when the password is wrong, then 401 and no cookie', async () => {
    const res = await request(platform.url).post('/api/auth/login').send({ ...ADMIN, password: 'nope-nope' }).expect(401);
    expect(res.body.error.code).toBe('invalid_credentials');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('when the login body is missing the e-mail, then 400 names the field', async () => {
    const res = await request(platform.url).post('/api/auth/login').send({ password: 'x' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', field: 'email' });
  });

  it('when nobody is logged in, then /api routes answer 401', async () => {
    const res = await request(platform.url).get('/api/patients').expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('when the UI asks who is logged in, then it gets the user or null, never an error', async () => {
    expect((await request(platform.url).get('/api/auth/session').expect(200)).body).toEqual({ user: null });
    const agent = await loginAgent(platform);
    expect((await agent.get('/api/auth/session').expect(200)).body.user.email).toBe(ADMIN.email);
  });

  it('when a user logs out, then the session no longer works', async () => {
    const agent = await loginAgent(platform);
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/auth/me').expect(401);
  });

  it('when someone keeps guessing a password, then login is rate limited with 429', async () => {
    const email = 'victim@sonrisa.test';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const res = await request(platform.url).post('/api/auth/login').send({ email, password: `guess-${attempt}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('when the body is not JSON, then 400 invalid_json', async () => {
    const res = await request(platform.url).post('/api/auth/login').set('content-type', 'application/json').send('{"email": ').expect(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

describe('roles', () => {
  it('when an admin creates an agent, then the agent can log in but cannot change clinic settings or users', async () => {
    const admin = await loginAgent(platform);
    const created = await admin.post('/api/users').send({ email: 'recepcion@sonrisa.test', name: 'Recepción', password: 'agent-pass-42' }).expect(201);
    expect(created.body).toMatchObject({ email: 'recepcion@sonrisa.test', role: 'agent' });
    expect(created.body.passwordHash).toBeUndefined();

    const agent = await loginAgent(platform, { email: 'recepcion@sonrisa.test', password: 'agent-pass-42' });
    await agent.get('/api/clinic').expect(200);
    const denied = await agent.patch('/api/clinic').send({ name: 'Hacked' }).expect(403);
    expect(denied.body.error.code).toBe('forbidden');
    await agent.post('/api/users').send({ email: 'x@y.test' }).expect(403);
    await agent.post('/api/providers').send({ firstName: 'Ana' }).expect(403);
    const team = await agent.get('/api/users').expect(200);
    expect(team.body.items.map((u: { email: string }) => u.email)).toContain(ADMIN.email);
  });

  it('when an admin invites without a password, then a one-time password is generated', async () => {
    const admin = await loginAgent(platform);
    const created = await admin.post('/api/users').send({ email: 'nuevo@sonrisa.test' }).expect(201);
    expect(created.body.generatedPassword).toEqual(expect.any(String));
    await loginAgent(platform, { email: 'nuevo@sonrisa.test', password: created.body.generatedPassword });
  });

  it('when an e-mail is taken, then 409', async () => {
    const admin = await loginAgent(platform);
    const res = await admin.post('/api/users').send({ email: ADMIN.email.toUpperCase() }).expect(409);
    expect(res.body.error.field).toBe('email');
  });

  it('when an admin patches the clinic with a bad time zone, then 400 names it; a good one is saved', async () => {
    const admin = await loginAgent(platform);
    const bad = await admin.patch('/api/clinic').send({ timezone: 'Mars/Olympus' }).expect(400);
    expect(bad.body.error.field).toBe('timezone');
    const ok = await admin.patch('/api/clinic').send({ timezone: 'Atlantic/Canary', website: 'https://sonrisa.example' }).expect(200);
    expect(ok.body).toMatchObject({ timezone: 'Atlantic/Canary', website: 'https://sonrisa.example' });
  });
});
