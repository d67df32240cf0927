// Finds the real PostgreSQL server the suite runs against: TEST_DATABASE_URL, else the local default.
import pg from 'pg';

const LOCAL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresTestUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || LOCAL_DEFAULT;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (error) {
    const message = `No PostgreSQL server at ${url.replace(/:[^:@/]+@/, ':***@')} (${String(error)}).`;
    if (process.env.CI) throw new Error(`${message} CI must test on a real PostgreSQL: .ci/run installs and starts one.`);
    console.warn(`${message} Running the suite on embedded PGlite only.`);
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
