import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { clinicPatchSchema, MAX_SETTINGS_BYTES, toClinic } from '../../modules/clinics/clinic.dto.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { assertJsonSize, parseInput, parsePatch } from '../validate.ts';
import { z } from 'zod';
import { businessHoursSchema } from '../../modules/businessHours/businessHours.schema.ts';

const businessHoursSettingSchema = z.object({ settings: z.object({ businessHours: businessHoursSchema }) });

export function clinicRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const clinic = await ctx.repos.clinics.get(currentUser(req).clinicId);
    if (!clinic) throw AppError.notFound('Clinic');
    res.json(toClinic(clinic));
  });

  router.patch('/', requireAdmin, async (req, res) => {
    const patch = parsePatch(clinicPatchSchema, req.body ?? {});
    // Business hours are checked here (the rest of settings is free-form); stored as parsed, holidays as objects.
    if (patch.settings?.businessHours !== undefined) {
      patch.settings = { ...patch.settings, businessHours: parseInput(businessHoursSettingSchema, { settings: { businessHours: patch.settings.businessHours } }).settings.businessHours };
    }
    if (patch.settings !== undefined) assertJsonSize('settings', patch.settings, MAX_SETTINGS_BYTES);
    const clinic = await ctx.repos.clinics.update(currentUser(req).clinicId, patch);
    if (!clinic) throw AppError.notFound('Clinic');
    res.json(toClinic(clinic));
  });

  return router;
}
