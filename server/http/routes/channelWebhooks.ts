// Providers call these: inbound messages and delivery statuses, one pair of routes per webhook protocol the
// registry lists (`/webhooks/twilio/:channelId` and `.../status`). Verify the signature (timing-safe, against
// PUBLIC_URL + path), store, answer fast; a forged request stores nothing.
import express, { Router, type Request, type RequestHandler } from 'express';
import type { ChannelWebhook, WebhookRequest } from '../../../integrations/channels/channel.ts';
import { webhookProtocols, type ChannelType } from '../../../integrations/channels/registry.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { ChannelResolver } from '../../modules/channels/channelResolver.ts';
import { applyStatusUpdate } from '../../modules/inbox/applyStatusUpdate.ts';
import { ingestChannelMessage } from '../../modules/inbox/ingestChannelMessage.ts';
import { createWebhookTargets, type WebhookTargets } from '../../modules/channels/webhookTargets.ts';
import { stripNul } from '../../modules/stripNul.ts';
import { parseId } from './crud.ts';

export function channelWebhookRoutes(ctx: AppContext, resolver: ChannelResolver): Router {
  const router = Router();
  const targets = createWebhookTargets(ctx.repos);
  for (const { protocol, webhook, types } of webhookProtocols()) mountProtocol(router, ctx, resolver, targets, protocol, webhook, types);
  return router;
}

function mountProtocol(router: Router, ctx: AppContext, resolver: ChannelResolver, targets: WebhookTargets, protocol: string, webhook: ChannelWebhook, types: readonly ChannelType[]): void {
  const body = bodyParser(webhook);

  async function verified(req: Request) {
    const channelId = parseId(req.params.channelId, 'Channel');
    const request: WebhookRequest = { headers: req.headers, body: req.body ?? {}, rawBody: rawBodies.get(req) ?? '', url: `${ctx.config.publicUrl}${req.originalUrl}` };
    const check = async (fresh: boolean) => {
      const target = await targets.get(channelId, { fresh });
      if (!target || !types.includes(target.row.type)) return null;
      const { channel } = resolver.resolve(target.row, target.country);
      return { row: target.row, channel, valid: channel.verifyWebhook(request) };
    };
    // A cached channel that fails the signature is read again: its credentials may have just changed.
    let checked = await check(false);
    if (checked && !checked.valid) checked = await check(true);
    if (!checked) throw AppError.notFound('Channel');
    if (!checked.valid) {
      ctx.logger.warn({ channelId, protocol }, 'rejected a webhook with a bad signature');
      throw new AppError('invalid_signature', 403, 'Invalid webhook signature');
    }
    return { row: checked.row, channel: checked.channel, request };
  }

  router.post(`/webhooks/${protocol}/:channelId`, body, async (req, res) => {
    const { row, channel, request } = await verified(req);
    for (const parsed of channel.parseInbound(request)) {
      // What the payload only links to (a contact card) is read before storing: the message is stored complete once.
      const inbound = channel.completeInbound ? await channel.completeInbound(parsed) : parsed;
      await ingestChannelMessage(ctx.inbox, { clinicId: row.clinicId, channelId: row.id }, inbound);
    }
    if (webhook.inboundReply) res.type(webhook.inboundReply.contentType).send(webhook.inboundReply.body);
    else res.status(204).end();
  });

  router.post(`/webhooks/${protocol}/:channelId/status`, body, async (req, res) => {
    const { row, channel, request } = await verified(req);
    for (const update of channel.parseStatus(request).map((parsed) => stripNul(parsed).value)) {
      await applyStatusUpdate(ctx.inbox, { channelId: row.id, providerMessageId: update.providerMessageId }, {
        status: update.status,
        ...(update.errorReason ? { error: update.errorReason } : {}),
        ...(update.errorCode ? { errorCode: update.errorCode } : {}),
      });
    }
    res.status(204).end();
  });
}

/** Keeps the raw bytes: signatures are computed over them, not over the parsed body. */
function bodyParser(webhook: ChannelWebhook): RequestHandler {
  const verify = (req: object, _res: unknown, buffer: Buffer) => void rawBodies.set(req, buffer.toString('utf8'));
  return webhook.body === 'form' ? express.urlencoded({ extended: false, limit: '256kb', verify }) : express.json({ limit: '256kb', verify });
}

const rawBodies = new WeakMap<object, string>();
