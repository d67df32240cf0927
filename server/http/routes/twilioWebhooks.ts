// Twilio calls these: inbound messages and delivery statuses. Verify the signature (timing-safe, against
// PUBLIC_URL + path), store, answer fast; a forged request stores nothing.
import express, { Router, type Request } from 'express';
import type { WebhookRequest } from '../../../integrations/channels/channel.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { ChannelResolver } from '../../modules/channels/channelResolver.ts';
import { applyStatusUpdate } from '../../modules/inbox/applyStatusUpdate.ts';
import { ingestChannelMessage } from '../../modules/inbox/ingestChannelMessage.ts';
import { parseId } from './crud.ts';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export function twilioWebhookRoutes(ctx: AppContext, resolver: ChannelResolver): Router {
  const router = Router();
  const form = express.urlencoded({
    extended: false,
    limit: '256kb',
    verify: (req, _res, buffer) => {
      rawBodies.set(req, buffer.toString('utf8'));
    },
  });

  async function verified(req: Request) {
    const row = await ctx.repos.channels.getById(parseId(req.params.channelId, 'Channel'));
    if (!row || (row.type !== 'twilio_sms' && row.type !== 'twilio_whatsapp')) throw AppError.notFound('Channel');
    const clinic = await ctx.repos.clinics.get(row.clinicId);
    const { channel } = resolver.resolve(row, clinic?.country);
    const request: WebhookRequest = { headers: req.headers, body: req.body ?? {}, rawBody: rawBodies.get(req) ?? '', url: `${ctx.config.publicUrl}${req.originalUrl}` };
    if (!channel.verifyWebhook(request)) {
      ctx.logger.warn({ channelId: row.id }, 'rejected a Twilio webhook with a bad signature');
      throw new AppError('invalid_signature', 403, 'Invalid X-Twilio-Signature');
    }
    return { row, channel, request };
  }

  router.post('/webhooks/twilio/:channelId', form, async (req, res) => {
    const { row, channel, request } = await verified(req);
    for (const inbound of channel.parseInbound(request)) {
      await ingestChannelMessage(ctx.inbox, { clinicId: row.clinicId, channelId: row.id }, inbound);
    }
    res.type('text/xml').send(EMPTY_TWIML);
  });

  router.post('/webhooks/twilio/:channelId/status', form, async (req, res) => {
    const { row, channel, request } = await verified(req);
    for (const update of channel.parseStatus(request)) {
      await applyStatusUpdate(ctx.inbox, { channelId: row.id, providerMessageId: update.providerMessageId }, {
        status: update.status,
        ...(update.errorReason ? { error: update.errorReason } : {}),
        ...(update.errorCode ? { errorCode: update.errorCode } : {}),
      });
    }
    res.status(204).end();
  });

  return router;
}

const rawBodies = new WeakMap<object, string>();
