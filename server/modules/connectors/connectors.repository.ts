// Connectors configured per clinic, and the sync lease: a row-level claim that works the same on embedded
// PGlite and a real PostgreSQL cluster, and expires by itself if the instance holding it dies. The config's secret
// keys (API keys, signing secrets) are sealed here on the way in and opened on the way out.
import { and, asc, eq, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { pmsConnectorDefinition } from '../../../integrations/pms/registry.ts';
import type { PmsConnectorType } from '../../../integrations/pms/pms-connector.ts';
import type { Db } from '../../db/database.ts';
import { connectors } from '../../db/schema/index.ts';
import { openConfigSecrets, sealConfigSecrets } from '../secrets/sealedConfig.ts';
import type { SecretBox } from '../secrets/secretBox.ts';

export type ConnectorRow = typeof connectors.$inferSelect;
export type ConnectorValues = Omit<typeof connectors.$inferInsert, 'id' | 'clinicId' | 'createdAt' | 'updatedAt'>;

export function createConnectorsRepository(db: Db, secrets: SecretBox) {
  const scoped = (clinicId: string, id: string) => and(eq(connectors.clinicId, clinicId), eq(connectors.id, id));
  const opened = (row: ConnectorRow): ConnectorRow => ({ ...row, config: openConfigSecrets(secrets, row.config) });
  const sealed = (type: PmsConnectorType, config: Record<string, unknown>) => sealConfigSecrets(secrets, config, connectorSecretKeys(type));
  return {
    async get(clinicId: string, id: string): Promise<ConnectorRow | null> {
      const [row] = await db.select().from(connectors).where(scoped(clinicId, id)).limit(1);
      return row ? opened(row) : null;
    },
    /** For push webhooks, which arrive without a session: the connector id in the URL names the clinic. */
    async getById(id: string): Promise<ConnectorRow | null> {
      const [row] = await db.select().from(connectors).where(eq(connectors.id, id)).limit(1);
      return row ? opened(row) : null;
    },
    async list(clinicId: string): Promise<ConnectorRow[]> {
      return (await db.select().from(connectors).where(eq(connectors.clinicId, clinicId)).orderBy(asc(connectors.createdAt), asc(connectors.id))).map(opened);
    },
    async insert(clinicId: string, values: ConnectorValues): Promise<ConnectorRow> {
      const [row] = await db
        .insert(connectors)
        .values({ ...values, clinicId, ...(values.config ? { config: sealed(values.type, values.config) } : {}) })
        .returning();
      return opened(row!);
    },
    async update(clinicId: string, id: string, values: Partial<ConnectorValues>): Promise<ConnectorRow | null> {
      let set = values;
      if (values.config) {
        // The secret keys depend on the type, which a config patch does not carry.
        const [current] = await db.select({ type: connectors.type }).from(connectors).where(scoped(clinicId, id)).limit(1);
        if (!current) return null;
        set = { ...values, config: sealed(values.type ?? current.type, values.config) };
      }
      const [row] = await db.update(connectors).set(set).where(scoped(clinicId, id)).returning();
      return row ? opened(row) : null;
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
      return row ? opened(row) : null;
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
      const rows = await db
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
      return rows.map(opened);
    },
  };
}

export type ConnectorsRepository = ReturnType<typeof createConnectorsRepository>;

/** The config keys of a connector type that are secret (sealed at rest, write-only in the API). */
export function connectorSecretKeys(type: PmsConnectorType): readonly string[] {
  return pmsConnectorDefinition(type)?.secretKeys ?? [];
}
