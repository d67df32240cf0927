import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../db/pagination.ts';
import { appointments } from '../../db/schema/index.ts';
import { createScopedRepository } from '../../db/scopedRepository.ts';
import type { AppointmentFilters } from './appointment.dto.ts';

export type AppointmentRow = typeof appointments.$inferSelect;

export function createAppointmentsRepository(db: Db) {
  const scoped = createScopedRepository(db, appointments);
  return {
    ...scoped,
    /** Ordered by start time, so "upcoming" pages naturally. */
    list(clinicId: string, query: PageQuery & { filters?: AppointmentFilters | undefined }) {
      const f = query.filters ?? {};
      const statuses = f.status === undefined ? undefined : [f.status].flat();
      return scoped.list(clinicId, {
        ...query,
        where: and(
          f.from ? gte(appointments.startsAt, new Date(f.from)) : undefined,
          f.to ? lt(appointments.startsAt, new Date(f.to)) : undefined,
          statuses ? inArray(appointments.status, statuses) : undefined,
          f.patientId ? eq(appointments.patientId, f.patientId) : undefined,
          f.providerId ? eq(appointments.providerId, f.providerId) : undefined,
        ),
        sort: { column: appointments.startsAt, direction: 'asc', valueOf: (row) => row.startsAt },
      });
    },
  };
}

export type AppointmentsRepository = ReturnType<typeof createAppointmentsRepository>;
