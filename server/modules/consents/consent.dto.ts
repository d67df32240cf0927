// A consent change as staff (or a web form, or the PMS through the API) state it, and a patient's consents as
// the patient panel shows them: each purpose per kind of channel, with whether the patient chose it.
import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelKind } from '../../../integrations/channels/channel.ts';
import { CONSENT_PURPOSES } from '../../db/schema/consents.ts';
import { MESSAGE_PURPOSES, PURPOSE_DEFAULTS, type ConsentChoices, type MessagePurpose } from './consentPurposes.ts';

/** Sources a person can state a change from; patient keywords and providers' unsubscribes come only from their own paths. */
export const STATED_SOURCES = ['reception', 'web_form', 'pms'] as const;

export const consentChangeSchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    /** The kind of channel; null (or left out) only for the privacy consent, which covers every channel. */
    channel: z.enum(CHANNEL_KINDS).nullable().default(null),
    granted: z.boolean(),
    source: z.enum(STATED_SOURCES).default('reception'),
    textShown: z.string().trim().max(4000).nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .strict()
  .refine((change) => (change.purpose === 'privacy') === (change.channel === null), {
    message: 'channel: privacy consent covers every channel (leave channel out); every other purpose needs one',
    path: ['channel'],
  });
export type ConsentChange = z.infer<typeof consentChangeSchema>;

export type PurposeState = { purpose: MessagePurpose; byDefault: boolean; channels: Record<ChannelKind, { granted: boolean; chosen: boolean }> };

/** What holds now, per purpose and kind: the patient's choice where they made one, else the purpose's default. */
export function consentState(patient: { privacyConsent: boolean; optOuts: readonly string[]; consents: ConsentChoices }) {
  const purposes: PurposeState[] = MESSAGE_PURPOSES.map((purpose) => {
    const choices = patient.consents[purpose] ?? {};
    const channels = Object.fromEntries(
      CHANNEL_KINDS.map((kind) => [kind, { granted: choices[kind] ?? PURPOSE_DEFAULTS[purpose], chosen: choices[kind] !== undefined }]),
    ) as PurposeState['channels'];
    return { purpose, byDefault: PURPOSE_DEFAULTS[purpose], channels };
  });
  return { privacyConsent: patient.privacyConsent, optOuts: CHANNEL_KINDS.filter((kind) => patient.optOuts.includes(kind)), channels: CHANNEL_KINDS, purposes };
}
export type ConsentState = ReturnType<typeof consentState>;
