import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/env.ts';
import { startPlatform } from '../../server/platform.ts';
import { createTestDatabaseTarget, testDbKind } from '../support/testDatabase.ts';
import { ADMIN, loginAgent } from '../support/testPlatform.ts';

const quiet = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password };

describe('configuration', () => {
  it('when a variable is invalid, then loading fails naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SOCKET_ADAPTER: 'carrier-pigeon' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/DATABASE_URL: must start with postgres/);
    }
  });

  it('when nothing is set, then the defaults of the README apply', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, publicUrl: 'http://localhost:3000', database: { url: undefined, dataDir: './data' }, worker: true, demo: false });
  });

  it('when `npm start` meets a bad value, then it exits non-zero with a clear message', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: 'not-a-port' }, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+PORT:/);
  });
});

describe('demo clinic', () => {
  it('when started with DEMO=1, then a living Spanish dental clinic is there, and a second start adds nothing', async () => {
    const target = await createTestDatabaseTarget();
    const env = { ...quiet, DEMO: '1', DATABASE_URL: target.url };
    const dataDir = mkdtempSync(join(tmpdir(), 'clinic-demo-'));
    try {
      const first = await startPlatform({ env: { ...env, DATA_DIR: dataDir } });
      const admin = await loginAgent(first);
      const patients = (await admin.get('/api/patients?limit=200').expect(200)).body.items;
      expect(patients.length).toBeGreaterThanOrEqual(50);
      expect(patients.every((p: { phones: string[] }) => /^\+346\d{8}$/.test(p.phones[0]!))).toBe(true);
      const upcoming = (await admin.get('/api/appointments').query({ from: new Date().toISOString() }).expect(200)).body.items;
      expect(upcoming.length).toBeGreaterThan(0);
      const services = (await admin.get('/api/services').expect(200)).body.items.map((s: { name: string }) => s.name);
      expect(services).toEqual(expect.arrayContaining(['Limpieza dental', 'Revisión', 'Control de ortodoncia']));
      expect((await admin.get('/api/recalls').expect(200)).body.items.length).toBeGreaterThan(0);
      await first.close();

      const second = await startPlatform({ env: { ...env, DATA_DIR: dataDir } });
      try {
        const again = await loginAgent(second);
        expect((await again.get('/api/patients?limit=200').expect(200)).body.items).toHaveLength(patients.length);
      } finally {
        await second.close();
      }
    } finally {
      await target.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('persistence', () => {
  it('when the platform restarts on the same database, then the data is still there and the bootstrap is not repeated', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clinic-inbox-'));
    const target = await createTestDatabaseTarget();
    const env = { ...quiet, DATA_DIR: dataDir, DATABASE_URL: target.url };
    try {
      const first = await startPlatform({ env });
      const admin = await loginAgent(first);
      const created = await admin.post('/api/patients').send({ firstName: 'Persistente', phones: ['600444555'] }).expect(201);
      await first.close();

      const second = await startPlatform({ env: { ...env, BOOTSTRAP_ADMIN_PASSWORD: 'a-different-one-42' } });
      try {
        const again = await loginAgent(second);
        const res = await again.get(`/api/patients/${created.body.id}`).expect(200);
        expect(res.body.phones).toEqual(['+34600444555']);
        const users = await again.get('/api/users').expect(200);
        expect(users.body.items).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await target.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(testDbKind() === 'postgres')('when two instances start together on one PostgreSQL, then migrations and bootstrap happen once', async () => {
    const target = await createTestDatabaseTarget();
    try {
      const [a, b] = await Promise.all([startPlatform({ env: { ...quiet, DATABASE_URL: target.url } }), startPlatform({ env: { ...quiet, DATABASE_URL: target.url } })]);
      try {
        const clinics = await a.ctx.database.pool.query('SELECT count(*)::int AS n FROM clinics');
        expect(clinics.rows[0].n).toBe(1);
        await request(b.url).get('/healthz').expect(200);
        const onA = await loginAgent(a);
        const patient = await onA.post('/api/patients').send({ firstName: 'Compartida', phones: ['600555015'] }).expect(201);
        const onB = await loginAgent(b);
        await onB.get(`/api/patients/${patient.body.id}`).expect(200);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    } finally {
      await target.drop();
    }
  });
});
