// A channel's provider session (Baileys auth keys) kept in PostgreSQL, so any instance can resume it. Every
// value is sealed at rest: these keys are the WhatsApp account itself.
import { and, eq } from 'drizzle-orm';
import type { ChannelStateStore } from '../../../integrations/channels/channel.ts';
import type { Db } from '../../db/database.ts';
import { channelState } from '../../db/schema/index.ts';
import { isSealed, type SecretBox } from '../secrets/secretBox.ts';

export function createChannelStateStore(deps: { db: Db; secrets: SecretBox }, channelId: string): ChannelStateStore & { clear: () => Promise<void> } {
  const { db, secrets } = deps;
  const row = (key: string) => and(eq(channelState.channelId, channelId), eq(channelState.key, key));
  return {
    async get(key) {
      const [found] = await db.select({ value: channelState.value }).from(channelState).where(row(key)).limit(1);
      if (found === undefined) return null;
      return isSealed(found.value) ? secrets.open(found.value) : storedText(found.value);
    },
    async set(key, value) {
      const sealed = secrets.seal(value);
      await db
        .insert(channelState)
        .values({ channelId, key, value: sealed })
        .onConflictDoUpdate({ target: [channelState.channelId, channelState.key], set: { value: sealed, updatedAt: new Date() } });
    },
    async delete(key) {
      await db.delete(channelState).where(row(key));
    },
    async clear() {
      await db.delete(channelState).where(eq(channelState.channelId, channelId));
    },
  };
}

/**
 * A value an older version stored in plain text (sealed at the next start-up). Drizzle parses a jsonb string that
 * itself holds JSON; the store's contract is the text we were given.
 */
export function storedText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
