// One bot step at a time per conversation: in order within this process (a promise chain), and across
// instances through a PostgreSQL advisory lock held on a small dedicated pool (so lock holders never
// starve the work they wait for). The embedded database is one process, where the chain is enough.
import type pg from 'pg';

export function createConversationLocks(lockPool: pg.Pool | null) {
  const chains = new Map<string, Promise<unknown>>();

  return function withConversationLock<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const previous = chains.get(conversationId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => (lockPool ? underAdvisoryLock(lockPool, conversationId, work) : work()));
    chains.set(conversationId, run);
    void run.catch(() => undefined).finally(() => {
      if (chains.get(conversationId) === run) chains.delete(conversationId);
    });
    return run;
  };
}

async function underAdvisoryLock<T>(pool: pg.Pool, key: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client that loses its connection (the server restarts) emits 'error'; unheard, that would end
  // the process. The lock dies with the connection, so note it, let the step finish, and discard the client.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`bot:${key}`]);
    try {
      return await work();
    } finally {
      if (!lost) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`bot:${key}`]).catch((error: Error) => (lost = error));
    }
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}
