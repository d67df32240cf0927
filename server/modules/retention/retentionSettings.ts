// How long a clinic keeps what patients and staff wrote: `settings.retention.messageMonths` on the clinic
// (PATCH /api/clinic). Unset or null keeps everything (the default); the clinic decides, as its records policy says.
import { z } from 'zod';

export const retentionSchema = z.object({ messageMonths: z.number().int().min(1).max(120).nullable().default(null) }).strict();

export const RETENTION_MESSAGE = 'retention.messageMonths: a whole number of months from 1 to 120, or null to keep everything';

export function messageRetentionMonths(settings: Record<string, unknown>): number | null {
  const parsed = retentionSchema.safeParse(settings.retention ?? {});
  return parsed.success ? parsed.data.messageMonths : null;
}
