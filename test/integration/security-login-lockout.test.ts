// The login limits' own rules, with small limits and a hand-moved clock on the real counter table: the platform-wide
// ceiling against spraying from many addresses, lockouts that double each time, and strikes forgiven after a day.
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/http/middleware/errors.ts';
import { loginLimits, type LoginLimitPolicies } from '../../server/http/middleware/loginLimits.ts';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const SECOND = 1000;
const POLICIES: LoginLimitPolicies = {
  address: { windowMs: 60 * SECOND, limit: 100, maxLockoutMs: 60 * SECOND },
  account: { windowMs: 60 * SECOND, limit: 3, maxLockoutMs: 8 * 60 * SECOND },
  platform: { windowMs: 60 * SECOND, limit: 5, maxLockoutMs: 60 * SECOND },
};

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ WORKER: '0', INBOUND_WORKER: '0' });
});
afterAll(() => platform.close());

/** The limits in front of a stand-in login: "right" is the one right password. Each app has its own counters' clock. */
function loginApp(clock: { now: Date }): Express {
  const app = express();
  app.use(express.json());
  // Forwarded addresses stand for many clients; the test client is the one trusted proxy.
  app.post('/login', ...loginLimits({ db: platform.ctx.db, trustProxy: 1, policies: POLICIES, now: () => clock.now }), (req, res) => {
    res.status(req.body.password === 'right' ? 200 : 401).json({});
  });
  app.use(errorHandler(platform.ctx.logger));
  return app;
}

const later = (clock: { now: Date }, ms: number) => (clock.now = new Date(clock.now.getTime() + ms));

describe('login lockouts', () => {
  it('when one account keeps being guessed, then each lockout lasts twice the last, and the right password waits it out', async () => {
    const clock = { now: new Date('2027-03-01T09:00:00Z') };
    const app = loginApp(clock);
    const attempt = (password: string, from: string) => request(app).post('/login').set('x-forwarded-for', from).send({ email: 'dra.ruiz@sonrisa.test', password });
    for (let i = 0; i < 3; i++) expect((await attempt(`guess-${i}`, `192.0.2.${i + 1}`)).status).toBe(401);
    expect((await attempt('guess-3', '192.0.2.9')).status).toBe(429);
    expect((await attempt('right', '192.0.2.10')).status).toBe(429);

    // First lockout: one window. Then three more guesses, and the second lockout lasts two.
    later(clock, 60 * SECOND);
    for (let i = 0; i < 3; i++) expect((await attempt(`guess-b${i}`, '192.0.2.11')).status).toBe(401);
    expect((await attempt('guess-b3', '192.0.2.11')).status).toBe(429);
    later(clock, 60 * SECOND);
    expect((await attempt('right', '192.0.2.12')).status).toBe(429);
    later(clock, 60 * SECOND);
    expect((await attempt('right', '192.0.2.12')).status).toBe(200);
  });

  it('when a day passes after a lockout, then its strikes are forgiven and the next lockout is one window again', async () => {
    const clock = { now: new Date('2027-03-02T09:00:00Z') };
    const app = loginApp(clock);
    const attempt = (password: string) => request(app).post('/login').set('x-forwarded-for', '198.51.100.7').send({ email: 'recepcion@sonrisa.test', password });
    for (let i = 0; i < 3; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
    expect((await attempt('guess-3')).status).toBe(429);

    later(clock, 60 * SECOND + 24 * 60 * 60 * SECOND);
    for (let i = 0; i < 3; i++) expect((await attempt(`guess-b${i}`)).status).toBe(401);
    expect((await attempt('guess-b3')).status).toBe(429);
    later(clock, 60 * SECOND);
    expect((await attempt('right')).status).toBe(200);
  });

  it('when wrong passwords are sprayed over many accounts from many addresses, then the platform-wide ceiling answers 429', async () => {
    const clock = { now: new Date('2027-03-05T09:00:00Z') };
    const app = loginApp(clock);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await request(app).post('/login').set('x-forwarded-for', `203.0.113.${i + 1}`).send({ email: `staff-${i}@clinic-${i}.test`, password: 'Spring2027!' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Once the window is over, logins work again.
    later(clock, 60 * SECOND);
    expect((await request(app).post('/login').set('x-forwarded-for', '203.0.113.100').send({ email: 'staff-0@clinic-0.test', password: 'right' })).status).toBe(200);
  });
});
