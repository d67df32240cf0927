import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { clinics } from '../../db/schema/index.ts';

export type ClinicRow = typeof clinics.$inferSelect;

export function createClinicsRepository(db: Db) {
  return {
    async get(id: string): Promise<ClinicRow | null> {
      const [row] = await db.select().from(clinics).where(eq(clinics.id, id)).limit(1);
      return row ?? null;
    },
    async insert(values: typeof clinics.$inferInsert): Promise<ClinicRow> {
      const [row] = await db.insert(clinics).values(values).returning();
      return row!;
    },
    async update(id: string, values: Partial<typeof clinics.$inferInsert>): Promise<ClinicRow | null> {
      const [row] = await db.update(clinics).set(values).where(eq(clinics.id, id)).returning();
      return row ?? null;
    },
    async listIds(): Promise<string[]> {
      const rows = await db.select({ id: clinics.id }).from(clinics);
      return rows.map((row) => row.id);
    },
  };
}

export type ClinicsRepository = ReturnType<typeof createClinicsRepository>;
