// Automation rules (GET for everyone in the clinic, PUT for admins) and the alerts reception sends by hand.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { alertProviderUnavailable } from '../../modules/automations/alertProviderUnavailable.ts';
import { alertRunningLate } from '../../modules/automations/alertRunningLate.ts';
import type { AutomationDeps } from '../../modules/automations/automationDeps.ts';
import { automationSettingsSchema } from '../../modules/automations/automationSettings.ts';
import { channelAvailability } from '../../modules/outbound/channelAvailability.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';
import { isoDaySchema } from '../../modules/dates.ts';

const runningLateSchema = z.object({ providerId: z.uuid(), minutes: z.number().int().min(1).max(600) }).strict();
const unavailableSchema = z.object({ providerId: z.uuid(), date: isoDaySchema }).strict();

export function automationsRoutes(ctx: AppContext, deps: AutomationDeps): Router {
  const router = Router();

  router.get('/automations', async (req, res) => {
    res.json(await deps.automations.getSettings(currentUser(req).clinicId));
  });

  /** Which channel kinds the rules can really use today (voice: none until a voice channel exists). */
  router.get('/automations/availability', async (req, res) => {
    res.json({ channels: channelAvailability(await ctx.repos.channels.list(currentUser(req).clinicId)) });
  });

  router.put('/automations', requireAdmin, async (req, res) => {
    const settings = parseInput(automationSettingsSchema, req.body ?? {});
    const { clinicId } = currentUser(req);
    await deps.automations.saveSettings(clinicId, settings);
    res.json(await deps.automations.getSettings(clinicId));
  });

  router.post('/alerts/running-late', async (req, res) => {
    const input = parseInput(runningLateSchema, req.body ?? {});
    res.json(await alertRunningLate(deps, currentUser(req).clinicId, input));
  });

  router.post('/alerts/provider-unavailable', async (req, res) => {
    const input = parseInput(unavailableSchema, req.body ?? {});
    const appointmentDeps = { ...ctx.repos, events: ctx.events };
    res.json(await alertProviderUnavailable({ ...deps, appointmentDeps }, currentUser(req).clinicId, input));
  });

  return router;
}
