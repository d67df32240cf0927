// Locations (sites, rooms): where the appointment happens.
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { createScopedRepository } from '../../db/scopedRepository.ts';
import { locations } from '../../db/schema/index.ts';
import { locationHoursSchema } from '../businessHours/businessHours.schema.ts';

const fields = {
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500).nullable(),
  phone: z.string().trim().max(40).nullable(),
  notes: z.string().max(2000).nullable(),
  /** This location's own week and extra holidays (null: the clinic's business hours apply). */
  openingHours: locationHoursSchema.nullable(),
  source: z.string().max(60).nullable(),
  externalId: z.string().max(200).nullable(),
};
export const locationCreateSchema = z.object(fields).partial().required({ name: true }).strict();
export const locationPatchSchema = z.object(fields).partial().strict();

export function toLocation(row: typeof locations.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    phone: row.phone,
    notes: row.notes,
    openingHours: row.openingHours ?? null,
    externalId: row.externalId,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
  };
}

export const createLocationsRepository = (db: Db) => createScopedRepository(db, locations);
export type LocationsRepository = ReturnType<typeof createLocationsRepository>;
