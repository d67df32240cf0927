import { z } from 'zod';
import type { recalls } from '../../db/schema/index.ts';
import { isoDaySchema } from '../dates.ts';

export const RECALL_STATUSES = ['pending', 'sent', 'accepted', 'rejected', 'scheduled', 'discarded'] as const;
export const RECALL_ORIGINS = ['pms', 'generated', 'manual'] as const;

const isoDate = isoDaySchema;
const repeatable = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((value) => [value].flat());

const fields = {
  patientId: z.uuid(),
  serviceId: z.uuid().nullable(),
  reason: z.string().trim().min(1).max(200),
  dueDate: isoDate,
  status: z.enum(RECALL_STATUSES),
  origin: z.enum(RECALL_ORIGINS),
  source: z.string().max(60).nullable(),
  externalId: z.string().max(200).nullable(),
};
export const recallCreateSchema = z.object(fields).partial().required({ patientId: true, reason: true, dueDate: true }).strict();
export const recallPatchSchema = z.object(fields).partial().strict();
export type RecallCreate = z.infer<typeof recallCreateSchema>;
export type RecallPatch = z.infer<typeof recallPatchSchema>;

export const recallFiltersSchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: repeatable(z.enum(RECALL_STATUSES)).optional(),
  reason: repeatable(z.string().min(1).max(200)).optional(),
  patientId: z.uuid().optional(),
});
export type RecallFilters = z.infer<typeof recallFiltersSchema>;

export type Recall = ReturnType<typeof toRecall>;

export function toRecall(row: typeof recalls.$inferSelect) {
  return {
    id: row.id,
    patientId: row.patientId,
    serviceId: row.serviceId,
    reason: row.reason,
    dueDate: row.dueDate,
    status: row.status,
    statusReason: row.statusReason,
    origin: row.origin,
    externalId: row.externalId,
    source: row.source,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
