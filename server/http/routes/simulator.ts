// The built-in simulator channel: anyone logged in can write as a patient and read what the platform
// sent to that phone. It goes through the same ingest and outbox pipeline as every real channel.
import { Router } from 'express';
import { z } from 'zod';
import { simulatorInboundSchema } from '../../../integrations/channels/simulator/simulator-channel.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { ChannelResolver } from '../../modules/channels/channelResolver.ts';
import { toMessage } from '../../modules/inbox/inbox.dto.ts';
import { ingestChannelMessage } from '../../modules/inbox/ingestChannelMessage.ts';
import { toE164 } from '../../modules/patients/phones.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

const listQuerySchema = z.object({
  phone: z.string().min(3).max(40),
  include: z.enum(['sent', 'all']).default('sent'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function simulatorRoutes(ctx: AppContext, resolver: ChannelResolver): Router {
  const router = Router();

  router.post('/simulator/messages', async (req, res) => {
    const { clinicId } = currentUser(req);
    const body = parseInput(simulatorInboundSchema, req.body ?? {});
    const clinic = await ctx.repos.clinics.get(clinicId);
    const channelRow = await ctx.repos.channels.ensureSimulator(clinicId);
    const { channel } = resolver.resolve(channelRow, clinic?.country);
    let inbound;
    try {
      inbound = channel.parseInbound({ headers: {}, body, rawBody: '', url: '' });
    } catch {
      throw AppError.validation('from', `from: not a valid phone number for ${clinic?.country ?? 'the clinic'}`);
    }
    const results = [];
    for (const message of inbound) {
      const result = await ingestChannelMessage(ctx.inbox, { clinicId, channelId: channelRow.id }, message);
      // The simulator answers once the bot has replied, so a tester sees cause and effect together.
      if (!result.duplicate) await ctx.inbox.inbound.tried(result.jobId);
      results.push(result);
    }
    const first = results[0];
    if (!first || first.duplicate) return res.status(200).json({ duplicate: true });
    res.status(201).json({ conversationId: first.conversationId, message: first.message });
  });

  router.get('/simulator/messages', async (req, res) => {
    const { clinicId } = currentUser(req);
    const query = parseInput(listQuerySchema, req.query);
    const clinic = await ctx.repos.clinics.get(clinicId);
    const phone = toE164(query.phone, clinic?.country ?? 'ES');
    if (!phone) throw AppError.validation('phone', 'phone: not a valid phone number');
    const channelRow = await ctx.repos.channels.ensureSimulator(clinicId);
    const patient = await ctx.repos.patients.findByPhone(clinicId, phone);
    const rows = patient ? await ctx.repos.messages.listForPatientOnChannel(clinicId, patient.id, channelRow.id, { limit: query.limit, outboundOnly: query.include === 'sent' }) : [];
    res.json({ items: rows.map(toMessage), nextCursor: null });
  });

  return router;
}
