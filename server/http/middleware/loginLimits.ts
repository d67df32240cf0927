// Brute-force protection for POST /auth/login, three limits deep, each counting wrong passwords only (a 401, or an
// attempt refused by a limit further on; a 400 or a login that works gives its attempt back):
//   - per client address (the socket's, or what the configured proxies say: TRUST_PROXY), so one machine cannot try
//     many accounts: 20 wrong passwords in 15 minutes;
//   - per account (the e-mail, from whatever address), so a botnet rotating addresses cannot try one account many
//     times: 10 in 15 minutes;
//   - for the whole platform, so slow spraying from many addresses over many accounts still meets a ceiling.
// Going over a limit locks that key out, twice as long each time it happens again (LockoutStore). The counters live
// in the database, so every instance behind the load balancer counts the same attempts.
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { TrustProxy } from '../../config/env.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { clientAddress } from './clientAddress.ts';
import { LockoutStore, type LockoutPolicy } from './lockoutStore.ts';

export type LoginLimitPolicies = { address: LockoutPolicy; account: LockoutPolicy; platform: LockoutPolicy };

const MINUTE = 60_000;

export const LOGIN_LIMITS: LoginLimitPolicies = {
  address: { windowMs: 15 * MINUTE, limit: 20, maxLockoutMs: 4 * 60 * MINUTE },
  account: { windowMs: 15 * MINUTE, limit: 10, maxLockoutMs: 4 * 60 * MINUTE },
  // No growing lockout here: while it lasts nobody can log in, so it ends with its window.
  platform: { windowMs: 15 * MINUTE, limit: 500, maxLockoutMs: 15 * MINUTE },
};

export type LoginLimitsOptions = {
  db: Db;
  trustProxy: TrustProxy;
  policies?: LoginLimitPolicies;
  /** The limits' clock (tests move it). */
  now?: () => Date;
};

/** The middleware chain to put in front of the login handler. */
export function loginLimits(options: LoginLimitsOptions): RequestHandler[] {
  const policies = options.policies ?? LOGIN_LIMITS;
  const addressOf = clientAddress(options.trustProxy);
  const limiter = (name: keyof LoginLimitPolicies, keyOf: (body: unknown, address: string) => string | null): RequestHandler => {
    const policy = policies[name];
    const store = new LockoutStore({ db: options.db, prefix: `login:${name}:`, policy, ...(options.now ? { now: options.now } : {}) });
    const settings: Partial<Options> = {
      windowMs: policy.windowMs,
      limit: policy.limit,
      store,
      identifier: `login-${name}`,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_req, res) => !COUNTED_STATUSES.has(res.statusCode) || res.locals[PASSWORD_ACCEPTED] === true,
      skip: (req) => keyOf(req.body, addressOf(req)) === null,
      keyGenerator: (req) => keyOf(req.body, addressOf(req)) ?? '',
      handler: (_req, _res, next) => next(new AppError('rate_limited', 429, 'Too many login attempts; try again later')),
    };
    return rateLimit(settings);
  };
  return [
    limiter('address', (_body, address) => ipKeyGenerator(address, 56)),
    limiter('account', (body) => accountKey(body)),
    limiter('platform', () => 'all'),
  ];
}

/** A wrong password, and an attempt a limit further on refused: what a guesser causes. */
const COUNTED_STATUSES = new Set([401, 429]);

const PASSWORD_ACCEPTED = 'loginPasswordAccepted';

/**
 * The login's 401 only asks for the second factor (`totp_required`): the password was right, nothing was guessed,
 * so the attempt is given back. A wrong code (`totp_invalid`) is a guess and counts like a wrong password.
 */
export function markPasswordAccepted(res: Response): void {
  res.locals[PASSWORD_ACCEPTED] = true;
}

/** The e-mail, hashed: the table of counters holds no staff addresses. Null: no e-mail to count against. */
function accountKey(body: unknown): string | null {
  const email = typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  return email ? createHash('sha256').update(email).digest('hex').slice(0, 40) : null;
}
