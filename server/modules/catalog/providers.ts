// Providers (clinicians, resources): who the appointment is with.
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { createScopedRepository } from '../../db/scopedRepository.ts';
import { providers } from '../../db/schema/index.ts';

const fields = {
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100),
  phone: z.string().trim().max(40).nullable(),
  email: z.email().nullable(),
  messagingEnabled: z.boolean(),
  source: z.string().max(60).nullable(),
  externalId: z.string().max(200).nullable(),
};
export const providerCreateSchema = z.object(fields).partial().required({ firstName: true }).strict();
export const providerPatchSchema = z.object(fields).partial().strict();

export function toProvider(row: typeof providers.$inferSelect) {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    phone: row.phone,
    email: row.email,
    messagingEnabled: row.messagingEnabled,
    externalId: row.externalId,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
  };
}

export const createProvidersRepository = (db: Db) => createScopedRepository(db, providers);
export type ProvidersRepository = ReturnType<typeof createProvidersRepository>;
