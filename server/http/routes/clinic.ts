import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { clinicPatchSchema, toClinic } from '../../modules/clinics/clinic.dto.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

export function clinicRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const clinic = await ctx.repos.clinics.get(currentUser(req).clinicId);
    if (!clinic) throw AppError.notFound('Clinic');
    res.json(toClinic(clinic));
  });

  router.patch('/', requireAdmin, async (req, res) => {
    const patch = parseInput(clinicPatchSchema, req.body ?? {});
    const clinic = await ctx.repos.clinics.update(currentUser(req).clinicId, patch);
    if (!clinic) throw AppError.notFound('Clinic');
    res.json(toClinic(clinic));
  });

  return router;
}
