// Bot flows: start one for an appointment or recall, list the sessions, stop one.
import { Router } from 'express';
import { z } from 'zod';
import { FLOW_NAMES } from '../../../bots/index.ts';
import { BotFlowError } from '../../../bots/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { BotRuntimeDeps } from '../../modules/bots/databaseBotPorts.ts';
import { startBotFlow } from '../../modules/bots/startBotFlow.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';
import { parseId } from './crud.ts';

const startSchema = z
  .object({
    flow: z.enum(FLOW_NAMES),
    appointmentId: z.uuid().optional(),
    recallId: z.uuid().optional(),
    followupKind: z.enum(['thanks', 'survey']).optional(),
    deadlineHours: z.number().positive().max(24 * 60).optional(),
    channel: z.enum(['whatsapp', 'sms']).optional(),
  })
  .strict();
const listSchema = z.object({ status: z.enum(['active', 'done', 'stopped']).default('active'), flow: z.enum(FLOW_NAMES).optional() });

export function botsRoutes(ctx: AppContext, runtime: BotRuntimeDeps): Router {
  const router = Router();

  router.post('/bots/start', async (req, res) => {
    const input = parseInput(startSchema, req.body ?? {});
    try {
      const { session, conversationId } = await startBotFlow(runtime, { clinicId: currentUser(req).clinicId, ...input });
      res.status(201).json({ ...toApi(session), conversationId });
    } catch (error) {
      if (error instanceof BotFlowError) throw new AppError(error.code, error.httpStatus, error.message);
      throw error;
    }
  });

  router.get('/bots/sessions', async (req, res) => {
    const filters = parseInput(listSchema, req.query);
    const sessions = await runtime.sessions.list(currentUser(req).clinicId, filters);
    res.json({ items: sessions.map(toApi), nextCursor: null });
  });

  router.post('/bots/sessions/:id/stop', async (req, res) => {
    const { clinicId } = currentUser(req);
    const session = await runtime.sessions.get(clinicId, parseId(req.params.id, 'Bot session'));
    if (!session) throw AppError.notFound('Bot session');
    await ctx.reactions.run('conversation:bot_stop', { clinicId, conversationId: session.conversationId, reason: 'stopped by staff' });
    res.json(toApi((await runtime.sessions.get(clinicId, session.id))!));
  });

  return router;
}

function toApi(session: { id: string; conversationId: string; flow: string; status: string; deadlineAt: Date | null; appointmentId: string | null; recallId: string | null; endReason: string | null; startedAt: Date; endedAt: Date | null }) {
  return {
    id: session.id,
    conversationId: session.conversationId,
    flow: session.flow,
    status: session.status,
    appointmentId: session.appointmentId,
    recallId: session.recallId,
    deadlineAt: session.deadlineAt?.toISOString() ?? null,
    endReason: session.endReason,
    startedAt: session.startedAt.toISOString(),
    endedAt: session.endedAt?.toISOString() ?? null,
  };
}
