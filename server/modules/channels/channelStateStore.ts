// A channel's provider session (Baileys auth keys) kept in PostgreSQL, so any instance can resume it.
import { and, eq } from 'drizzle-orm';
import type { ChannelStateStore } from '../../../integrations/channels/channel.ts';
import type { Db } from '../../db/database.ts';
import { channelState } from '../../db/schema/index.ts';

export function createChannelStateStore(db: Db, channelId: string): ChannelStateStore & { clear: () => Promise<void> } {
  const row = (key: string) => and(eq(channelState.channelId, channelId), eq(channelState.key, key));
  return {
    async get(key) {
      const [found] = await db.select({ value: channelState.value }).from(channelState).where(row(key)).limit(1);
      if (found === undefined) return null;
      // Drizzle parses a jsonb string that itself holds JSON; the store's contract is the text we were given.
      return typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
    },
    async set(key, value) {
      await db
        .insert(channelState)
        .values({ channelId, key, value })
        .onConflictDoUpdate({ target: [channelState.channelId, channelState.key], set: { value, updatedAt: new Date() } });
    },
    async delete(key) {
      await db.delete(channelState).where(row(key));
    },
    async clear() {
      await db.delete(channelState).where(eq(channelState.channelId, channelId));
    },
  };
}
