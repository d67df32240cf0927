// The embedded database serves many pg connections from one PGlite session. Interleaving them one
// protocol message at a time corrupts unnamed statements; these tests hold the server to whole units.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from '../../server/db/pgliteServer.ts';

describe.runIf(process.env.TEST_DB !== 'postgres')('embedded database server', () => {
  it('when many connections run parameterised queries and transactions at once, then every one gets its own answers', async () => {
    const db = await PGlite.create();
    const server = await servePglite(db);
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    try {
      await pool.query('CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL)');
      const work = Array.from({ length: 40 }, async (_, i) => {
        // Different shapes of statement on purpose: a mixed-up Parse/Bind fails loudly.
        const echoed = await pool.query('SELECT $1::int AS a, $2::text AS b, $3::int AS c', [i, `v${i}`, i * 2]);
        expect(echoed.rows[0]).toEqual({ a: i, b: `v${i}`, c: i * 2 });
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO counters (name, n) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [`c${i % 5}`]);
          await client.query('UPDATE counters SET n = n + 1 WHERE name = $1', [`c${i % 5}`]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });
      await Promise.all(work);
      const totals = await pool.query('SELECT sum(n)::int AS total, count(*)::int AS names FROM counters');
      expect(totals.rows[0]).toEqual({ total: 40, names: 5 });
    } finally {
      await pool.end();
      await server.stop();
      await db.close();
    }
  });

  it('when a client disconnects inside a transaction, then its work is rolled back and others go on', async () => {
    const db = await PGlite.create();
    const server = await servePglite(db);
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    try {
      await pool.query('CREATE TABLE notes (text text)');
      const abandoned = new pg.Client({ connectionString: server.url });
      abandoned.on('error', () => undefined);
      await abandoned.connect();
      await abandoned.query('BEGIN');
      await abandoned.query("INSERT INTO notes VALUES ('never committed')");
      abandoned.connection.stream.destroy();
      await pool.query("INSERT INTO notes VALUES ('kept')");
      const rows = await pool.query('SELECT text FROM notes');
      expect(rows.rows).toEqual([{ text: 'kept' }]);
    } finally {
      await pool.end();
      await server.stop();
      await db.close();
    }
  });
});
