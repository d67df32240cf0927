// The consent ledger's rows: appended on every change of a patient's consents, listed oldest first.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { consentEvents } from '../../db/schema/index.ts';

export type ConsentEventInput = Omit<typeof consentEvents.$inferInsert, 'id' | 'at'>;

export function createConsentsRepository(db: Db) {
  return {
    async record(entries: ConsentEventInput[]): Promise<void> {
      if (entries.length) await db.insert(consentEvents).values(entries);
    },
    async list(clinicId: string, patientId: string) {
      const rows = await db
        .select()
        .from(consentEvents)
        .where(and(eq(consentEvents.clinicId, clinicId), eq(consentEvents.patientId, patientId)))
        .orderBy(asc(consentEvents.at), asc(consentEvents.id));
      return rows.map((row) => ({ purpose: row.purpose, channel: row.channel, granted: row.granted, source: row.source, byUserId: row.byUserId, evidence: row.evidence, at: row.at.toISOString() }));
    },
  };
}

export type ConsentsRepository = ReturnType<typeof createConsentsRepository>;
