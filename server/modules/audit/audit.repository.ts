// The access audit's rows: appended (never changed: the table refuses UPDATE and DELETE) and listed for admins.
import { and, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { keyset, toPage, type PageQuery } from '../../db/pagination.ts';
import { auditEntries } from '../../db/schema/index.ts';

export type AuditEntryRow = typeof auditEntries.$inferSelect;
export type AuditEntryInput = Omit<typeof auditEntries.$inferInsert, 'id' | 'at'>;
export type AuditFilters = { patientId?: string | undefined; from?: Date | undefined; to?: Date | undefined };

export function createAuditRepository(db: Db) {
  return {
    async record(entry: AuditEntryInput): Promise<void> {
      await db.insert(auditEntries).values(entry);
    },

    /** Newest first. */
    async list(clinicId: string, query: PageQuery & { filters: AuditFilters }) {
      const { filters } = query;
      const page = keyset(auditEntries.at, auditEntries.id, 'desc', query.cursor);
      const rows = await db
        .select()
        .from(auditEntries)
        .where(
          and(
            eq(auditEntries.clinicId, clinicId),
            filters.patientId ? eq(auditEntries.patientId, filters.patientId) : undefined,
            filters.from ? gte(auditEntries.at, filters.from) : undefined,
            filters.to ? lt(auditEntries.at, filters.to) : undefined,
            page.where,
          ),
        )
        .orderBy(...page.order)
        .limit(query.limit + 1);
      return toPage(rows, query.limit, (row) => row.at, (row) => row.id, toAuditEntry);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

function toAuditEntry(row: AuditEntryRow) {
  return { id: row.id, at: row.at.toISOString(), actorUserId: row.actorUserId, action: row.action, subjectType: row.subjectType, subjectId: row.subjectId, patientId: row.patientId, detail: row.detail };
}
