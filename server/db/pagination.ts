// Keyset pagination for every list: {items, nextCursor}. The cursor is opaque to clients.
import { and, asc, desc, eq, gt, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../errors.ts';

export type Page<T> = { items: T[]; nextCursor: string | null };

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

type SortValue = string | number;

/** Orders by (sort column, id) and continues after the cursor's row. */
export function keyset(sortColumn: AnyColumn, idColumn: AnyColumn, direction: 'asc' | 'desc', cursor: string | undefined) {
  const order = direction === 'asc' ? [asc(sortColumn), asc(idColumn)] : [desc(sortColumn), desc(idColumn)];
  let where: SQL | undefined;
  if (cursor) {
    const [sortValue, id] = decodeCursor(cursor);
    const after = direction === 'asc' ? gt : lt;
    const value = sortColumn.dataType === 'date' ? new Date(sortValue) : sortValue;
    where = or(after(sortColumn, value), and(eq(sortColumn, value), after(idColumn, id)));
  }
  return { where, order };
}

/** Fetch limit + 1 rows, give back limit and a cursor when there is more. */
export function toPage<Row, Item>(rows: Row[], limit: number, sortValueOf: (row: Row) => SortValue | Date, idOf: (row: Row) => string, toItem: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor = hasMore && last ? encodeCursor(sortValueOf(last), idOf(last)) : null;
  return { items: pageRows.map(toItem), nextCursor };
}

function encodeCursor(sortValue: SortValue | Date, id: string): string {
  const value = sortValue instanceof Date ? sortValue.toISOString() : sortValue;
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [SortValue, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const tuple = z.tuple([z.union([z.string(), z.number()]), z.string()]).parse(parsed);
    return tuple;
  } catch {
    throw AppError.validation('cursor', 'cursor: not a cursor this API gave out');
  }
}
