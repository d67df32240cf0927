// Clinic as the API shows it, and what a PATCH may change.
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import type { ClinicRow } from './clinics.repository.ts';

export const LOCALES = ['es', 'en', 'it', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const countries = new Set<string>(getCountries());

export const timezoneSchema = z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (e.g. Europe/Madrid)');
export const countrySchema = z
  .string()
  .transform((value) => value.toUpperCase())
  .refine((value): value is CountryCode => countries.has(value), 'not an ISO 3166 country code (e.g. ES)');

export const clinicPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    timezone: timezoneSchema,
    locale: z.enum(LOCALES),
    country: countrySchema,
    phone: z.string().trim().max(40).nullable(),
    website: z.string().trim().max(300).nullable(),
    address: z.string().trim().max(500).nullable(),
    settings: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();

export function toClinic(row: ClinicRow) {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    locale: row.locale,
    country: row.country,
    phone: row.phone,
    website: row.website,
    address: row.address,
    settings: row.settings,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
