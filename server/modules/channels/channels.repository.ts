// Channels configured per clinic. Every clinic has a simulator channel so every flow works on a fresh install.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { channels } from '../../db/schema/index.ts';

export type ChannelRow = typeof channels.$inferSelect;

export function createChannelsRepository(db: Db) {
  return {
    async get(clinicId: string, id: string): Promise<ChannelRow | null> {
      const [row] = await db.select().from(channels).where(and(eq(channels.clinicId, clinicId), eq(channels.id, id))).limit(1);
      return row ?? null;
    },
    /** For webhooks, which arrive without a session: the channel id in the URL names the clinic. */
    async getById(id: string): Promise<ChannelRow | null> {
      const [row] = await db.select().from(channels).where(eq(channels.id, id)).limit(1);
      return row ?? null;
    },
    /** Across clinics: the session manager looks after every push-based channel it may own. */
    async listByType(type: ChannelRow['type']): Promise<ChannelRow[]> {
      return db.select().from(channels).where(eq(channels.type, type)).orderBy(asc(channels.createdAt));
    },
    async list(clinicId: string): Promise<ChannelRow[]> {
      return db.select().from(channels).where(eq(channels.clinicId, clinicId)).orderBy(asc(channels.createdAt), asc(channels.id));
    },
    async insert(values: typeof channels.$inferInsert): Promise<ChannelRow> {
      const [row] = await db.insert(channels).values(values).returning();
      return row!;
    },
    async update(clinicId: string, id: string, values: Partial<typeof channels.$inferInsert>): Promise<ChannelRow | null> {
      const [row] = await db.update(channels).set(values).where(and(eq(channels.clinicId, clinicId), eq(channels.id, id))).returning();
      return row ?? null;
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
      if (existing) return existing;
      return this.insert({ clinicId, type: 'simulator', name: 'Simulador', status: 'active' });
    },
  };
}

export type ChannelsRepository = ReturnType<typeof createChannelsRepository>;
