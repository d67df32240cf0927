// Staff e-mails are unique across the platform (login asks for nothing else), so "this e-mail is taken" on
// POST /users also tells an admin that the address has an account somewhere, maybe in another clinic. The answer
// never says where; this limit keeps it from being asked at scale: after 10 "taken" answers in a day, one admin's
// further attempts to add users wait (429) until the day is over. Mounted after requireAdmin.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { currentUser } from './auth.ts';
import { LockoutStore, type LockoutPolicy } from './lockoutStore.ts';

const DAY = 24 * 60 * 60_000;
export const TAKEN_EMAIL_LIMIT: LockoutPolicy = { windowMs: DAY, limit: 10, maxLockoutMs: DAY };

export function takenEmailLimit(db: Db, options: { policy?: LockoutPolicy; now?: () => Date } = {}): RequestHandler {
  const policy = options.policy ?? TAKEN_EMAIL_LIMIT;
  return rateLimit({
    windowMs: policy.windowMs,
    limit: policy.limit,
    store: new LockoutStore({ db, prefix: 'users:taken-email:', policy, ...(options.now ? { now: options.now } : {}) }),
    standardHeaders: false,
    legacyHeaders: false,
    // Only the "taken" answers count: adding colleagues with new addresses uses none of the allowance.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 409 && res.statusCode !== 429,
    keyGenerator: (req) => currentUser(req).id,
    handler: (_req, _res, next) => next(new AppError('rate_limited', 429, 'Too many e-mails that cannot be used; try again tomorrow')),
  });
}
