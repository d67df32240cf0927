// endPool waits for every connection to close, even one whose holder stripped the client's listeners
// (the socket.io PostgreSQL adapter calls removeAllListeners('end') on its LISTEN client before releasing it).
import { describe, expect, it } from 'vitest';
import { createTestDatabaseTarget, testDbKind } from '../../test/support/testDatabase.ts';
import { createPool, endPool } from './pool.ts';

describe.runIf(testDbKind() === 'postgres')('endPool', () => {
  it('when a client whose end listeners were removed has already closed, then ending the pool still resolves', async () => {
    const target = await createTestDatabaseTarget();
    try {
      const pool = createPool({ connectionString: target.url, max: 2 });
      const client = await pool.connect();
      const killer = await pool.connect();
      await client.query('LISTEN "anything"');
      client.removeAllListeners('end');
      client.release();
      // Its connection goes away before the pool is ended (a restart, a failover, an earlier close).
      const closed = new Promise((resolve) => (client as unknown as { connection: { stream: NodeJS.EventEmitter } }).connection.stream.once('close', resolve));
      await killer.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()");
      killer.release();
      await closed;
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([endPool(pool).then(() => 'ended'), new Promise((resolve) => { timer = setTimeout(resolve, 10_000, 'still waiting'); })]);
      clearTimeout(timer);
      expect(outcome).toBe('ended');
      expect(pool.totalCount).toBe(0);
    } finally {
      await target.drop();
    }
  });
});
