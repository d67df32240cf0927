// The only reader of process.env: parsed once at boot, fail fast with a clear message.
import { isIP } from 'node:net';
import { z } from 'zod';
import { SecretKey } from '../modules/secrets/secretBox.ts';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

// Never echo the value: it is a key.
const secretsKey = z.string().transform((value, ctx) => {
  const key = SecretKey.fromBase64(value);
  if (key) return key;
  ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64 (openssl rand -base64 32)' });
  return z.NEVER;
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOOTSTRAP_CLINIC_NAME: z.string().min(1).default('Mi clínica'),
  BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@clinic.local'),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(8, 'must have at least 8 characters').optional(),
  BOOTSTRAP_TIMEZONE: z.string().default('Europe/Madrid'),
  BOOTSTRAP_COUNTRY: z.string().length(2).default('ES'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  DEMO: booleanFlag.default(false),
  WORKER: booleanFlag.default(true),
  WHATSAPP_WEB_SESSIONS: booleanFlag.default(true),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  INSTANCE_NAME: z.string().min(1).max(200).optional(),
  INBOUND_WORKER: booleanFlag.default(true),
  INBOUND_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  INBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  SECRETS_KEY: secretsKey.optional(),
  SECRETS_KEY_PREVIOUS: secretsKey.optional(),
  SOCKET_ADAPTER: z.enum(['none', 'postgres', 'redis']).default('none'),
  REDIS_URL: z.string().optional(),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const trust = parseTrustProxy(value);
      if (typeof trust !== 'string') return trust;
      ctx.addIssue({ code: 'custom', message: trust });
      return z.NEVER;
    }),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  database: { url: string | undefined; dataDir: string; poolSize: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bootstrap: { clinicName: string; adminEmail: string; adminPassword: string | undefined; timezone: string; country: string };
  sessionTtlHours: number;
  demo: boolean;
  worker: boolean;
  realtime: { adapter: 'none' | 'postgres' | 'redis'; redisUrl: string | undefined };
  outbox: { retryBaseMs: number; maxAttempts: number };
  /** This instance's stable name: restarted under the same name, it takes back its own claims at once. */
  instanceName: string | undefined;
  /** Processing of stored inbound messages; `worker: false` leaves it to other instances (or the next start). */
  inbound: { worker: boolean; retryBaseMs: number; maxAttempts: number };
  /** Run WhatsApp Web sessions on this instance (off in tests: they would dial WhatsApp's servers). */
  whatsappWebSessions: boolean;
  /**
   * Which proxies in front of us may say who the client is (`X-Forwarded-For`), in Express's `trust proxy` terms:
   * a number of hops (0: none, the default: the socket's address is the client) or the proxies' addresses, subnets
   * and range names (`loopback`, `linklocal`, `uniquelocal`).
   */
  trustProxy: TrustProxy;
  /**
   * The key secrets in the database are sealed with, and the one they were sealed with before a rotation. Unset key:
   * a generated one kept in DATA_DIR (refused in production with DATABASE_URL, where instances must share it).
   */
  secrets: { key: SecretKey | undefined; previousKey: SecretKey | undefined };
};

export type TrustProxy = number | string[];

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SOCKET_ADAPTER === 'redis' && !e.REDIS_URL) {
    throw new ConfigError('Invalid configuration:\n  REDIS_URL: required when SOCKET_ADAPTER=redis');
  }
  if (e.NODE_ENV === 'production' && e.DATABASE_URL && !e.SECRETS_KEY) {
    // A key file on one machine would leave the other instances unable to read what it sealed.
    throw new ConfigError('Invalid configuration:\n  SECRETS_KEY: required with DATABASE_URL in production, the same on every instance (openssl rand -base64 32)');
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, poolSize: e.DB_POOL_SIZE },
    logLevel: e.LOG_LEVEL,
    bootstrap: {
      clinicName: e.BOOTSTRAP_CLINIC_NAME,
      adminEmail: e.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(),
      adminPassword: e.BOOTSTRAP_ADMIN_PASSWORD,
      timezone: e.BOOTSTRAP_TIMEZONE,
      country: e.BOOTSTRAP_COUNTRY.toUpperCase(),
    },
    sessionTtlHours: e.SESSION_TTL_HOURS,
    demo: e.DEMO,
    worker: e.WORKER && !argv.includes('--no-worker'),
    realtime: { adapter: e.SOCKET_ADAPTER, redisUrl: e.REDIS_URL },
    outbox: { retryBaseMs: e.OUTBOX_RETRY_BASE_MS, maxAttempts: e.OUTBOX_MAX_ATTEMPTS },
    // Set it to the pod's name; unset, the host's name (see server/instanceIdentity.ts).
    instanceName: e.INSTANCE_NAME,
    inbound: { worker: e.INBOUND_WORKER, retryBaseMs: e.INBOUND_RETRY_BASE_MS, maxAttempts: e.INBOUND_MAX_ATTEMPTS },
    whatsappWebSessions: e.WHATSAPP_WEB_SESSIONS,
    trustProxy: e.TRUST_PROXY,
    secrets: { key: e.SECRETS_KEY, previousKey: e.SECRETS_KEY_PREVIOUS },
  };
}

const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `2` → two hops; `10.0.0.1, 10.1.0.0/16, loopback` → those proxies; unset → 0 (trust nobody). `true` ("every hop")
 * is refused: it lets any client choose the address it is counted under. A string answer is the problem found.
 */
function parseTrustProxy(value: string | undefined): TrustProxy | string {
  if (value === undefined) return 0;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) <= 20 ? Number(text) : 'at most 20 hops';
  if (['false', 'none', 'no'].includes(text)) return 0;
  if (['true', 'yes', 'all'].includes(text)) return 'give the number of proxies in front of the server or their addresses, not "trust every hop"';
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const wrong = entries.find((entry) => !isTrustEntry(entry));
  return wrong === undefined ? entries : `"${wrong}" is neither a number of hops, an address, a subnet (10.0.0.0/8) nor one of ${TRUST_PROXY_NAMES.join(', ')}`;
}

function isTrustEntry(entry: string): boolean {
  if (TRUST_PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

// An empty variable (FOO=) means "unset", as in most twelve-factor apps.
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
