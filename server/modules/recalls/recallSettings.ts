// The clinic's recall settings, read from clinic settings (PATCH /api/clinic {"settings": {"recalls": {…}}}):
// defaultIntervalDays applies to every treatment whose service has no interval of its own (seed 001's
// "default period"); leadDays generates recalls that many days before they fall due. Bad values are ignored.
import { z } from 'zod';

export type RecallSettings = { defaultIntervalDays: number | null; leadDays: number };

const schema = z.object({
  defaultIntervalDays: z.number().int().min(1).max(3650).nullable().optional().catch(undefined),
  leadDays: z.number().int().min(0).max(365).optional().catch(undefined),
});

export function recallSettings(settings: Record<string, unknown>): RecallSettings {
  const parsed = schema.safeParse(settings.recalls ?? {});
  const value = parsed.success ? parsed.data : {};
  return { defaultIntervalDays: value.defaultIntervalDays ?? null, leadDays: value.leadDays ?? 0 };
}
