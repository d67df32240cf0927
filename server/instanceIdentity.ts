// This process's stable name among the instances on one database. Claims (outbox sends, inbound jobs) and leases
// carry it, so a process restarted under the same name takes back what its previous run held at once instead
// of after the claims expire. The name is INSTANCE_NAME (a pod's name) or the host's; on PostgreSQL a session
// advisory lock per name keeps two live processes from sharing one (the second on a host becomes `host-1`).
import { hostname } from 'node:os';
import type pg from 'pg';
import { createPool, endPool, poolFaults } from './db/pool.ts';
import type { Logger } from './logger.ts';

export type InstanceIdentity = { id: string; release: () => Promise<void> };

const MAX_SLOTS = 64;

export async function acquireInstanceIdentity(input: { databaseKind: 'embedded' | 'postgres'; databaseUrl: string; name: string | undefined; logger: Logger }): Promise<InstanceIdentity> {
  const base = input.name ?? hostname();
  // The embedded database serves this process only: nobody to share a name with.
  if (input.databaseKind === 'embedded') return { id: base, release: async () => undefined };
  // One connection held for the life of the process: the locks live as long as its session.
  const pool = createPool({ connectionString: input.databaseUrl, max: 1 }, poolFaults(input.logger, 'instance identity'));
  const client = await pool.connect();
  try {
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      const id = slot === 0 ? base : `${base}-${slot}`;
      if (await tryLock(client, id)) {
        if (input.name && slot > 0) input.logger.warn({ wanted: base, id }, 'another live instance uses this INSTANCE_NAME; running under a suffixed name');
        return {
          id,
          release: async () => {
            client.release();
            await endPool(pool);
          },
        };
      }
    }
  } catch (error) {
    client.release();
    await endPool(pool);
    throw error;
  }
  client.release();
  await endPool(pool);
  throw new Error(`more than ${MAX_SLOTS} live instances named ${base}`);
}

async function tryLock(client: pg.PoolClient, id: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('clinic-inbox:instance:' || $1)) AS locked", [id]);
  return rows[0]?.locked === true;
}
