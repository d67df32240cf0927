// Whether the clinic (or one of its locations) is open now and when it opens next, for the inbox header.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { resolveBusinessHours } from '../../modules/businessHours/businessHours.schema.ts';
import { openingState } from '../../modules/businessHours/openingState.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

const querySchema = z.object({ locationId: z.uuid().optional() });

export function businessHoursRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/clinic/business-hours', async (req, res) => {
    const { clinicId } = currentUser(req);
    const { locationId } = parseInput(querySchema, req.query);
    const clinic = await ctx.repos.clinics.get(clinicId);
    if (!clinic) throw AppError.notFound('Clinic');
    const location = locationId ? await ctx.repos.locations.get(clinicId, locationId) : null;
    if (locationId && !location) throw new AppError('not_found', 404, 'locationId: Location not found', 'locationId');
    const { hours, source } = resolveBusinessHours(clinic.settings, location?.openingHours ?? undefined);
    const state = hours ? openingState(hours, new Date(), clinic.timezone) : null;
    res.json({
      timezone: clinic.timezone,
      locationId: location?.id ?? null,
      source,
      /** null when no hours are set (the inbox then shows nothing). */
      open: state?.open ?? null,
      holiday: state?.holiday ?? null,
      closesAt: state?.closesAt?.toISOString() ?? null,
      nextOpening: state?.nextOpening?.toISOString() ?? null,
      weekly: hours?.weekly ?? null,
      holidays: hours?.holidays ?? [],
    });
  });

  return router;
}
