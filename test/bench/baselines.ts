// The same run's floors for the inbound throughput: the load generator against a bare Express 5 app doing
// the same form parse, and the database's single-row INSERT limit (pgbench-like) on the platform's database.
import type { Platform } from '../../server/platform.ts';
import { forkBenchChild } from './benchChild.ts';
import { startBareExpress } from './bareExpress.ts';
import type { InsertPlan } from './insertLimit.child.ts';
import type { RateReport } from './measure.ts';
import type { LoadPlan } from './webhookLoad.child.ts';

/** Fires `plan` from a load-generator process and returns its report. */
/** `afterWarmup`: run between the warm-up and the measured batch (the load generator waits for it). */
export async function runWebhookLoad(plan: LoadPlan, afterWarmup?: () => Promise<void>): Promise<RateReport> {
  const load = forkBenchChild(new URL('./webhookLoad.child.ts', import.meta.url));
  try {
    load.send({ ...plan, pauseAfterWarmup: Boolean(afterWarmup) });
    if (afterWarmup) {
      await load.next<{ warmedUp: true }>();
      await afterWarmup();
      load.send({ go: true });
    }
    return await load.next<RateReport>();
  } finally {
    await load.stop();
  }
}

export async function bareExpressRate(plan: Omit<LoadPlan, 'target'>): Promise<RateReport> {
  const bare = await startBareExpress();
  try {
    return await runWebhookLoad({ ...plan, target: bare.url });
  } finally {
    await bare.close();
  }
}

const SCRATCH_TABLE = 'bench_insert_limit';

/** On the database the platform serves (embedded PGlite's loopback URL, or BENCH_DATABASE_URL). */
export async function insertLimitRate(platform: Platform, plan: Omit<InsertPlan, 'url' | 'table'>): Promise<RateReport> {
  const { pool, url } = platform.ctx.database;
  await pool.query(`drop table if exists ${SCRATCH_TABLE}`);
  await pool.query(`create table ${SCRATCH_TABLE} (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null,
    direction text not null,
    text text not null,
    created_at timestamptz not null default now())`);
  const inserter = forkBenchChild(new URL('./insertLimit.child.ts', import.meta.url));
  try {
    inserter.send({ ...plan, url, table: SCRATCH_TABLE } satisfies InsertPlan);
    return await inserter.next<RateReport>();
  } finally {
    await inserter.stop();
    await pool.query(`drop table if exists ${SCRATCH_TABLE}`);
  }
}
