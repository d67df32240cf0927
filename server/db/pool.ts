// Every pg pool the process opens comes from here, so none can end the process when its server goes away.
// pg-pool listens for 'error' only on idle clients; a checked-out client (a transaction awaiting other work,
// an advisory-lock holder, a LISTEN connection) that loses its server emits 'error' with no listener, and
// Node turns that into an uncaught exception. Each client gets a listener for its whole life; the pool
// discards a dead client when it is released.
import pg from 'pg';

export type PoolFaults = {
  /** Called once per outage (not per client or request); `restored` when a new connection succeeds again. */
  lost?: (error: Error) => void;
  restored?: () => void;
};

export function createPool(config: pg.PoolConfig, faults: PoolFaults = {}): pg.Pool {
  const pool = new pg.Pool(config);
  let down = false;
  const onLost = (error: Error) => {
    if (down) return;
    down = true;
    faults.lost?.(error);
  };
  pool.on('error', onLost);
  const live = new Set<pg.PoolClient>();
  liveClients.set(pool, live);
  pool.on('connect', (client) => {
    live.add(client);
    // The socket's 'close', not the client's 'end': a library holding the client (the socket.io adapter)
    // may remove the client's 'end' listeners, and then this set would never forget it.
    socketOf(client)?.once('close', () => live.delete(client)) ?? client.once('end', () => live.delete(client));
    client.on('error', onLost);
    if (down) {
      down = false;
      faults.restored?.();
    }
  });
  return pool;
}

const liveClients = new WeakMap<pg.Pool, Set<pg.PoolClient>>();

/**
 * Ends the pool and waits until every connection has really closed: `pool.end()` resolves once its clients
 * are told to end, before their sockets close, so whoever drops or stops the database next would still
 * find sessions alive and terminate them.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  const live = [...(liveClients.get(pool) ?? [])];
  // Listen before ending, so a connection that closes while the pool ends is not waited for forever.
  const closed = live.map((client) => new Promise<void>((resolve) => {
    const socket = socketOf(client);
    if (!socket) return client.once('end', () => resolve());
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
  }));
  await pool.end();
  await Promise.all(closed);
}

function socketOf(client: pg.PoolClient): import('node:net').Socket | undefined {
  return (client as unknown as { connection?: { stream?: import('node:net').Socket } }).connection?.stream;
}

/** The usual wiring: one error line when a pool loses its server, one info line when it is back. */
export function poolFaults(logger: { error: (o: object, m: string) => void; info: (m: string) => void }, name: string): PoolFaults {
  return {
    lost: (error) => logger.error({ err: { message: error.message, code: (error as { code?: string }).code } }, `${name} connection lost; retrying`),
    restored: () => logger.info(`${name} connection restored`),
  };
}
