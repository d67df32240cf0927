// Generic data access for a clinic-scoped table (id, clinic_id, created_at): every query filters on
// the clinic, so another clinic's id behaves exactly like an unknown one.
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './database.ts';
import { keyset, toPage, type Page, type PageQuery } from './pagination.ts';

type ScopedColumns = { id: PgColumn; clinicId: PgColumn; createdAt: PgColumn };
type ScopedTable = PgTable & ScopedColumns;

export type ListOptions<Row> = PageQuery & {
  where?: SQL | undefined;
  /** Default: newest first by created_at. */
  sort?: { column: PgColumn; direction: 'asc' | 'desc'; valueOf: (row: Row) => string | number | Date };
};

export function createScopedRepository<T extends ScopedTable>(db: Db, table: T) {
  // Drizzle's types cannot follow a generic table through a query builder, so rows are typed
  // at this one boundary; every concrete table passed in is a real schema table.
  type Row = T['$inferSelect'];
  type Insert = Omit<T['$inferInsert'], 'id' | 'clinicId'>;
  const base: PgTable = table;
  const scoped = (clinicId: string, id: string) => and(eq(table.clinicId, clinicId), eq(table.id, id));

  return {
    async list(clinicId: string, options: ListOptions<Row>): Promise<Page<Row>> {
      const sort = options.sort ?? { column: table.createdAt, direction: 'desc' as const, valueOf: (row: Row) => createdAtOf(row) };
      const { where, order } = keyset(sort.column, table.id, sort.direction, options.cursor);
      const rows = (await db
        .select()
        .from(base)
        .where(and(eq(table.clinicId, clinicId), options.where, where))
        .orderBy(...order)
        .limit(options.limit + 1)) as Row[];
      return toPage(rows, options.limit, (row) => sort.valueOf(row), (row) => idOf(row), (row) => row);
    },
    async get(clinicId: string, id: string): Promise<Row | null> {
      const [row] = (await db.select().from(base).where(scoped(clinicId, id)).limit(1)) as Row[];
      return row ?? null;
    },
    async insert(clinicId: string, values: Insert): Promise<Row> {
      const [row] = (await db
        .insert(base)
        .values({ ...values, clinicId })
        .returning()) as Row[];
      return row!;
    },
    async update(clinicId: string, id: string, values: Partial<Insert>): Promise<Row | null> {
      if (Object.keys(values).length === 0) return this.get(clinicId, id);
      const [row] = (await db.update(base).set(values).where(scoped(clinicId, id)).returning()) as Row[];
      return row ?? null;
    },
    async delete(clinicId: string, id: string): Promise<boolean> {
      const rows = await db.delete(base).where(scoped(clinicId, id)).returning();
      return rows.length > 0;
    },
  };
}

function createdAtOf(row: unknown): Date {
  if (typeof row === 'object' && row !== null && 'createdAt' in row && row.createdAt instanceof Date) return row.createdAt;
  throw new Error('scoped table row without createdAt');
}

function idOf(row: unknown): string {
  if (typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'string') return row.id;
  throw new Error('scoped table row without id');
}
