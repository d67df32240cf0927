// Applies the committed SQL migrations at start-up. An advisory lock makes it safe when
// several instances start together: the first migrates, the others wait and find nothing to do.
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { LOCKS, withAdvisoryLock } from './advisoryLock.ts';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export async function runMigrations(pool: pg.Pool): Promise<void> {
  await withAdvisoryLock(pool, LOCKS.migrations, (client) => migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER }));
}
