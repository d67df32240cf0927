// Services (appointment types, treatments offered), with their default recall interval.
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { createScopedRepository } from '../../db/scopedRepository.ts';
import { services } from '../../db/schema/index.ts';

const fields = {
  name: z.string().trim().min(1).max(200),
  durationMinutes: z.number().int().min(1).max(24 * 60).nullable(),
  price: z.number().min(0).max(1_000_000).nullable(),
  preparation: z.string().max(2000).nullable(),
  messagingEnabled: z.boolean(),
  recallIntervalDays: z.number().int().min(1).max(3650).nullable(),
  source: z.string().max(60).nullable(),
  externalId: z.string().max(200).nullable(),
};
export const serviceCreateSchema = z.object(fields).partial().required({ name: true }).strict();
export const servicePatchSchema = z.object(fields).partial().strict();

export function toService(row: typeof services.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: row.durationMinutes,
    price: row.price,
    preparation: row.preparation,
    messagingEnabled: row.messagingEnabled,
    recallIntervalDays: row.recallIntervalDays,
    externalId: row.externalId,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
  };
}

export const createServicesRepository = (db: Db) => createScopedRepository(db, services);
export type ServicesRepository = ReturnType<typeof createServicesRepository>;
