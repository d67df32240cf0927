import { z } from 'zod';

/** A Twilio channel (SMS or WhatsApp) as stored per clinic. `authToken` is write-only in the API. */
export const twilioConfigSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-zA-Z]{10,}$/, 'Twilio account SIDs start with AC'),
    authToken: z.string().min(8),
    /** `+15551234567`, or `whatsapp:+15551234567` for WhatsApp (the prefix is added when missing). */
    from: z.string().min(3).optional(),
    messagingServiceSid: z.string().regex(/^MG[0-9a-zA-Z]+$/).optional(),
    /** Where the REST API lives; a local stand-in in tests. */
    apiBaseUrl: z.url().optional(),
    /** WhatsApp content templates with native buttons, by our template key (`reminder` → `HX…`). */
    contentTemplates: z.record(z.string(), z.string().regex(/^HX[0-9a-zA-Z]+$/)).default({}),
    /** Messages per second for this sender; defaults follow Twilio's limits (delivery/rate-limits.ts). */
    ratePerSecond: z.number().positive().optional(),
    timeoutMs: z.number().int().positive().default(15_000),
  })
  .refine((config) => config.from !== undefined || config.messagingServiceSid !== undefined, {
    message: 'from or messagingServiceSid is required',
    path: ['from'],
  });

export type TwilioConfig = z.infer<typeof twilioConfigSchema>;

export const TWILIO_SECRET_KEYS = ['authToken'] as const;
