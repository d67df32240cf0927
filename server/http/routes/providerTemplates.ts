// A channel's provider templates (Twilio content templates) with their approval status, for every member of the
// clinic: the composer's template picker needs them once WhatsApp's 24-hour window has closed.
import { Router } from 'express';
import { ChannelSendError } from '../../../integrations/channels/channel-send-error.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { createChannelStateStore } from '../../modules/channels/channelStateStore.ts';
import type { ChannelResolver } from '../../modules/channels/channelResolver.ts';
import { syncProviderTemplates } from '../../modules/channels/syncProviderTemplates.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseId } from './crud.ts';

export function providerTemplatesRoutes(ctx: AppContext, resolver: ChannelResolver): Router {
  const router = Router();

  router.get('/channels/:id/content-templates', async (req, res) => {
    const channel = await ctx.repos.channels.get(currentUser(req).clinicId, parseId(req.params.id, 'Channel'));
    if (!channel) throw AppError.notFound('Channel');
    const synced = await syncProviderTemplates(resolver.resolve(channel).channel, createChannelStateStore(ctx, channel.id), ctx.logger).catch((error: unknown) => {
      // The provider refused or failed (and nothing was synced before): its answer, not ours, so a 502 saying why.
      if (error instanceof ChannelSendError) throw new AppError('provider_error', 502, `The provider did not list its templates: ${error.reason} (${error.code})`);
      throw error;
    });
    if (!synced) throw new AppError('templates_not_supported', 422, 'This channel has no provider templates');
    res.json({ items: synced.items, nextCursor: null, syncedAt: synced.syncedAt, stale: synced.stale });
  });

  return router;
}
