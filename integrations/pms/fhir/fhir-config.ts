import { z } from 'zod';

/** A FHIR R4 server as stored per clinic. `token` and `password` are write-only in the API. */
export const fhirConfigSchema = z
  .object({
    /** The FHIR base, e.g. `https://pms.example.com/fhir/r4` (no trailing resource type). */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** Bearer token; or `username` + `password` for basic auth; or neither for an open server. */
    token: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** Entries asked per Bundle page (`_count`). */
    pageSize: z.number().int().min(1).max(1000).default(100),
    timeoutMs: z.number().int().positive().max(120_000).default(30_000),
  })
  .refine((config) => (config.username === undefined) === (config.password === undefined), {
    message: 'username and password go together',
    path: ['password'],
  })
  .refine((config) => !(config.token && config.username), { message: 'use either a token or username/password, not both', path: ['token'] });

export type FhirConfig = z.infer<typeof fhirConfigSchema>;

export const FHIR_SECRET_KEYS = ['token', 'password'] as const;
