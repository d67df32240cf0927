// Data access for patients and their per-source external ids; every query is scoped to one clinic.
import { and, arrayContains, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { keyset, toPage, type Page, type PageQuery } from '../../db/pagination.ts';
import { patientExternalIds, patients } from '../../db/schema/index.ts';
import { phoneSearchDigits } from './phones.ts';
import { toPatient, type Patient } from './patient.dto.ts';

export type PatientRow = typeof patients.$inferSelect;
export type PatientValues = Omit<typeof patients.$inferInsert, 'id' | 'clinicId' | 'createdAt' | 'updatedAt'>;

export function createPatientsRepository(db: Db) {
  async function externalIdsOf(clinicId: string, patientIds: string[]): Promise<Map<string, Record<string, string>>> {
    const byPatient = new Map<string, Record<string, string>>();
    if (patientIds.length === 0) return byPatient;
    const rows = await db
      .select()
      .from(patientExternalIds)
      .where(and(eq(patientExternalIds.clinicId, clinicId), inArray(patientExternalIds.patientId, patientIds)));
    for (const row of rows) {
      byPatient.set(row.patientId, { ...byPatient.get(row.patientId), [row.source]: row.externalId });
    }
    return byPatient;
  }

  async function withExternalIds(clinicId: string, rows: PatientRow[]): Promise<Patient[]> {
    const ids = await externalIdsOf(clinicId, rows.map((row) => row.id));
    return rows.map((row) => toPatient(row, ids.get(row.id) ?? {}));
  }

  return {
    withExternalIds,

    async list(clinicId: string, query: PageQuery & { q?: string | undefined }): Promise<Page<Patient>> {
      const { where, order } = keyset(patients.createdAt, patients.id, 'desc', query.cursor);
      const rows = await db
        .select()
        .from(patients)
        .where(and(eq(patients.clinicId, clinicId), isNull(patients.erasedAt), patientSearchCondition(query.q), where))
        .orderBy(...order)
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, (row) => row.createdAt, (row) => row.id, (row) => row);
      return { items: await withExternalIds(clinicId, page.items), nextCursor: page.nextCursor };
    },

    async getRow(clinicId: string, id: string): Promise<PatientRow | null> {
      const [row] = await db.select().from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, id))).limit(1);
      return row ?? null;
    },

    async get(clinicId: string, id: string): Promise<Patient | null> {
      const [row] = await db.select().from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, id))).limit(1);
      if (!row) return null;
      const [patient] = await withExternalIds(clinicId, [row]);
      return patient ?? null;
    },

    async findByPhone(clinicId: string, e164: string): Promise<PatientRow | null> {
      const [row] = await db
        .select()
        .from(patients)
        .where(and(eq(patients.clinicId, clinicId), arrayContains(patients.phones, [e164])))
        .orderBy(patients.createdAt)
        .limit(1);
      return row ?? null;
    },

    /**
     * The patient with this number, or a new one with only the phone. A transaction-scoped advisory
     * lock on (clinic, phone) stops two simultaneous first messages from creating two patients.
     */
    async findOrCreateByPhone(clinicId: string, e164: string, values: Partial<PatientValues> = {}): Promise<{ row: PatientRow; created: boolean }> {
      const byPhone = (from: Pick<Db, 'select'>) =>
        from
          .select()
          .from(patients)
          .where(and(eq(patients.clinicId, clinicId), arrayContains(patients.phones, [e164])))
          .orderBy(patients.createdAt)
          .limit(1);
      // A known patient (nearly every inbound message) needs no transaction; the lock only keeps two first
      // messages from creating the same patient twice.
      const [known] = await byPhone(db);
      if (known) return { row: known, created: false };
      return db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`patient:${clinicId}:${e164}`}))`);
        const [existing] = await byPhone(tx);
        if (existing) return { row: existing, created: false };
        const [row] = await tx.insert(patients).values({ ...values, clinicId, phones: [e164] }).returning();
        return { row: row!, created: true };
      });
    },

    async findByExternalId(clinicId: string, source: string, externalId: string): Promise<PatientRow | null> {
      const [row] = await db
        .select({ patient: patients })
        .from(patientExternalIds)
        .innerJoin(patients, eq(patients.id, patientExternalIds.patientId))
        .where(and(eq(patientExternalIds.clinicId, clinicId), eq(patientExternalIds.source, source), eq(patientExternalIds.externalId, externalId)))
        .limit(1);
      return row?.patient ?? null;
    },

    async insert(clinicId: string, values: PatientValues, externalIds: Record<string, string> = {}): Promise<PatientRow> {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(patients).values({ ...values, clinicId }).returning();
        await setExternalIds(tx, clinicId, row!.id, externalIds);
        return row!;
      });
    },

    async update(clinicId: string, id: string, values: Partial<PatientValues>, externalIds?: Record<string, string>): Promise<PatientRow | null> {
      return db.transaction(async (tx) => {
        const [row] = Object.keys(values).length
          ? await tx.update(patients).set(values).where(and(eq(patients.clinicId, clinicId), eq(patients.id, id))).returning()
          : await tx.select().from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, id)));
        if (!row) return null;
        if (externalIds) {
          await tx.delete(patientExternalIds).where(and(eq(patientExternalIds.clinicId, clinicId), eq(patientExternalIds.patientId, id)));
          await setExternalIds(tx, clinicId, id, externalIds);
        }
        return row;
      });
    },

    /** Adds one opt-out in a single statement (concurrent ones for two kinds must not overwrite each other); false if already there. */
    async addOptOut(clinicId: string, id: string, kind: string): Promise<boolean> {
      const rows = await db
        .update(patients)
        .set({ optOuts: sql`array_append(${patients.optOuts}, ${kind})` })
        .where(and(eq(patients.clinicId, clinicId), eq(patients.id, id), sql`NOT (${kind} = ANY(${patients.optOuts}))`))
        .returning({ id: patients.id });
      return rows.length > 0;
    },

    async delete(clinicId: string, id: string): Promise<boolean> {
      const rows = await db.delete(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, id))).returning({ id: patients.id });
      return rows.length > 0;
    },
  };
}

export type PatientsRepository = ReturnType<typeof createPatientsRepository>;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function setExternalIds(tx: Tx, clinicId: string, patientId: string, externalIds: Record<string, string>): Promise<void> {
  const rows = Object.entries(externalIds).map(([source, externalId]) => ({ clinicId, source, externalId, patientId }));
  if (rows.length) await tx.insert(patientExternalIds).values(rows);
}

/** Name (either order, any case) or phone digits in any format. */
export function patientSearchCondition(q: string | undefined) {
  if (!q) return undefined;
  const digits = phoneSearchDigits(q);
  const byName = or(
    ilike(sql`${patients.firstName} || ' ' || ${patients.lastName}`, `%${escapeLike(q)}%`),
    ilike(sql`${patients.lastName} || ' ' || ${patients.firstName}`, `%${escapeLike(q)}%`),
  );
  if (!digits) return byName;
  return or(byName, sql`array_to_string(${patients.phones}, ' ') LIKE ${`%${digits}%`}`);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
