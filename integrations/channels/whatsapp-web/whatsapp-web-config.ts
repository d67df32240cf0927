import { z } from 'zod';
import { DEFAULT_PACING } from './send-pacer.ts';

/** A WhatsApp Web session (Baileys). No secrets here: the session keys live in the channel's state store. */
export const whatsAppWebConfigSchema = z.object({
  /** The clinic's WhatsApp number in E.164: pair with a code typed on the phone instead of scanning a QR. */
  pairingPhone: z.string().regex(/^\+\d{6,15}$/, 'E.164, e.g. +34911222333').optional(),
  minGapMs: z.number().int().min(0).default(DEFAULT_PACING.minGapMs),
  maxGapMs: z.number().int().min(0).default(DEFAULT_PACING.maxGapMs),
  sameChatGapMs: z.number().int().min(0).default(DEFAULT_PACING.sameChatGapMs),
  /** Warn (log) when a day's sends reach this: new numbers get banned for volume. */
  dailyWarnAt: z.number().int().positive().default(DEFAULT_PACING.dailyWarnAt),
  ratePerSecond: z.number().positive().optional(),
});

export type WhatsAppWebConfig = z.infer<typeof whatsAppWebConfigSchema>;
