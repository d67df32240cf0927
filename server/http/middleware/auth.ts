// Staff authentication: a database-backed session behind an httpOnly, SameSite cookie.
import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { AppError } from '../../errors.ts';
import type { SessionUser, SessionsRepository } from '../../modules/auth/sessions.repository.ts';

export const SESSION_COOKIE = 'ci_session';

const userByRequest = new WeakMap<Request, SessionUser>();

/** Resolves the session cookie (if any) to the logged-in user; never rejects by itself. */
export function loadSession(sessions: SessionsRepository): RequestHandler {
  return async (req, _res, next) => {
    const token = sessionToken(req.headers.cookie);
    if (token) {
      const user = await sessions.findUser(token);
      if (user) userByRequest.set(req, user);
    }
    next();
  };
}

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookie(cookieHeader)[SESSION_COOKIE] || undefined;
}

export const requireUser: RequestHandler = (req, _res, next) => {
  next(userByRequest.has(req) ? undefined : AppError.unauthenticated());
};

export const requireAdmin: RequestHandler = (req, _res, next) => {
  const user = userByRequest.get(req);
  if (!user) return next(AppError.unauthenticated());
  next(user.role === 'admin' ? undefined : AppError.forbidden('Only a clinic admin can do this'));
};

export function optionalUser(req: Request): SessionUser | null {
  return userByRequest.get(req) ?? null;
}

/** The logged-in user of a request that passed requireUser. */
export function currentUser(req: Request): SessionUser {
  const user = userByRequest.get(req);
  if (!user) throw AppError.unauthenticated();
  return user;
}

export function setSessionCookie(res: Response, token: string, expiresAt: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, expires: expiresAt, path: '/' });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}
