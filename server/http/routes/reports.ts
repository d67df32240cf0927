// Reports: the automated-message report per purpose and period.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { channelDecisionReport } from '../../modules/automations/channelDecisionReport.ts';
import { messageReport } from '../../modules/automations/messageReport.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';
import { isoDaySchema, isoInstantSchema } from '../../modules/dates.ts';

const DAY = 86_400_000;

const periodSchema = z
  .object({ from: isoInstantSchema.or(isoDaySchema).optional(), to: isoInstantSchema.or(isoDaySchema).optional() })
  .transform(({ from, to }) => {
    const end = to ? new Date(to) : new Date();
    return { from: from ? new Date(from) : new Date(end.getTime() - 30 * DAY), to: end };
  })
  .refine(({ from, to }) => from < to, { message: 'from must be before to', path: ['from'] });

export function reportsRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/reports/messages', async (req, res) => {
    const { from, to } = parseInput(periodSchema, req.query);
    const { clinicId } = currentUser(req);
    const [items, channels] = await Promise.all([messageReport(ctx.db, clinicId, from, to), channelDecisionReport(ctx.db, clinicId, from, to)]);
    res.json({ from: from.toISOString(), to: to.toISOString(), items, channels });
  });

  return router;
}
