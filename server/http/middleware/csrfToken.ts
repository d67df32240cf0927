// Forged writes (CSRF), second line: a cookie-authenticated write must also carry the session's CSRF token in
// `X-CSRF-Token`, which only a page that could read our own API answers (login, /auth/me, /auth/session) knows.
//
// A synchronizer token, derived rather than stored: HMAC-SHA256 keyed by the session token. It needs no table
// and no server secret, is bound to one session (another session's token is wrong), ends with it, and does not
// reveal the session token it comes from. Not a double-submit cookie: the pages this guards against are on another
// port or subdomain of the same site, and those can write cookies for our host, so a token echoed from a cookie
// would prove nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../../errors.ts';
import { optionalUser, sessionToken } from './auth.ts';

export const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF token of the session a cookie's token opens. */
export function csrfTokenOf(sessionTokenValue: string): string {
  return createHmac('sha256', sessionTokenValue).update('clinic-inbox csrf v1').digest('base64url');
}

/**
 * Refuses (403 csrf_token) a POST/PUT/PATCH/DELETE whose session cookie opened a session (loadSession ran before)
 * but whose `X-CSRF-Token` is missing or not that session's. A request no cookie authenticates passes: it has no
 * ambient authority to abuse, and its route answers 401 itself. Login is authenticated by the password it sends.
 */
export const requireCsrfToken: RequestHandler = (req, _res, next) => {
  if (!STATE_CHANGING.has(req.method) || req.path === '/auth/login') return next();
  const token = sessionToken(req.headers.cookie);
  if (!token || !optionalUser(req)) return next();
  const sent = req.get(CSRF_HEADER);
  if (sent === undefined || sent === '') return next(new AppError('csrf_token', 403, 'X-CSRF-Token: missing; reload the page to get one'));
  next(sameToken(sent, csrfTokenOf(token)) ? undefined : new AppError('csrf_token', 403, 'X-CSRF-Token: not this session’s; reload the page'));
};

/** Constant-time comparison; a length mismatch tells nothing secret (every token has the same length). */
function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
