// Sticky provider sessions (WhatsApp Web): one instance owns a channel's session at a time, through a
// lease row it renews; when the owner dies the lease expires and another instance takes over.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';

export function createChannelLeases(db: Db, owner: string, ttlSeconds = 30) {
  return {
    /** Takes or renews the lease; true when this instance owns the channel now. */
    async acquire(channelId: string): Promise<boolean> {
      const result = await db.execute<{ owner: string }>(sql`
        INSERT INTO channel_leases (channel_id, owner, expires_at)
        VALUES (${channelId}, ${owner}, now() + make_interval(secs => ${ttlSeconds}))
        ON CONFLICT (channel_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
          WHERE channel_leases.owner = EXCLUDED.owner OR channel_leases.expires_at < now()
        RETURNING owner`);
      return result.rows[0]?.owner === owner;
    },
    async release(channelId: string): Promise<void> {
      await db.execute(sql`DELETE FROM channel_leases WHERE channel_id = ${channelId} AND owner = ${owner}`);
    },
  };
}

export type ChannelLeases = ReturnType<typeof createChannelLeases>;
