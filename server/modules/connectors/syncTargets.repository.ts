// Where synced records land: one upsert per row on (clinic, source, external id) that writes only when
// something differs, so a second sync of unchanged data writes nothing. Patients and appointments go through
// their own modules instead (phones, external ids, reminders); this covers the rest and the lookups.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/database.ts';
import { appointments, locations, providers, recalls, services, treatments } from '../../db/schema/index.ts';

/** What an upsert did: inserted, updated, or null when the stored row already matched. */
export type UpsertOutcome = { id: string; inserted: boolean } | null;

/** xmax is 0 on a row this statement inserted, not on one it updated. */
const inserted = sql<boolean>`(xmax = 0)`;

type Key = { clinicId: string; source: string; externalId: string };

export function createSyncTargetsRepository(db: Db) {
  return {
    async upsertLocation(key: Key, values: { name: string; address: string | null; phone: string | null }): Promise<UpsertOutcome> {
      const [row] = await db
        .insert(locations)
        .values({ ...key, ...values })
        .onConflictDoUpdate({
          target: [locations.clinicId, locations.source, locations.externalId],
          set: { ...values, updatedAt: new Date() },
          setWhere: differs([locations.name, locations.address, locations.phone]),
        })
        .returning({ id: locations.id, inserted });
      return row ?? null;
    },
    async upsertProvider(key: Key, values: { firstName: string; lastName: string; phone: string | null; email: string | null }): Promise<UpsertOutcome> {
      const [row] = await db
        .insert(providers)
        .values({ ...key, ...values })
        .onConflictDoUpdate({
          target: [providers.clinicId, providers.source, providers.externalId],
          set: { ...values, updatedAt: new Date() },
          setWhere: differs([providers.firstName, providers.lastName, providers.phone, providers.email]),
        })
        .returning({ id: providers.id, inserted });
      return row ?? null;
    },
    async upsertService(key: Key, values: { name: string; durationMinutes: number | null }): Promise<UpsertOutcome> {
      // A duration the PMS does not know keeps the one set here.
      const set = values.durationMinutes === null ? { name: values.name } : values;
      const [row] = await db
        .insert(services)
        .values({ ...key, ...values })
        .onConflictDoUpdate({
          target: [services.clinicId, services.source, services.externalId],
          set: { ...set, updatedAt: new Date() },
          setWhere: differs(values.durationMinutes === null ? [services.name] : [services.name, services.durationMinutes]),
        })
        .returning({ id: services.id, inserted });
      return row ?? null;
    },
    async upsertTreatment(
      key: Key,
      values: { patientId: string; serviceId: string | null; appointmentId: string | null; name: string; performedOn: string },
    ): Promise<UpsertOutcome> {
      const [row] = await db
        .insert(treatments)
        .values({ ...key, ...values })
        .onConflictDoUpdate({
          target: [treatments.clinicId, treatments.source, treatments.externalId],
          set: { ...values, updatedAt: new Date() },
          setWhere: differs([treatments.patientId, treatments.serviceId, treatments.appointmentId, treatments.name, treatments.performedOn]),
        })
        .returning({ id: treatments.id, inserted });
      return row ?? null;
    },
    /**
     * An open recall from the PMS: created pending with origin 'pms'; later syncs update what it is about and when
     * it is due, never its status (that is the recall workflow's, here).
     */
    async upsertRecall(key: Key, values: { patientId: string; serviceId: string | null; reason: string; dueDate: string }): Promise<UpsertOutcome> {
      const [row] = await db
        .insert(recalls)
        .values({ ...key, ...values, origin: 'pms', status: 'pending' })
        .onConflictDoUpdate({
          target: [recalls.clinicId, recalls.source, recalls.externalId],
          set: { ...values, updatedAt: new Date() },
          setWhere: differs([recalls.patientId, recalls.serviceId, recalls.reason, recalls.dueDate]),
        })
        .returning({ id: recalls.id, inserted });
      return row ?? null;
    },
    /** A recall closed in the PMS is discarded here unless the patient already answered it; never created. */
    async closeRecall(key: Key): Promise<UpsertOutcome> {
      const [row] = await db
        .update(recalls)
        .set({ status: 'discarded', statusReason: 'closed_in_pms', updatedAt: new Date() })
        .where(and(keyOf(recalls, key), sql`${recalls.status} IN ('pending', 'sent')`))
        .returning({ id: recalls.id, inserted: sql<boolean>`false` });
      return row ?? null;
    },

    /** The stored row for a key, to tell what an upsert would do without doing it (dry runs). */
    async peek(resource: 'locations' | 'providers' | 'services' | 'treatments' | 'recalls', key: Key): Promise<Record<string, unknown> | null> {
      const select = {
        locations: () => db.select().from(locations).where(keyOf(locations, key)).limit(1),
        providers: () => db.select().from(providers).where(keyOf(providers, key)).limit(1),
        services: () => db.select().from(services).where(keyOf(services, key)).limit(1),
        treatments: () => db.select().from(treatments).where(keyOf(treatments, key)).limit(1),
        recalls: () => db.select().from(recalls).where(keyOf(recalls, key)).limit(1),
      }[resource];
      const [row] = await select();
      return row ?? null;
    },

    async findAppointment(key: Key) {
      const [row] = await db.select().from(appointments).where(keyOf(appointments, key)).limit(1);
      return row ?? null;
    },
    async providerId(key: Key): Promise<string | null> {
      const [row] = await db.select({ id: providers.id }).from(providers).where(keyOf(providers, key)).limit(1);
      return row?.id ?? null;
    },
    async locationId(key: Key): Promise<string | null> {
      const [row] = await db.select({ id: locations.id }).from(locations).where(keyOf(locations, key)).limit(1);
      return row?.id ?? null;
    },
    async serviceId(key: Key): Promise<string | null> {
      const [row] = await db.select({ id: services.id }).from(services).where(keyOf(services, key)).limit(1);
      return row?.id ?? null;
    },
    async appointmentId(key: Key): Promise<string | null> {
      const [row] = await db.select({ id: appointments.id }).from(appointments).where(keyOf(appointments, key)).limit(1);
      return row?.id ?? null;
    },
  };
}

export type SyncTargetsRepository = ReturnType<typeof createSyncTargetsRepository>;

type Keyed = { clinicId: PgColumn; source: PgColumn; externalId: PgColumn };

function keyOf(table: Keyed, key: Key): SQL | undefined {
  return and(eq(table.clinicId, key.clinicId), eq(table.source, key.source), eq(table.externalId, key.externalId));
}

/** ON CONFLICT … WHERE: the stored row differs from the proposed one in at least one of these columns. */
function differs(columns: PgColumn[]): SQL {
  const stored = sql.join(columns.map((column) => sql`${column}`), sql`, `);
  const proposed = sql.join(columns.map((column) => sql.raw(`excluded."${column.name}"`)), sql`, `);
  return sql`(${stored}) IS DISTINCT FROM (${proposed})`;
}
