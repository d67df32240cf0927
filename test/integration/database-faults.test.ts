// The database going away (a restart, a failover, sessions terminated) never ends the process: requests
// answer 503 with Retry-After while it is gone, the outage is logged once, and the server serves again when
// it is back. Runs against a private PostgreSQL cluster the test restarts; the embedded database runs inside
// the process and cannot be restarted under it, so the PGlite project has nothing to prove here.
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { withNamedAdvisoryLock } from '../../server/db/advisoryLock.ts';
import { captureLogs } from '../support/logCapture.ts';
import { startPrivateCluster, type PrivateCluster } from '../support/privateCluster.ts';
import { testDbKind } from '../support/testDatabase.ts';
import { waitFor } from './automations.helpers.ts';

const ADMIN = { email: 'admin@faults.test', password: 'correct-horse-42' };

describe.runIf(testDbKind() === 'postgres')('the database restarting', () => {
  let cluster: PrivateCluster;
  let platform: Platform;
  const logs = captureLogs();
  const uncaught: unknown[] = [];
  const record = (error: unknown) => void uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    cluster = await startPrivateCluster();
    platform = await startPlatform({
      logDestination: logs.destination,
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_URL: cluster.url,
        BOOTSTRAP_CLINIC_NAME: 'Clínica Fallos',
        BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
        DEMO: '0',
        WORKER: '1',
        WHATSAPP_WEB_SESSIONS: '0',
      },
    });
  });

  afterAll(async () => {
    await platform?.close();
    await cluster?.destroy();
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });

  it('when PostgreSQL restarts with work holding a connection, then nothing crashes, requests answer 503 with Retry-After, and the server serves again once it is back', async () => {
    const agent = request.agent(platform.url);
    await agent.post('/api/auth/login').send(ADMIN).expect(200);
    await agent.get('/api/conversations').expect(200);

    // Work under an advisory lock holds a checked-out connection while it waits (a connector sync, a
    // clinic's automation run): the restart terminates that session under it.
    let finishWork!: () => void;
    const workWaits = new Promise<void>((resolve) => (finishWork = resolve));
    let lockTaken!: () => void;
    const taken = new Promise<void>((resolve) => (lockTaken = resolve));
    const held = withNamedAdvisoryLock(platform.ctx.database.pool, 'faults:held', async () => {
      lockTaken();
      await workWaits;
    }).catch((error: unknown) => error);
    await taken;

    await cluster.stop();
    finishWork();
    expect(await held).toBeInstanceOf(Error); // the unlock fails with the connection: the caller hears it

    const down = await agent.get('/api/conversations').expect(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.error.code).toBe('database_unavailable');
    await request(platform.url).get('/healthz').expect(503);
    await agent.get('/api/conversations').expect(503);

    await cluster.start();
    const healthy = await waitFor(() => request(platform.url).get('/healthz'), (res) => res.status === 200, 20_000);
    expect(healthy.status).toBe(200);
    await agent.get('/api/conversations').expect(200);

    for (const e of uncaught) console.error("UNCAUGHT", (e as Error).stack, JSON.stringify(e));
    expect(uncaught).toEqual([]);
    const lines = logs.lines.map((line) => JSON.parse(line) as { msg: string });
    expect(lines.filter((line) => line.msg === 'database connection lost; retrying')).toHaveLength(1);
    expect(lines.filter((line) => line.msg === 'database connection restored')).toHaveLength(1);
    expect(lines.filter((line) => line.msg === 'request failed')).toEqual([]);
  });

  it('when the platform closes, then it leaves no session behind on the server', async () => {
    const probe = new pg.Client({ connectionString: cluster.url });
    await probe.connect();
    const sessions = async () => (await probe.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows[0]!.n;
    try {
      expect(await sessions()).toBeGreaterThan(0);
      await platform.close();
      expect(await sessions()).toBe(0);
    } finally {
      await probe.end();
    }
  });
});
