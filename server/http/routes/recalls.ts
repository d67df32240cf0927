// The recall workflow (seed 003): prepare a sending (auto-discard), send through the recall bot flow,
// generate recalls from treatment history. The list and CRUD of /recalls stay in clinicData.ts; these
// POST paths do not collide with its /:id routes.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Clock } from '../../modules/automations/clock.ts';
import type { BotRuntimeDeps } from '../../modules/bots/databaseBotPorts.ts';
import { startBotFlow } from '../../modules/bots/startBotFlow.ts';
import { withNamedAdvisoryLock } from '../../db/advisoryLock.ts';
import { generateRecalls } from '../../modules/recalls/generateRecalls.ts';
import { localDate, prepareRecallSending, type RecallWorkflowDeps } from '../../modules/recalls/prepareRecallSending.ts';
import { presentRecalls } from '../../modules/recalls/presentRecalls.ts';
import { createRecallWorkflowRepository } from '../../modules/recalls/recallWorkflow.repository.ts';
import { sendRecalls } from '../../modules/recalls/sendRecalls.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

const recallIds = z.array(z.uuid()).max(500);
/**
 * The templates a recall sending may use. The recall bot flow sends the `recall` template (one per channel
 * and locale, editable in /api/templates), so that is the only key today; a second recall template needs
 * the flow to take the event as input (bots/flows/recall).
 */
export const RECALL_TEMPLATE_KEYS = ['recall'] as const;

const prepareSchema = z.object({ recallIds: recallIds.min(1), treatments: z.array(z.string().trim().min(1).max(200)).max(50).default([]) }).strict();
const sendSchema = z
  .object({
    recallIds: recallIds.default([]),
    templateKey: z.enum(RECALL_TEMPLATE_KEYS).optional(),
    channel: z.enum(['whatsapp', 'sms']).optional(),
    override: recallIds.default([]),
  })
  .strict()
  .refine((input) => input.recallIds.length + input.override.length > 0, { message: 'choose at least one recall', path: ['recallIds'] });

export function recallsRoutes(ctx: AppContext, bots: BotRuntimeDeps, clock: Clock): Router {
  const router = Router();
  const workflow = createRecallWorkflowRepository(ctx.db);
  const deps: RecallWorkflowDeps = { workflow, recallChanged: (clinicId, recallId) => ctx.events.emit('recall:changed', { clinicId, recallId }) };
  const clinicOf = async (clinicId: string) => {
    const clinic = await ctx.repos.clinics.get(clinicId);
    if (!clinic) throw AppError.notFound('Clinic');
    return clinic;
  };

  router.post('/recalls/prepare', async (req, res) => {
    const input = parseInput(prepareSchema, req.body ?? {});
    const clinic = await clinicOf(currentUser(req).clinicId);
    const prepared = await prepareRecallSending(deps, clinic, { ...input, now: clock.now() });
    const shown = await presentRecalls(workflow, clinic.id, [...prepared.send, ...prepared.discarded.map((entry) => entry.recall)]);
    const byId = new Map(shown.map((recall) => [recall.id, recall]));
    res.json({ send: prepared.send.map((row) => byId.get(row.id)), discarded: prepared.discarded.map((entry) => ({ recall: byId.get(entry.recall.id), reason: entry.reason })) });
  });

  router.post('/recalls/send', async (req, res) => {
    const input = parseInput(sendSchema, req.body ?? {});
    const { clinicId } = currentUser(req);
    const results = await sendRecalls(
      { ...deps, logger: ctx.logger, startRecallFlow: (clinic, recallId, channel) => startBotFlow(bots, { clinicId: clinic, flow: 'recall', recallId, channel }) },
      clinicId,
      { recallIds: input.recallIds, override: input.override, channel: input.channel, now: clock.now() },
    );
    const shown = new Map((await presentRecalls(workflow, clinicId, await workflow.recallsByIds(clinicId, results.map((r) => r.recallId)))).map((recall) => [recall.id, recall]));
    const items = results.map((result) => ({ ...result, recall: shown.get(result.recallId) }));
    res.json({ results: items, sent: items.filter((r) => r.outcome === 'sent').length, skipped: items.filter((r) => r.outcome === 'skipped').length });
  });

  router.post('/recalls/generate', requireAdmin, async (req, res) => {
    parseInput(z.object({}).strict(), req.body ?? {});
    const clinic = await clinicOf(currentUser(req).clinicId);
    const now = clock.now();
    // One generation per clinic at a time, across instances (the daily job takes the same lock).
    const generated = await withNamedAdvisoryLock(ctx.database.pool, `recalls:generate:${clinic.id}`, () => generateRecalls(deps, clinic, localDate(now, clinic.timezone), now));
    res.json({ created: await presentRecalls(workflow, clinic.id, generated.created), superseded: generated.superseded });
  });

  return router;
}
