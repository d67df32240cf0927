// Clinic as the API shows it, and what a PATCH may change.
import { RETENTION_MESSAGE, retentionSchema } from '../retention/retentionSettings.ts';
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
    // Consent has one setting, read in one place: requirePrivacyConsent in /api/automations.
    settings: z
      .record(z.string(), z.unknown())
      .refine((settings) => !('requireConsent' in settings), {
        message: 'requireConsent moved to requirePrivacyConsent in the automation settings (PUT /api/automations)',
        path: ['requireConsent'],
      })
      .refine((settings) => !('retention' in settings) || retentionSchema.safeParse(settings.retention).success, { message: RETENTION_MESSAGE, path: ['retention'] }),
  })
  .partial()
  .strict();

/**
 * Settings are read by every agent's inbox on every page load and by each automation run: 64 KB of JSON holds
 * every rule, price table and business-hours set a clinic has, with room to spare, and keeps a runaway client
 * from storing megabytes that everyone then downloads (checked with assertJsonSize in the route).
 */
export const MAX_SETTINGS_BYTES = 64 * 1024;

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
