// The dates a clinic can mean: years 1900–2200. A birth year, a 10-year recall or a booking far ahead all fit;
// year 9999 or 0001 is a typo or a PMS placeholder, and stored it breaks sorting, reminders and time-zone maths
// (and PostgreSQL refuses some of them outright). Every input date goes through these schemas.
import { z } from 'zod';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const BOUNDS_MESSAGE = `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`;

/** An instant with its offset (`2026-06-03T09:30:00+02:00`), within the years a clinic can mean. */
export const isoInstantSchema = z.iso.datetime({ offset: true }).refine((value) => isWithinYears(new Date(value)), BOUNDS_MESSAGE);

/** A calendar day (`2026-06-03`), within the years a clinic can mean. */
export const isoDaySchema = z.iso.date().refine((value) => isWithinYears(new Date(`${value}T12:00:00Z`)), BOUNDS_MESSAGE);

export function isWithinYears(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** For records that arrive already parsed (a PMS sync): the same bound, as a reason or null. */
export function outOfYears(field: string, value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = typeof value === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value) : value;
  return isWithinYears(date) ? null : `${field}: ${BOUNDS_MESSAGE}`;
}
