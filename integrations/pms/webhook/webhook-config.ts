import { z } from 'zod';

/** A push-webhook connector as stored per clinic. `secret` signs every push and is write-only in the API. */
export const webhookConfigSchema = z.object({ secret: z.string().min(16, 'must have at least 16 characters').max(200) }).strict();

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const WEBHOOK_SECRET_KEYS = ['secret'] as const;
