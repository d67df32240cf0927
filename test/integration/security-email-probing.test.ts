// "This e-mail is taken" on POST /users can only be asked a few times a day per admin, so an admin cannot probe
// which addresses have accounts in other clinics at scale (takenEmailLimit, in front of the users route).
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSession, requireAdmin } from '../../server/http/middleware/auth.ts';
import { errorHandler } from '../../server/http/middleware/errors.ts';
import { takenEmailLimit } from '../../server/http/middleware/takenEmailLimit.ts';
import { AppError } from '../../server/errors.ts';
import { ADMIN, addClinic, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ WORKER: '0' });
});
afterAll(() => platform.close());

/** The users route's duplicate check behind the real session and the limit: taken → 409, else 201. */
function usersApp(clock: { now: Date }) {
  const { repos, db, logger } = platform.ctx;
  const app = express();
  app.use(express.json());
  app.use(loadSession(repos.sessions));
  app.post('/users', requireAdmin, takenEmailLimit(db, { now: () => clock.now }), async (req, res) => {
    if (await repos.users.findByEmail(String(req.body.email))) throw AppError.conflict('email: this address cannot be used for a new account', 'email');
    res.status(201).json({});
  });
  app.use(errorHandler(logger));
  return app;
}

async function sessionCookie(credentials: { email: string; password: string }): Promise<string> {
  const res = await request(platform.url).post('/api/auth/login').send(credentials).expect(200);
  return String(res.headers['set-cookie']).split(';')[0] ?? '';
}

describe('probing for e-mails that have accounts', () => {
  it('when an admin keeps trying addresses that are taken, then after 10 the attempts wait a day; other admins are not held up', async () => {
    const clock = { now: new Date('2027-04-01T09:00:00Z') };
    const app = usersApp(clock);
    const others = await Promise.all(Array.from({ length: 11 }, (_, i) => addClinic(platform, `Clínica Sondeada ${i}`)));
    const prober = await sessionCookie(ADMIN);
    const statuses: number[] = [];
    for (const { admin } of others) statuses.push((await request(app).post('/users').set('cookie', prober).send({ email: admin.email })).status);
    expect(statuses).toEqual([...Array(10).fill(409), 429]);
    // New addresses spend none of the allowance, but once it is spent they wait too.
    expect((await request(app).post('/users').set('cookie', prober).send({ email: 'nueva@sonrisa.test' })).status).toBe(429);
    const otherAdmin = await sessionCookie(others[0]!.admin);
    expect((await request(app).post('/users').set('cookie', otherAdmin).send({ email: ADMIN.email })).status).toBe(409);

    clock.now = new Date(clock.now.getTime() + 24 * 60 * 60_000);
    expect((await request(app).post('/users').set('cookie', prober).send({ email: 'nueva@sonrisa.test' })).status).toBe(201);
  });

  it('when an admin adds colleagues with new addresses, then none of the allowance is used', async () => {
    const clock = { now: new Date('2027-04-05T09:00:00Z') };
    const app = usersApp(clock);
    const { admin } = await addClinic(platform, 'Clínica Grande');
    const cookie = await sessionCookie(admin);
    for (let i = 0; i < 15; i++) expect((await request(app).post('/users').set('cookie', cookie).send({ email: `nuevo-${i}@grande.test` })).status).toBe(201);
  });
});
