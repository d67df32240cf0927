// Connectors configured per clinic, and the sync lease: a row-level claim that works the same on embedded
// PGlite and a real PostgreSQL cluster, and expires by itself if the instance holding it dies.
import { and, asc, eq, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { connectors } from '../../db/schema/index.ts';

export type ConnectorRow = typeof connectors.$inferSelect;
export type ConnectorValues = Omit<typeof connectors.$inferInsert, 'id' | 'clinicId' | 'createdAt' | 'updatedAt'>;

export function createConnectorsRepository(db: Db) {
  const scoped = (clinicId: string, id: string) => and(eq(connectors.clinicId, clinicId), eq(connectors.id, id));
  return {
    async get(clinicId: string, id: string): Promise<ConnectorRow | null> {
      const [row] = await db.select().from(connectors).where(scoped(clinicId, id)).limit(1);
      return row ?? null;
    },
    /** For push webhooks, which arrive without a session: the connector id in the URL names the clinic. */
    async getById(id: string): Promise<ConnectorRow | null> {
      const [row] = await db.select().from(connectors).where(eq(connectors.id, id)).limit(1);
      return row ?? null;
    },
    async list(clinicId: string): Promise<ConnectorRow[]> {
      return db.select().from(connectors).where(eq(connectors.clinicId, clinicId)).orderBy(asc(connectors.createdAt), asc(connectors.id));
    },
    async insert(clinicId: string, values: ConnectorValues): Promise<ConnectorRow> {
      const [row] = await db.insert(connectors).values({ ...values, clinicId }).returning();
      return row!;
    },
    async update(clinicId: string, id: string, values: Partial<ConnectorValues>): Promise<ConnectorRow | null> {
      const [row] = await db.update(connectors).set(values).where(scoped(clinicId, id)).returning();
      return row ?? null;
    },
    async delete(clinicId: string, id: string): Promise<boolean> {
      const rows = await db.delete(connectors).where(scoped(clinicId, id)).returning({ id: connectors.id });
      return rows.length > 0;
    },

    /** Takes the sync lease until `until`, unless another sync holds it; null when it is taken. */
    async claimSync(clinicId: string, id: string, now: Date, until: Date): Promise<ConnectorRow | null> {
      const [row] = await db
        .update(connectors)
        .set({ syncLockedUntil: until })
        .where(and(scoped(clinicId, id), or(isNull(connectors.syncLockedUntil), lt(connectors.syncLockedUntil, now))))
        .returning();
      return row ?? null;
    },
    async renewSync(clinicId: string, id: string, until: Date): Promise<void> {
      await db.update(connectors).set({ syncLockedUntil: until }).where(scoped(clinicId, id));
    },
    /** Ends a sync: the lease goes, the outcome (and, after a success, the new cursors) stays. */
    async finishSync(clinicId: string, id: string, values: Pick<ConnectorValues, 'lastSyncAt' | 'lastResult' | 'status'> & { cursors?: Record<string, string>; completed?: boolean }): Promise<void> {
      const { completed, ...rest } = values;
      await db
        .update(connectors)
        .set({ ...rest, syncLockedUntil: null, ...(completed ? { firstSyncedAt: sql`coalesce(${connectors.firstSyncedAt}, ${values.lastSyncAt?.toISOString() ?? null}::timestamptz)` } : {}) })
        .where(scoped(clinicId, id));
    },

    /** Across clinics: connectors not paused whose interval has passed since their last sync (or never synced). */
    async listDue(now: Date): Promise<ConnectorRow[]> {
      return db
        .select()
        .from(connectors)
        .where(
          and(
            ne(connectors.status, 'paused'),
            isNotNull(connectors.syncIntervalMinutes),
            or(isNull(connectors.lastSyncAt), sql`${connectors.lastSyncAt} + make_interval(mins => ${connectors.syncIntervalMinutes}) <= ${now.toISOString()}::timestamptz`),
            or(isNull(connectors.syncLockedUntil), lt(connectors.syncLockedUntil, now)),
          ),
        )
        .orderBy(asc(connectors.lastSyncAt))
        .limit(50);
    },
  };
}

export type ConnectorsRepository = ReturnType<typeof createConnectorsRepository>;
