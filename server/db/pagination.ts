// Keyset pagination for every list: {items, nextCursor}. The cursor is opaque to clients.
import { and, asc, desc, eq, gt, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isoDaySchema, isoInstantSchema } from '../modules/dates.ts';

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
    const [value, id] = decodeCursor(cursor, sortColumn, idColumn);
    const after = direction === 'asc' ? gt : lt;
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

/**
 * A cursor is only ever one this API gave out; one that decodes but holds values of the wrong type for the list's
 * columns (a forged or stale one) is a 400 naming `cursor`, never a query the database refuses.
 */
function decodeCursor(cursor: string, sortColumn: AnyColumn, idColumn: AnyColumn): [SortValue | Date, string] {
  const refused = () => AppError.validation('cursor', 'cursor: not a cursor this API gave out');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  const tuple = z.tuple([columnValue(sortColumn), columnValue(idColumn)]).safeParse(parsed);
  if (!tuple.success) throw refused();
  const [value, id] = tuple.data;
  if (typeof id !== 'string') throw refused();
  return [value, id];
}

/** What a cursor may hold for a column: an ISO instant for timestamps (as a Date), a day for dates, a uuid for ids. */
function columnValue(column: AnyColumn): z.ZodType<SortValue | Date> {
  switch (column.columnType) {
    case 'PgTimestamp':
      return isoInstantSchema.transform((value) => new Date(value));
    case 'PgDateString':
      return isoDaySchema;
    case 'PgUUID':
      return z.uuid();
    default:
      return column.dataType === 'number' ? z.number() : z.string().max(500).refine((value) => !value.includes('\u0000'));
  }
}
