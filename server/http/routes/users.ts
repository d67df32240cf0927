// Staff accounts: every colleague can see the team (to assign conversations); only admins manage it.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { endUserSessions } from '../../modules/auth/endUserSessions.ts';
import { hashPassword } from '../../modules/auth/passwords.ts';
import { sessionIdOf } from '../../modules/auth/sessions.repository.ts';
import { toUser } from '../../modules/users/users.repository.ts';
import { currentUser, requireAdmin, sessionToken } from '../middleware/auth.ts';
import { parseInput, parsePatch } from '../validate.ts';
import { parseId } from './crud.ts';
import { takenEmailLimit } from '../middleware/takenEmailLimit.ts';

const createSchema = z
  .object({
    email: z.email(),
    name: z.string().trim().max(200).optional(),
    role: z.enum(['admin', 'agent']).default('agent'),
    password: z.string().min(8).max(200).optional(),
  })
  .strict();
const patchSchema = z
  .object({ name: z.string().trim().max(200), role: z.enum(['admin', 'agent']), active: z.boolean(), password: z.string().min(8).max(200) })
  .partial()
  .strict();

export function usersRoutes(ctx: AppContext): Router {
  const router = Router();
  const { users } = ctx.repos;

  router.get('/', async (req, res) => {
    const rows = await users.list(currentUser(req).clinicId);
    res.json({ items: rows.map(toUser), nextCursor: null });
  });

  router.post('/', requireAdmin, takenEmailLimit(ctx.db), async (req, res) => {
    const input = parseInput(createSchema, req.body ?? {});
    if (await users.findByEmail(input.email)) throw AppError.conflict('email: a user with this e-mail already exists', 'email');
    // Without a password the admin gets a one-time generated one to hand over.
    const password = input.password ?? randomBytes(9).toString('base64url');
    const row = await users.insert({
      clinicId: currentUser(req).clinicId,
      email: input.email.toLowerCase(),
      name: input.name ?? null,
      role: input.role,
      passwordHash: await hashPassword(password),
    });
    res.status(201).json({ ...toUser(row), ...(input.password ? {} : { generatedPassword: password }) });
  });

  router.patch('/:id', requireAdmin, async (req, res) => {
    const me = currentUser(req);
    const id = parseId(req.params.id, 'User');
    if (!(await users.get(me.clinicId, id))) throw AppError.notFound('User');
    const { password, ...patch } = parsePatch(patchSchema, req.body ?? {});
    if (id === me.id && (patch.role === 'agent' || patch.active === false)) {
      throw AppError.conflict('You cannot demote or deactivate yourself; ask another admin');
    }
    const row = await users.update(me.clinicId, id, { ...patch, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    if (!row) throw AppError.notFound('User');
    // A deactivated colleague, or one with a new password, is logged out everywhere; admins changing their own
    // password keep the session they did it from (they just proved they are themselves) and lose the others.
    if (patch.active === false || password) {
      const token = id === me.id ? sessionToken(req.headers.cookie) : undefined;
      await endUserSessions({ sessions: ctx.repos.sessions, events: ctx.events }, id, token ? sessionIdOf(token) : undefined);
    }
    res.json(toUser(row));
  });

  return router;
}
