import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../db/pagination.ts';
import { recalls } from '../../db/schema/index.ts';
import { createScopedRepository } from '../../db/scopedRepository.ts';
import type { RecallFilters } from './recall.dto.ts';

export function createRecallsRepository(db: Db) {
  const scoped = createScopedRepository(db, recalls);
  return {
    ...scoped,
    /** Ordered by due date (the seed's "date range" view). */
    list(clinicId: string, query: PageQuery & { filters?: RecallFilters | undefined }) {
      const f = query.filters ?? {};
      return scoped.list(clinicId, {
        ...query,
        where: and(
          f.from ? gte(recalls.dueDate, f.from) : undefined,
          f.to ? lte(recalls.dueDate, f.to) : undefined,
          f.status ? inArray(recalls.status, f.status) : undefined,
          f.reason ? inArray(recalls.reason, f.reason) : undefined,
          f.patientId ? eq(recalls.patientId, f.patientId) : undefined,
        ),
        sort: { column: recalls.dueDate, direction: 'asc', valueOf: (row) => row.dueDate },
      });
    },
  };
}

export type RecallsRepository = ReturnType<typeof createRecallsRepository>;
