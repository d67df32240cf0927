// Embedded PostgreSQL: PGlite served on loopback, so the app (and Agenda) use the same `pg` driver
// path as with a real server.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from './pgliteServer.ts';

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

/** Starts PGlite persisted in `dataDir` (or in memory when null) and returns a connection URL. */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  let location: string | undefined;
  if (dataDir) {
    location = resolve(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const db = await PGlite.create(location);
  const server = await servePglite(db);
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
