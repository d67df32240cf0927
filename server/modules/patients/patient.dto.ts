// Patient as the API shows it, and the input it accepts.
import { z } from 'zod';
import { CHANNEL_KINDS } from '../../../integrations/channels/channel.ts';
import { LOCALES } from '../clinics/clinic.dto.ts';
import type { patients } from '../../db/schema/index.ts';

/** A patient prefers one of the channels' kinds, or no messages at all. */
export const PREFERRED_CHANNELS = [...CHANNEL_KINDS, 'none'] as const;
export const OPT_OUT_CHANNELS = CHANNEL_KINDS;

export const patientInputSchema = z
  .object({
    firstName: z.string().trim().max(100).default(''),
    lastName: z.string().trim().max(100).default(''),
    phones: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
    email: z.email().nullable().optional(),
    locale: z.enum(LOCALES).nullable().optional(),
    preferredChannel: z.enum(PREFERRED_CHANNELS).nullable().optional(),
    privacyConsent: z.boolean().default(false),
    optOuts: z.array(z.enum(OPT_OUT_CHANNELS)).default([]),
    reminderLeadHours: z.array(z.number().int().min(1).max(24 * 30)).max(2).nullable().optional(),
    notes: z.string().max(5000).nullable().optional(),
    externalIds: z.record(z.string().min(1).max(60), z.string().min(1).max(200)).default({}),
  })
  .strict()
  // Someone staff can name and the clinic can reach; nameless patients come only from inbound messages.
  .refine((patient) => patient.firstName !== '' || patient.lastName !== '', { message: 'a patient needs a name (firstName or lastName)', path: ['firstName'] })
  .refine((patient) => patient.phones.length > 0 || Boolean(patient.email), { message: 'a patient needs a phone or an e-mail', path: ['phones'] });
export type PatientInput = z.infer<typeof patientInputSchema>;

export const patientPatchSchema = z
  .object({
    firstName: z.string().trim().max(100),
    lastName: z.string().trim().max(100),
    phones: z.array(z.string().trim().min(1).max(40)).max(10),
    email: z.email().nullable(),
    locale: z.enum(LOCALES).nullable(),
    preferredChannel: z.enum(PREFERRED_CHANNELS).nullable(),
    privacyConsent: z.boolean(),
    optOuts: z.array(z.enum(OPT_OUT_CHANNELS)),
    reminderLeadHours: z.array(z.number().int().min(1).max(24 * 30)).max(2).nullable(),
    notes: z.string().max(5000).nullable(),
    externalIds: z.record(z.string().min(1).max(60), z.string().min(1).max(200)),
  })
  .partial()
  .strict();
export type PatientPatch = z.infer<typeof patientPatchSchema>;

export const patientListQuerySchema = z.object({ q: z.string().trim().max(100).optional() });

type PatientRow = typeof patients.$inferSelect;

export type Patient = ReturnType<typeof toPatient>;

export function toPatient(row: PatientRow, externalIds: Record<string, string>) {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    phones: row.phones,
    email: row.email,
    locale: row.locale,
    preferredChannel: row.preferredChannel,
    privacyConsent: row.privacyConsent,
    optOuts: row.optOuts,
    reminderLeadHours: row.reminderLeadHours,
    notes: row.notes,
    externalIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
