// Secrets at rest: channel tokens, connector keys and WhatsApp Web session keys are sealed in the database (read
// here with raw SQL), while the channel still sends and verifies signatures and the connector still syncs; rows an
// older version wrote in plain text keep working and are sealed at the next start; a wrong key stops the start
// naming SECRETS_KEY; SECRETS_KEY_PREVIOUS rotates every value to the new key.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/config/env.ts';
import { createChannelStateStore } from '../../server/modules/channels/channelStateStore.ts';
import { SecretKey } from '../../server/modules/secrets/secretBox.ts';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { ClinikoStandIn } from '../stand-ins/cliniko/cliniko-stand-in.ts';
import { postAsTwilio, signTwilioRequest } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { freePort } from '../support/freePort.ts';
import { captureLogs } from '../support/logCapture.ts';
import { createTestDatabaseTarget, testDbKind, type TestDatabaseTarget } from '../support/testDatabase.ts';
import { ADMIN, loginAgent } from '../support/testPlatform.ts';

const ACCOUNT = 'AC5ec0000000000000000000000000at01';
const TOKEN = 'twilio-token-kept-sealed-0042';
const API_KEY = 'MS0xLWNsaW5pa28tc2VjcmV0cy1hdC1yZXN0-uk1';
const CREDS = JSON.stringify({ noiseKey: { private: { type: 'Buffer', data: 'c2Vzc2lvbi1rZXktYnl0ZXM=' } }, registrationId: 4242 });
const LEGACY_STATE = 'pre-key-material-in-plain-text';
const CLINIC_NUMBER = '+34910000777';
const [K1, K2, WRONG] = [SecretKey.generate(), SecretKey.generate(), SecretKey.generate()];

const { lines: logLines, destination: logs } = captureLogs();
let twilio: TwilioStandIn;
let cliniko: ClinikoStandIn;
let target: TestDatabaseTarget;
let dataDir: string;
let port: number;
let platform: Platform | null = null;
let channelId: string;
let whatsappId: string;
let connectorId: string;
let sid = 0;

const start = (keys: Record<string, string>, extra: Record<string, string> = {}) =>
  startPlatform({
    logDestination: logs,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      DATABASE_URL: target.url,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DEMO: '0',
      WHATSAPP_WEB_SESSIONS: '0',
      OUTBOX_RETRY_BASE_MS: '20',
      SECRETS_KEY: '',
      SECRETS_KEY_PREVIOUS: '',
      ...keys,
      ...extra,
    },
  });

async function restart(keys: Record<string, string>): Promise<Platform> {
  await platform?.close();
  platform = null;
  platform = await start(keys);
  return platform;
}

async function raw(query: ReturnType<typeof sql>): Promise<string> {
  const result = await platform!.ctx.db.execute<{ text: string }>(query);
  return result.rows.map((row) => row.text).join('\n');
}

/** Everything the three tables hold, as text, the way a stolen dump would show it. */
const storedSecrets = () =>
  raw(sql`SELECT config::text AS text FROM channels UNION ALL SELECT config::text FROM connectors UNION ALL SELECT value::text FROM channel_state`);

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The channel sends (authenticated at the Twilio stand-in), verifies a signed webhook and refuses a forged one. */
async function expectChannelWorks(to: string): Promise<void> {
  const admin = await loginAgent(platform!);
  await admin.post(`/api/channels/${channelId}/test`).send({ to, text: 'Prueba' }).expect(202);
  await until('the test message at Twilio', () => twilio.messagesTo(to).length === 1);
  expect(twilio.requests.filter((request) => request.params.To === to).every((request) => request.authorized)).toBe(true);

  const url = `http://127.0.0.1:${port}/webhooks/twilio/${channelId}`;
  const id = `SM${String(++sid).padStart(32, '0')}`;
  const params = { AccountSid: ACCOUNT, MessageSid: id, SmsMessageSid: id, From: to, To: CLINIC_NUMBER, Body: 'Hola', NumMedia: '0', ApiVersion: '2010-04-01' };
  expect((await postAsTwilio(url, TOKEN, params)).status).toBe(200);
  expect((await postAsTwilio(url, TOKEN, params, signTwilioRequest('another-token', url, params))).status).toBe(403);
}

/** The connector reaches Cliniko with its key and a sync runs without errors. */
async function expectConnectorWorks(): Promise<void> {
  const admin = await loginAgent(platform!);
  expect((await admin.post(`/api/connectors/${connectorId}/test`).expect(200)).body).toEqual({ ok: true });
  const result = (await admin.post(`/api/connectors/${connectorId}/sync`).send({ full: true }).expect(200)).body;
  expect(result.errors).toEqual([]);
  expect(result.created + result.updated + result.unchanged).toBeGreaterThan(0);
}

beforeAll(async () => {
  twilio = await TwilioStandIn.start({ [ACCOUNT]: TOKEN });
  cliniko = await ClinikoStandIn.start({ apiKey: API_KEY });
  cliniko.add('businesses', { business_name: 'Clínica Centro', address_1: 'Calle Mayor 1', city: 'Madrid', post_code: '28013' });
  cliniko.add('practitioners', { first_name: 'Elena', last_name: 'Ruiz', title: 'Dra.' });
  cliniko.add('appointment_types', { name: 'Limpieza dental', duration_in_minutes: 30 });
  target = await createTestDatabaseTarget();
  dataDir = mkdtempSync(join(tmpdir(), 'clinic-secrets-'));
  port = await freePort();
  await restart({ SECRETS_KEY: K1.toBase64() });
  const admin = await loginAgent(platform!);
  channelId = (
    await admin
      .post('/api/channels')
      .send({ type: 'twilio_sms', name: 'SMS', config: { accountSid: ACCOUNT, authToken: TOKEN, from: CLINIC_NUMBER, apiBaseUrl: twilio.url } })
      .expect(201)
  ).body.id;
  whatsappId = (await admin.post('/api/channels').send({ type: 'whatsapp_web', name: 'WhatsApp recepción', config: {} }).expect(201)).body.id;
  connectorId = (
    await admin
      .post('/api/connectors')
      .send({ type: 'cliniko', name: 'Cliniko', config: { apiKey: API_KEY, contactEmail: 'it@sonrisa.test', baseUrl: cliniko.baseUrl }, syncIntervalMinutes: null })
      .expect(201)
  ).body.id;
});

afterAll(async () => {
  await platform?.close();
  await target?.drop();
  await twilio?.close();
  await cliniko?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('secrets at rest', () => {
  it('when a Twilio channel and a connector are created through the API, then no secret is in the rows in clear, and both still work', async () => {
    const stored = await storedSecrets();
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(API_KEY);
    expect(await raw(sql`SELECT config->>'authToken' AS text FROM channels WHERE id = ${channelId}`)).toMatch(new RegExp(`^enc:v1:${K1.id}:`));
    expect(await raw(sql`SELECT config->>'apiKey' AS text FROM connectors WHERE id = ${connectorId}`)).toMatch(new RegExp(`^enc:v1:${K1.id}:`));
    // What is not secret stays readable (the support desk can still see which account a channel uses).
    expect(await raw(sql`SELECT config->>'accountSid' AS text FROM channels WHERE id = ${channelId}`)).toBe(ACCOUNT);
    await expectChannelWorks('+34600700001');
    await expectConnectorWorks();
  });

  it('when WhatsApp Web session keys are stored, then the table holds them sealed and they read back as written', async () => {
    const store = createChannelStateStore(platform!.ctx, whatsappId);
    await store.set('creds', CREDS);
    expect(await storedSecrets()).not.toContain('c2Vzc2lvbi1rZXktYnl0ZXM');
    expect(await store.get('creds')).toBe(CREDS);
  });

  it('when an older version wrote the secrets in plain text, then they still work, and the next start seals them', async () => {
    await platform!.ctx.db.execute(sql`UPDATE channels SET config = config || jsonb_build_object('authToken', ${TOKEN}::text), updated_at = now() WHERE id = ${channelId}`);
    await platform!.ctx.db.execute(sql`UPDATE connectors SET config = config || jsonb_build_object('apiKey', ${API_KEY}::text) WHERE id = ${connectorId}`);
    await platform!.ctx.db.execute(sql`INSERT INTO channel_state (channel_id, key, value) VALUES (${whatsappId}, 'legacy', to_jsonb(${LEGACY_STATE}::text)), (${whatsappId}, 'creds-legacy', to_jsonb(${CREDS}::text))`);
    expect(await storedSecrets()).toContain(TOKEN);
    await expectChannelWorks('+34600700002');
    await expectConnectorWorks();
    expect(await createChannelStateStore(platform!.ctx, whatsappId).get('legacy')).toBe(LEGACY_STATE);

    // Two instances starting at once on PostgreSQL: the advisory lock has them take turns, both start.
    if (testDbKind() === 'postgres') {
      await platform!.close();
      platform = null;
      const [first, second] = await Promise.all([start({ SECRETS_KEY: K1.toBase64() }), start({ SECRETS_KEY: K1.toBase64() }, { PORT: '0', WORKER: '0' })]);
      await second.close();
      platform = first;
    } else {
      await restart({ SECRETS_KEY: K1.toBase64() });
    }
    const stored = await storedSecrets();
    for (const secret of [TOKEN, API_KEY, LEGACY_STATE, 'c2Vzc2lvbi1rZXktYnl0ZXM']) expect(stored).not.toContain(secret);
    await expectChannelWorks('+34600700003');
    await expectConnectorWorks();
    const store = createChannelStateStore(platform!.ctx, whatsappId);
    expect(await store.get('legacy')).toBe(LEGACY_STATE);
    expect(await store.get('creds-legacy')).toBe(CREDS);
  });

  it('when the platform starts with a key that did not seal them, then it stops with an error naming SECRETS_KEY', async () => {
    await platform!.close();
    platform = null;
    const refused = await start({ SECRETS_KEY: WRONG.toBase64() }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect(String(refused)).toMatch(/SECRETS_KEY: a stored secret was encrypted with key \w+, which is neither SECRETS_KEY/);
    expect(String(refused)).toContain(K1.id);
  });

  it('when the key rotates with SECRETS_KEY_PREVIOUS, then every secret is sealed again with the new key and the old one is no longer needed', async () => {
    await restart({ SECRETS_KEY: K2.toBase64(), SECRETS_KEY_PREVIOUS: K1.toBase64() });
    const stored = await storedSecrets();
    expect(stored).toContain(`enc:v1:${K2.id}:`);
    expect(stored).not.toContain(`enc:v1:${K1.id}:`);

    await restart({ SECRETS_KEY: K2.toBase64() });
    await expectChannelWorks('+34600700004');
    await expectConnectorWorks();
    expect(await createChannelStateStore(platform!.ctx, whatsappId).get('creds')).toBe(CREDS);
  });

  it('when the platform logs at info, then no secret and no key appears in its log', () => {
    const log = logLines.join('');
    expect(log).toContain('sealed stored secrets');
    for (const secret of [TOKEN, API_KEY, LEGACY_STATE, K1.toBase64(), K2.toBase64(), WRONG.toBase64()]) expect(log).not.toContain(secret);
  });
});

describe('without SECRETS_KEY', () => {
  it('when no key is set, then one is generated into DATA_DIR with mode 0600 and the next start reuses it', async () => {
    const own = { dataDir: mkdtempSync(join(tmpdir(), 'clinic-keyfile-')), target: await createTestDatabaseTarget() };
    const { lines, destination } = captureLogs();
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: own.dataDir, DATABASE_URL: own.target.url, BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, WHATSAPP_WEB_SESSIONS: '0', SECRETS_KEY: '', SECRETS_KEY_PREVIOUS: '' };
    try {
      const first = await startPlatform({ env, logDestination: destination });
      const keyFile = join(own.dataDir, 'secrets.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const clinicId = (await first.ctx.repos.clinics.listIds())[0]!;
      const channel = await first.ctx.repos.channels.insert({ clinicId, type: 'twilio_sms', name: 'SMS', config: { accountSid: ACCOUNT, authToken: TOKEN, from: CLINIC_NUMBER } });
      await first.close();

      const second = await startPlatform({ env, logDestination: destination });
      try {
        expect((await second.ctx.repos.channels.get(clinicId, channel.id))?.config.authToken).toBe(TOKEN);
        const stored = await second.ctx.db.execute<{ token: string }>(sql`SELECT config->>'authToken' AS token FROM channels WHERE id = ${channel.id}`);
        expect(stored.rows[0]?.token).toMatch(/^enc:v1:/);
      } finally {
        await second.close();
      }
      // On a shared PostgreSQL the key file is a development convenience: said loudly at every start.
      const warnings = lines.filter((line) => line.includes('SECRETS_KEY is not set'));
      expect(warnings.length).toBe(testDbKind() === 'postgres' ? 2 : 0);
    } finally {
      await own.target.drop();
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  });
});
