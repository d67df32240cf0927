// Business hours as a clinic (settings.businessHours) or a location (locations.opening_hours) stores them: weekly
// intervals in local time plus holidays (dates, optionally named). Clinics that only set the older
// settings.openingHours (weekly intervals) keep working: it reads as business hours without holidays.
import { z } from 'zod';
import { isoDaySchema } from '../dates.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

// "9:00" (accepted by the older openingHours) is read as "09:00" so times compare as text.
const clockTime = z
  .string()
  .regex(/^(\d|[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (24 h; 24:00 closes at midnight)')
  .transform((time) => time.padStart(5, '0'));
const intervalSchema = z
  .object({ open: clockTime, close: clockTime })
  .strict()
  .refine((interval) => interval.open < interval.close, { message: 'open must be before close', path: ['close'] });
/** Days left out are closed days. */
export const weeklyHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(intervalSchema).max(6));

const isoDate = isoDaySchema;
const holidaySchema = z.union([isoDate.transform((date) => ({ date, name: null })), z.object({ date: isoDate, name: z.string().trim().min(1).max(120).nullable().default(null) }).strict()]);

export const businessHoursSchema = z
  .object({
    weekly: weeklyHoursSchema.default({}),
    holidays: z.array(holidaySchema).max(366).default([]),
  })
  .strict();

/** A location overrides the clinic's weekly hours when it sets them, and adds its own holidays. */
export const locationHoursSchema = z.object({ weekly: weeklyHoursSchema.optional(), holidays: z.array(holidaySchema).max(366).default([]) }).strict();

export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;
export type Holiday = { date: string; name: string | null };
export type BusinessHours = { weekly: WeeklyHours; holidays: Holiday[] };
export type BusinessHoursSource = 'location' | 'clinic' | 'legacy_opening_hours' | 'none';

/** The hours that apply (a location's over the clinic's over the legacy openingHours); null when none are set. */
export function resolveBusinessHours(settings: Record<string, unknown>, locationHours?: unknown): { hours: BusinessHours | null; source: BusinessHoursSource } {
  const clinic = businessHoursSchema.safeParse(settings.businessHours);
  const legacy = weeklyHoursSchema.safeParse(settings.openingHours);
  const base: BusinessHours | null = clinic.success && settings.businessHours !== undefined ? clinic.data : legacy.success && settings.openingHours !== undefined ? { weekly: legacy.data, holidays: [] } : null;
  const location = locationHoursSchema.safeParse(locationHours);
  if (locationHours !== undefined && locationHours !== null && location.success) {
    const holidays = [...(base?.holidays ?? []), ...location.data.holidays];
    const weekly = location.data.weekly ?? base?.weekly;
    if (weekly) return { hours: { weekly, holidays }, source: 'location' };
  }
  if (base) return { hours: base, source: clinic.success && settings.businessHours !== undefined ? 'clinic' : 'legacy_opening_hours' };
  return { hours: null, source: 'none' };
}

/** Every closed date that applies: the clinic's holidays plus the location's own, even where no weekly hours are set. */
export function holidaysFor(settings: Record<string, unknown>, locationHours?: unknown): Holiday[] {
  const clinic = businessHoursSchema.safeParse(settings.businessHours ?? {});
  const location = locationHoursSchema.safeParse(locationHours ?? {});
  return [...(clinic.success ? clinic.data.holidays : []), ...(location.success ? location.data.holidays : [])];
}
