// The real platform on port 0 and a fresh database, plus helpers to log staff in and add clinics.
import request from 'supertest';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { createTestDatabaseTarget } from './testDatabase.ts';

export const ADMIN = { email: 'admin@sonrisa.test', password: 'correct-horse-42' };

export type TestPlatform = Platform & { dbKind: 'pglite' | 'postgres' };

export async function startTestPlatform(env: Record<string, string> = {}, options: { logDestination?: import('pino').DestinationStream } = {}): Promise<TestPlatform> {
  const target = await createTestDatabaseTarget();
  const platform = await startPlatform({
    ...options,
    inMemory: target.kind === 'pglite',
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: target.url,
      BOOTSTRAP_CLINIC_NAME: 'Clínica Sonrisa',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DEMO: '0',
      WORKER: '1',
      WHATSAPP_WEB_SESSIONS: '0',
      ...env,
    },
  });
  return {
    ...platform,
    dbKind: target.kind,
    close: async () => {
      await platform.close();
      await target.drop();
    },
  };
}

/** A supertest agent carrying a logged-in session cookie and, like the inbox UI, its CSRF token on every request. */
export async function loginAgent(platform: Platform, credentials = ADMIN) {
  const agent = request.agent(platform.url);
  const res = await agent.post('/api/auth/login').send(credentials);
  if (res.status !== 200) throw new Error(`login failed for test user: ${res.status} ${JSON.stringify(res.body)}`);
  agent.set('x-csrf-token', res.body.csrfToken);
  return agent;
}

let clinicCounter = 0;

/** Another clinic with its own admin (and optionally an agent), for isolation tests. */
export async function addClinic(platform: Platform, name = `Clínica ${++clinicCounter}`) {
  const { repos } = platform.ctx;
  const clinic = await repos.clinics.insert({ name, timezone: 'Europe/Madrid', country: 'ES', locale: 'es' });
  const slug = `${clinic.id.slice(0, 8)}`;
  const admin = { email: `admin-${slug}@clinic.test`, password: 'another-pass-42' };
  await repos.users.insert({ clinicId: clinic.id, email: admin.email, role: 'admin', passwordHash: await hashPassword(admin.password) });
  return { clinic, admin };
}

/**
 * Turns off the clinic's automatic reply to a first message. Tests of the store and the channels count
 * exactly the messages they send; the auto-reply has its own tests (bots-transitions).
 */
export async function disableAutoReply(admin: Awaited<ReturnType<typeof loginAgent>>): Promise<void> {
  const clinic = (await admin.get('/api/clinic').expect(200)).body;
  await admin
    .patch('/api/clinic')
    .send({ settings: { ...clinic.settings, autoReply: { ...(clinic.settings.autoReply ?? {}), enabled: false } } })
    .expect(200);
}
