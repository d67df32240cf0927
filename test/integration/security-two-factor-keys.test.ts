// Two-factor secrets follow SECRETS_KEY like every other secret at rest: rotated to the new key at the start that
// names the old one as SECRETS_KEY_PREVIOUS, so logging in with a code still works once the old key is gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretKey } from '../../server/modules/secrets/secretBox.ts';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { createTestDatabaseTarget, type TestDatabaseTarget } from '../support/testDatabase.ts';
import { ADMIN, loginAgent } from '../support/testPlatform.ts';

const [K1, K2] = [SecretKey.generate(), SecretKey.generate()];
let target: TestDatabaseTarget;
let dataDir: string;
let platform: Platform | null = null;

beforeAll(async () => {
  target = await createTestDatabaseTarget();
  // The embedded database lives under DATA_DIR, so it outlives each restart like a real deployment's.
  dataDir = mkdtempSync(join(tmpdir(), 'totp-keys-'));
});
afterAll(async () => {
  await platform?.close();
  await target?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function restart(keys: { SECRETS_KEY: string; SECRETS_KEY_PREVIOUS?: string }): Promise<Platform> {
  await platform?.close();
  platform = null;
  platform = await startPlatform({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL: target.url,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DEMO: '0',
      WHATSAPP_WEB_SESSIONS: '0',
      SECRETS_KEY_PREVIOUS: '',
      ...keys,
    },
  });
  return platform;
}

const storedSecret = async () => {
  const result = await platform!.ctx.db.execute(sql`SELECT totp_secret FROM users WHERE lower(email) = ${ADMIN.email}`);
  return String((result.rows[0] as { totp_secret: string }).totp_secret);
};
const codeFor = (secret: string, steps: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

describe('two-factor secrets and SECRETS_KEY', () => {
  it('when the key is rotated, then the stored secret is sealed again with the new key and codes keep working without the old one', async () => {
    const first = await restart({ SECRETS_KEY: K1.toBase64() });
    const admin = await loginAgent(first);
    const setup = await admin.post('/api/auth/totp/setup').expect(200);
    await admin.post('/api/auth/totp/enable').send({ code: codeFor(setup.body.secret, 0) }).expect(200);
    expect(await storedSecret()).toMatch(new RegExp(`^enc:v1:${K1.id}:`));

    await restart({ SECRETS_KEY: K2.toBase64(), SECRETS_KEY_PREVIOUS: K1.toBase64() });
    expect(await storedSecret()).toMatch(new RegExp(`^enc:v1:${K2.id}:`));

    const last = await restart({ SECRETS_KEY: K2.toBase64() });
    const res = await request(last.url).post('/api/auth/login').send({ ...ADMIN, code: codeFor(setup.body.secret, 1) });
    expect(res.status).toBe(200);
  });
});
