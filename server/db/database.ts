// One `pg` pool and one Drizzle instance for the whole process, on a real server or embedded PGlite.
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { createPool, endPool, type PoolFaults } from './pool.ts';

export type Db = NodePgDatabase<typeof schema>;
export type DatabaseKind = 'embedded' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  /** Connection URL, for components with their own client (Agenda, the socket.io adapter). */
  url: string;
  pool: pg.Pool;
  db: Db;
  /**
   * Three connections only the inbound store uses: a patient's message is acknowledged once stored, and that
   * write must never queue behind background work (bot steps, sends, sweeps) on the main pool.
   */
  ingestDb: Db;
  close: () => Promise<void>;
};

export type DatabaseOptions = {
  /** A real PostgreSQL server; unset → embedded PGlite. */
  url?: string | undefined;
  /** Where embedded PGlite keeps its files; null → in memory (tests). */
  dataDir: string | null;
  poolSize: number;
  /** Told once when the database goes away and when it is back (logging; nothing exits). */
  faults?: PoolFaults;
};

// Timestamps and dates come back as strings the domain can parse; `date` stays 'YYYY-MM-DD'.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded = options.url ? null : await startEmbeddedPostgres(options.dataDir);
  const url = options.url ?? embedded!.url;
  const pool = createPool({ connectionString: url, max: embedded ? Math.min(options.poolSize, 8) : options.poolSize }, options.faults);
  const ingestPool = createPool({ connectionString: url, max: 3 }, options.faults);
  return {
    kind: embedded ? 'embedded' : 'postgres',
    url,
    pool,
    db: drizzle(pool, { schema }),
    ingestDb: drizzle(ingestPool, { schema }),
    async close() {
      await endPool(ingestPool);
      await endPool(pool);
      await embedded?.stop();
    },
  };
}
