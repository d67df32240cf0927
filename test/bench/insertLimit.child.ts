// The database's own limit (a child process, pgbench-like): concurrent single-row INSERTs, each its own
// transaction, through `pg` into a scratch table shaped like a message row, at the webhook load's concurrency.
import pg from 'pg';
import { parentLink, runChild } from './benchChild.ts';
import { atConcurrency } from './measure.ts';

export type InsertPlan = { url: string; table: string; concurrency: number; warmup: number; count: number; maxDurationMs: number };

runChild(async () => {
  const parent = parentLink();
  const plan = await parent.next<InsertPlan>();
  const pool = new pg.Pool({ connectionString: plan.url, max: plan.concurrency });
  const conversation = '00000000-0000-4000-8000-000000000001';
  const insert = (i: number) =>
    pool.query(`insert into ${plan.table} (conversation_id, direction, text) values ($1, 'in', $2)`, [conversation, `Hola, quería cambiar mi cita del jueves a otra hora #${i}`]).then(() => undefined);
  await atConcurrency(plan.concurrency, plan.warmup, plan.maxDurationMs, insert);
  const report = await atConcurrency(plan.concurrency, plan.count, plan.maxDurationMs, (i) => insert(plan.warmup + i));
  await pool.end();
  await parent.send(report);
  parent.done();
});
