// Cluster-wide mutual exclusion for start-up work (migrations, bootstrap): the lock lives in PostgreSQL.
import type pg from 'pg';

export const LOCKS = { migrations: 7_324_001, bootstrap: 7_324_002, secrets: 7_324_003 } as const;

export async function withAdvisoryLock<T>(pool: pg.Pool, key: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/**
 * The same, for work named at run time (one clinic's job): the name is hashed into the lock key. The embedded
 * database is one session shared by every connection, where advisory locks don't exclude, so work under the
 * same name is also queued within this process (the embedded database serves only this process).
 */
export async function withNamedAdvisoryLock<T>(pool: pg.Pool, name: string, work: () => Promise<T>): Promise<T> {
  return inProcessQueue(name, async () => {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    } finally {
      client.release();
    }
  });
}

const queues = new Map<string, Promise<void>>();

async function inProcessQueue<T>(name: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(name) ?? Promise.resolve();
  let release!: () => void;
  const mine = before.then(() => new Promise<void>((resolve) => (release = resolve)));
  queues.set(name, mine);
  await before;
  try {
    return await work();
  } finally {
    release();
    if (queues.get(name) === mine) queues.delete(name);
  }
}
