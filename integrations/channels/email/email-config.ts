import { z } from 'zod';

/** An SMTP account per clinic; mail goes out From the clinic's own address. `password` is write-only in the API. */
export const emailConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().positive().default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  from: z.email(),
  fromName: z.string().min(1).optional(),
  replyTo: z.email().optional(),
  timeoutMs: z.number().int().positive().default(15_000),
  ratePerSecond: z.number().positive().optional(),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;
