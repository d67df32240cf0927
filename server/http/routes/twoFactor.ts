// Two-factor sign-in (TOTP) for a staff member's own account, under /api/auth/totp: admins enrol (setup, then
// enable with a first code); whoever has it on can turn it off with their password and a code. Login then asks
// for a code (modules/auth/login.ts).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { disableTwoFactor } from '../../modules/auth/disableTwoFactor.ts';
import { enableTwoFactor } from '../../modules/auth/enableTwoFactor.ts';
import { sessionIdOf } from '../../modules/auth/sessions.repository.ts';
import { setUpTwoFactor } from '../../modules/auth/setUpTwoFactor.ts';
import { currentUser, requireAdmin, requireUser, sessionToken } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

/** Six digits as the app shows them; spaces (apps group them "123 456") are dropped. */
export const totpCodeSchema = z
  .string()
  .max(20)
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'the 6 digits your authenticator app shows'));

const enableSchema = z.object({ code: totpCodeSchema }).strict();
const disableSchema = z.object({ password: z.string().min(1).max(200), code: totpCodeSchema }).strict();

export function twoFactorRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', requireUser, async (req, res) => {
    const { id, clinicId } = currentUser(req);
    const row = await ctx.repos.users.get(clinicId, id);
    res.json({ enabled: Boolean(row?.totpEnabledAt) });
  });

  router.post('/setup', requireAdmin, async (req, res) => {
    parseInput(z.object({}).strict(), req.body ?? {});
    res.json(await setUpTwoFactor({ users: ctx.repos.users, secrets: ctx.secrets }, currentUser(req)));
  });

  router.post('/enable', requireAdmin, async (req, res) => {
    const { code } = parseInput(enableSchema, req.body ?? {});
    const { id, clinicId } = currentUser(req);
    const sessionId = sessionIdOf(sessionToken(req.headers.cookie)!);
    await enableTwoFactor({ users: ctx.repos.users, sessions: ctx.repos.sessions, events: ctx.events, audit: ctx.repos.audit, secrets: ctx.secrets }, { id, clinicId, sessionId }, code);
    res.json({ enabled: true });
  });

  router.post('/disable', requireUser, async (req, res) => {
    const input = parseInput(disableSchema, req.body ?? {});
    await disableTwoFactor({ users: ctx.repos.users, audit: ctx.repos.audit, secrets: ctx.secrets }, currentUser(req), input);
    res.json({ enabled: false });
  });

  return router;
}
