// Login, logout and "who am I"; two-factor settings under /totp (twoFactor.ts). Login is rate limited per address,
// per account and overall (loginLimits.ts), and asks for a two-factor code from those who turned it on.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { login } from '../../modules/auth/login.ts';
import { changeOwnPassword } from '../../modules/auth/changeOwnPassword.ts';
import { endUserSessions } from '../../modules/auth/endUserSessions.ts';
import { logout } from '../../modules/auth/logout.ts';
import { sessionIdOf } from '../../modules/auth/sessions.repository.ts';
import { clearSessionCookie, currentUser, optionalUser, requireUser, sessionToken, setSessionCookie } from '../middleware/auth.ts';
import { csrfTokenOf } from '../middleware/csrfToken.ts';
import { loginLimits, markPasswordAccepted } from '../middleware/loginLimits.ts';
import { parseInput } from '../validate.ts';
import { totpCodeSchema, twoFactorRoutes } from './twoFactor.ts';

// `code`: the authenticator app's, for users with two-factor on (asked for with 401 totp_required).
const loginSchema = z.object({ email: z.email(), password: z.string().min(1).max(200), code: totpCodeSchema.optional() });
const passwordSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(8).max(200) }).strict();

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const secureCookie = ctx.config.publicUrl.startsWith('https://');
  const loginLimiter = loginLimits({ db: ctx.db, trustProxy: ctx.config.trustProxy });

  router.post('/login', ...loginLimiter, async (req, res) => {
    const { email, password, code } = parseInput(loginSchema, req.body ?? {});
    const { user, session } = await login({ ...ctx.repos, secrets: ctx.secrets }, ctx.config.sessionTtlHours, email, password, code).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'totp_required') markPasswordAccepted(res);
      throw error;
    });
    setSessionCookie(res, session.token, session.expiresAt, secureCookie);
    // The CSRF token comes with the session: the UI sends it back as X-CSRF-Token on every write.
    res.json({ user, csrfToken: csrfTokenOf(session.token) });
  });

  router.post('/logout', async (req, res) => {
    const token = sessionToken(req.headers.cookie);
    if (token) await logout({ sessions: ctx.repos.sessions, events: ctx.events }, token);
    clearSessionCookie(res);
    res.status(204).end();
  });

  router.post('/password', requireUser, async (req, res) => {
    const input = parseInput(passwordSchema, req.body ?? {});
    const { id, clinicId } = currentUser(req);
    const token = sessionToken(req.headers.cookie)!;
    await changeOwnPassword({ users: ctx.repos.users, sessions: ctx.repos.sessions, events: ctx.events }, { id, clinicId, sessionId: sessionIdOf(token) }, input);
    res.status(204).end();
  });

  /** "Sign out everywhere": every session of this user ends, this one included, and their sockets close. */
  router.post('/logout-all', requireUser, async (req, res) => {
    await endUserSessions({ sessions: ctx.repos.sessions, events: ctx.events }, currentUser(req).id);
    clearSessionCookie(res);
    res.status(204).end();
  });

  router.use('/totp', twoFactorRoutes(ctx));

  /** Like /me, but "nobody" is an answer rather than a 401: the UI asks it on every page load. */
  router.get('/session', (req, res) => {
    const user = optionalUser(req);
    const token = sessionToken(req.headers.cookie);
    if (!user || !token) return void res.json({ user: null });
    res.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role, clinicId: user.clinicId }, csrfToken: csrfTokenOf(token) });
  });

  router.get('/me', requireUser, (req, res) => {
    const { id, email, name, role, clinicId } = currentUser(req);
    res.json({ user: { id, email, name, role, clinicId }, csrfToken: csrfTokenOf(sessionToken(req.headers.cookie)!) });
  });

  return router;
}
