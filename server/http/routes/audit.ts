// GET /api/audit: who read, exported, changed or erased which patient or conversation (admins only).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { pageQuerySchema } from '../../db/pagination.ts';
import { isoDaySchema, isoInstantSchema } from '../../modules/dates.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

const filtersSchema = z.object({
  patientId: z.uuid().optional(),
  from: isoInstantSchema.or(isoDaySchema).optional(),
  to: isoInstantSchema.or(isoDaySchema).optional(),
});

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/audit', requireAdmin, async (req, res) => {
    const page = parseInput(pageQuerySchema, req.query);
    const { patientId, from, to } = parseInput(filtersSchema, req.query);
    res.json(await ctx.repos.audit.list(currentUser(req).clinicId, { ...page, filters: { patientId, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined } }));
  });
  return router;
}
