// Carries socket.io events between instances: PostgreSQL LISTEN/NOTIFY (same database) or Redis.
import { createPool, endPool, poolFaults } from '../db/pool.ts';
import type { AppContext } from '../context.ts';

export type SocketAdapter = { factory: NonNullable<import('socket.io').ServerOptions['adapter']>; close: () => Promise<void> };

export async function createSocketAdapter(ctx: AppContext): Promise<SocketAdapter | null> {
  const { adapter, redisUrl } = ctx.config.realtime;
  if (adapter === 'postgres') {
    if (ctx.database.kind === 'embedded') {
      ctx.logger.warn('SOCKET_ADAPTER=postgres needs a PostgreSQL server; the embedded database serves one instance only');
      return null;
    }
    const { createAdapter } = await import('@socket.io/postgres-adapter');
    // Its own small pool: LISTEN holds a connection for the life of the process.
    const pool = createPool({ connectionString: ctx.database.url, max: 2 }, poolFaults(ctx.logger, 'socket adapter'));
    return { factory: createAdapter(pool, { errorHandler: (error) => ctx.logger.warn({ err: error }, 'socket adapter error') }), close: () => endPool(pool) };
  }
  if (adapter === 'redis' && redisUrl) {
    const [{ createAdapter }, { createClient }] = await Promise.all([import('@socket.io/redis-adapter'), import('redis')]);
    const pub = createClient({ url: redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    return {
      factory: createAdapter(pub, sub),
      close: async () => {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  return null;
}
