// A Cliniko account as stored per clinic. The API key carries its shard (`…-uk1`), which names the API host
// (https://docs.api.cliniko.com/guides/urls); `apiKey` is write-only in our API.
import { z } from 'zod';

/** Documented shard ids look like `au1`, `uk2`, `ca1` (the docs advise validating `/\w{2}\d{1,2}/`). */
const SHARD = /^[a-z]{2}\d{1,2}$/i;

export const clinikoConfigSchema = z.object({
  /** The Cliniko user's API key, shard suffix included (`MS0x…-au1`); keys issued before sharding have none (au1). */
  apiKey: z.string().trim().min(8).max(300),
  /**
   * Cliniko requires a `User-Agent` naming the app and a contact e-mail (`Clinic Inbox (it@clinic.example)`),
   * so it can reach whoever runs the integration.
   */
  contactEmail: z.email(),
  appName: z.string().trim().min(1).max(60).default('Clinic Inbox'),
  /** Overrides `https://api.<shard>.cliniko.com/v1` (a proxy, or a local stand-in in tests). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Records asked per page (`per_page`, Cliniko allows at most 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  timeoutMs: z.number().int().positive().max(120_000).default(30_000),
});

export type ClinikoConfig = z.infer<typeof clinikoConfigSchema>;

export const CLINIKO_SECRET_KEYS = ['apiKey'] as const;

/** The API base for this key: its shard's host, `au1` for keys without one, or the configured override. */
export function clinikoBaseUrl(config: Pick<ClinikoConfig, 'apiKey' | 'baseUrl'>): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, '');
  const suffix = config.apiKey.trim().split('-').at(-1) ?? '';
  const shard = config.apiKey.includes('-') && SHARD.test(suffix) ? suffix.toLowerCase() : 'au1';
  return `https://api.${shard}.cliniko.com/v1`;
}
