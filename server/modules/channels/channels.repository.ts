// Channels configured per clinic. Every clinic has a simulator channel so every flow works on a fresh install.
// The config's secret keys (auth tokens, passwords) are sealed here, on the way in, and opened on the way out.
import { and, asc, eq } from 'drizzle-orm';
import { channelRegistry, isChannelType } from '../../../integrations/channels/registry.ts';
import type { Db } from '../../db/database.ts';
import { channels } from '../../db/schema/index.ts';
import { openConfigSecrets, sealConfigSecrets } from '../secrets/sealedConfig.ts';
import type { SecretBox } from '../secrets/secretBox.ts';

export type ChannelRow = typeof channels.$inferSelect;

export function createChannelsRepository(db: Db, secrets: SecretBox) {
  const opened = (row: ChannelRow): ChannelRow => ({ ...row, config: openConfigSecrets(secrets, row.config) });
  const sealed = (type: string, config: Record<string, unknown>) => sealConfigSecrets(secrets, config, channelSecretKeys(type));
  return {
    async get(clinicId: string, id: string): Promise<ChannelRow | null> {
      const [row] = await db.select().from(channels).where(and(eq(channels.clinicId, clinicId), eq(channels.id, id))).limit(1);
      return row ? opened(row) : null;
    },
    /** For webhooks, which arrive without a session: the channel id in the URL names the clinic. */
    async getById(id: string): Promise<ChannelRow | null> {
      const [row] = await db.select().from(channels).where(eq(channels.id, id)).limit(1);
      return row ? opened(row) : null;
    },
    /** Across clinics: the session manager looks after every push-based channel it may own. */
    async listByType(type: ChannelRow['type']): Promise<ChannelRow[]> {
      return (await db.select().from(channels).where(eq(channels.type, type)).orderBy(asc(channels.createdAt))).map(opened);
    },
    async list(clinicId: string): Promise<ChannelRow[]> {
      return (await db.select().from(channels).where(eq(channels.clinicId, clinicId)).orderBy(asc(channels.createdAt), asc(channels.id))).map(opened);
    },
    async insert(values: typeof channels.$inferInsert): Promise<ChannelRow> {
      const [row] = await db
        .insert(channels)
        .values({ ...values, ...(values.config ? { config: sealed(values.type, values.config) } : {}) })
        .returning();
      return opened(row!);
    },
    async update(clinicId: string, id: string, values: Partial<typeof channels.$inferInsert>): Promise<ChannelRow | null> {
      const where = and(eq(channels.clinicId, clinicId), eq(channels.id, id));
      let set = values;
      if (values.config) {
        // The secret keys depend on the type, which a config patch does not carry.
        const [current] = await db.select({ type: channels.type }).from(channels).where(where).limit(1);
        if (!current) return null;
        set = { ...values, config: sealed(values.type ?? current.type, values.config) };
      }
      const [row] = await db.update(channels).set(set).where(where).returning();
      return row ? opened(row) : null;
    },
    async delete(clinicId: string, id: string): Promise<boolean> {
      const rows = await db.delete(channels).where(and(eq(channels.clinicId, clinicId), eq(channels.id, id))).returning({ id: channels.id });
      return rows.length > 0;
    },
    async ensureSimulator(clinicId: string): Promise<ChannelRow> {
      const [existing] = await db
        .select()
        .from(channels)
        .where(and(eq(channels.clinicId, clinicId), eq(channels.type, 'simulator')))
        .orderBy(asc(channels.createdAt))
        .limit(1);
      if (existing) return opened(existing);
      return this.insert({ clinicId, type: 'simulator', name: 'Simulador', status: 'active' });
    },
  };
}

export type ChannelsRepository = ReturnType<typeof createChannelsRepository>;

/** The config keys of a channel type that are secret (sealed at rest, write-only in the API). */
export function channelSecretKeys(type: string): readonly string[] {
  return isChannelType(type) ? channelRegistry[type].secretKeys : [];
}
