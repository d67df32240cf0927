// A fresh database per test file: in-memory PGlite (TEST_DB=pglite) or a new database on the real
// PostgreSQL server (TEST_DB=postgres), dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDatabaseTarget = { kind: 'pglite' | 'postgres'; url: string | undefined; drop: () => Promise<void> };

export function testDbKind(): 'pglite' | 'postgres' {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export async function createTestDatabaseTarget(): Promise<TestDatabaseTarget> {
  if (testDbKind() === 'pglite') return { kind: 'pglite', url: undefined, drop: async () => undefined };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `clinic_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { kind: 'postgres', url: url.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
