// Cluster-wide mutual exclusion for start-up work (migrations, bootstrap): the lock lives in PostgreSQL.
import type pg from 'pg';

export const LOCKS = { migrations: 7_324_001, bootstrap: 7_324_002 } as const;

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
