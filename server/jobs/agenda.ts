// Agenda 6 on the application's own database (embedded or real PostgreSQL): the clock and the distributed
// lock for recurring work. Each job is a short sweep over our own tables (planned reminders, outbox), never
// one Agenda job per message (agenda/agenda#1437: lock updates degrade past a few hundred thousand jobs).
import { Agenda } from 'agenda';
import { getCreateIndexesSQL, getCreateTableSQL, getUpdateTimestampTriggerSQL, PostgresBackend } from '@agendajs/postgres-backend';
import type { Database } from '../db/database.ts';
import { withAdvisoryLock } from '../db/advisoryLock.ts';
import { isDatabaseUnavailable } from '../db/faults.ts';
import type { Logger } from '../logger.ts';

/** One recurring job: a name, how often, and the sweep it runs. Listed in one place: jobDefinitions.ts. */
export type RecurringJob = { name: string; every: string; run: () => Promise<unknown> };

export type AgendaRuntime = { stop: () => Promise<void> };

/** Errors are logged as they come, but an outage of the database once, not at every poll until it is back. */
function outageAwareLog(logger: Logger) {
  let down = false;
  const log = (message: string, error: unknown) => {
    if (!isDatabaseUnavailable(error)) return void logger.error({ err: error }, message);
    if (down) return;
    down = true;
    logger.warn({ err: { message: (error as Error).message, code: (error as { code?: string }).code } }, `${message}: database unavailable, jobs wait until it is back`);
  };
  log.recovered = () => void (down = false);
  return log;
}

/** Agenda's table is created once per cluster: two instances starting together must not race on it. */
const SCHEMA_LOCK = 7_324_101;
const TABLE = 'agenda_jobs';

export async function startAgenda(database: Database, jobs: RecurringJob[], logger: Logger, options: { name: string; processEvery?: string }): Promise<AgendaRuntime> {
  // Agenda would create its table on construction, outside any lock: two instances starting together collide.
  await withAdvisoryLock(database.pool, SCHEMA_LOCK, async (client) => {
    await client.query(getCreateTableSQL(TABLE));
    for (const statement of getCreateIndexesSQL(TABLE)) await client.query(statement);
    await client.query(getUpdateTimestampTriggerSQL(TABLE));
  });
  // pglite-socket multiplexes one embedded database; LISTEN/NOTIFY is not relied on there, polling is enough.
  const backend = new PostgresBackend({ pool: database.pool, tableName: TABLE, ensureSchema: false, disableNotifications: database.kind === 'embedded' });
  const errors = outageAwareLog(logger);
  // The LISTEN channel re-emits its connection's errors; unheard, one database restart would end the process.
  // It reconnects by itself.
  backend.notificationChannel?.on('error', (error: unknown) => errors('agenda notifications error', error));
  const agenda = new Agenda({
    backend,
    name: options.name,
    processEvery: options.processEvery ?? '5 seconds',
    defaultLockLifetime: 5 * 60_000,
  });
  agenda.on('error', (error) => errors('agenda error', error));
  agenda.on('start', () => errors.recovered());
  agenda.on('fail', (error, job) => logger.error({ err: error, job: job.attrs.name }, 'agenda job failed'));
  for (const job of jobs) {
    // One run of a job at a time per process; Agenda's row lock keeps it to one process at a time.
    agenda.define(job.name, async () => void (await job.run()), { concurrency: 1, lockLifetime: 5 * 60_000 });
  }
  await agenda.start();
  // 'single' jobs upsert on a unique index: every instance may declare them.
  for (const job of jobs) await agenda.every(job.every, job.name);
  return {
    async stop() {
      await agenda.stop();
    },
  };
}
