import { z } from 'zod';

const contentSid = z.string().regex(/^HX[0-9a-zA-Z]+$/, 'Twilio content template SIDs start with HX');

/**
 * One WhatsApp content template for one of our template keys. The plain SID (`HX…`) fills {{1}}, {{2}}… with
 * the merge fields in the order our template prints them; `{ sid, variables: { "1": "patient.firstName" } }`
 * says which merge field each of the content template's variables takes.
 */
export const twilioContentTemplateSchema = z.union([
  contentSid,
  z.object({
    sid: contentSid,
    variables: z.record(
      z.string().regex(/^[0-9A-Za-z_]{1,16}$/, 'Twilio variable names are up to 16 letters or digits'),
      z.string().regex(/^[a-z]+\.[a-zA-Z]+$/, 'a merge field such as patient.firstName'),
    ),
  }),
]);
export type TwilioContentTemplate = z.infer<typeof twilioContentTemplateSchema>;

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
    /** WhatsApp content templates with native buttons, by our template key (`reminder` → `HX…` or `{ sid, variables }`). */
    contentTemplates: z.record(z.string(), twilioContentTemplateSchema).default({}),
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
