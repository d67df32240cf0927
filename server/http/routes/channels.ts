// Channels per clinic (admin only): configure providers, see their status, send a test message.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { describeChannelTypes, mergeChannelConfig } from '../../../integrations/channels/registry.ts';
import { AppError } from '../../errors.ts';
import { channelCreateSchema, channelPatchSchema, channelTestSchema, toChannel } from '../../modules/channels/channel.dto.ts';
import type { ChannelDefinitions } from '../../modules/channels/channelResolver.ts';
import { sendChannelTest } from '../../modules/channels/sendChannelTest.ts';
import { createChannelStateStore } from '../../modules/channels/channelStateStore.ts';
import { PAIRING_KEY } from '../../modules/channels/whatsappWebSessions.ts';
import type { ChannelRow } from '../../modules/channels/channels.repository.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { assertJsonSize, MAX_CONFIG_BYTES, parseInput, parsePatch } from '../validate.ts';
import { parseId } from './crud.ts';

const pairingSchema = z.object({ qr: z.string().nullable(), pairingCode: z.string().nullable() });

export function channelsRoutes(ctx: AppContext, definitions: ChannelDefinitions): Router {
  const router = Router();
  const { channels } = ctx.repos;
  // Before the admin guard: every staff member's inbox labels channels by their definitions.
  /** The channel types this build offers, with labels, capabilities and each config's JSON schema (the settings form). */
  router.get('/channels/types', (_req, res) => {
    res.json({ items: describeChannelTypes() });
  });
  router.use('/channels', requireAdmin);

  const present = (row: ChannelRow) => toChannel(row, definitions(row.type), ctx.config.publicUrl);
  const validConfig = (type: ChannelRow['type'], config: Record<string, unknown>) => {
    const definition = definitions(type);
    if (!definition) throw AppError.validation('type', `type: ${type} channels are not available in this build`);
    parseInput(z.object({ config: definition.configSchema }), { config });
    // Stored as sent (keys the schema does not know included), so bounded like the clinic's settings.
    assertJsonSize('config', config, MAX_CONFIG_BYTES);
    return config;
  };
  const requireChannel = async (clinicId: string, id: string | string[] | undefined) => {
    const row = await channels.get(clinicId, parseId(id, 'Channel'));
    if (!row) throw AppError.notFound('Channel');
    return row;
  };

  router.get('/channels', async (req, res) => {
    const rows = await channels.list(currentUser(req).clinicId);
    res.json({ items: rows.map(present), nextCursor: null });
  });

  router.get('/channels/:id', async (req, res) => {
    res.json(present(await requireChannel(currentUser(req).clinicId, req.params.id)));
  });

  router.post('/channels', async (req, res) => {
    const { clinicId } = currentUser(req);
    const input = parseInput(channelCreateSchema, req.body ?? {});
    if (input.type === 'simulator') throw AppError.conflict('type: every clinic already has its simulator channel', 'type');
    const row = await channels.insert({ clinicId, type: input.type, name: input.name, config: validConfig(input.type, input.config), status: 'active' });
    res.status(201).json(present(row));
  });

  router.patch('/channels/:id', async (req, res) => {
    const { clinicId } = currentUser(req);
    const current = await requireChannel(clinicId, req.params.id);
    const patch = parsePatch(channelPatchSchema, req.body ?? {});
    const config = patch.config ? validConfig(current.type, mergeChannelConfig(current.type, current.config, patch.config)) : undefined;
    const row = await channels.update(clinicId, current.id, { ...(patch.name ? { name: patch.name } : {}), ...(config ? { config } : {}) });
    res.json(present(row!));
  });

  router.delete('/channels/:id', async (req, res) => {
    const { clinicId } = currentUser(req);
    const current = await requireChannel(clinicId, req.params.id);
    if (current.type === 'simulator') throw AppError.conflict('The simulator channel cannot be deleted');
    await channels.delete(clinicId, current.id);
    res.status(204).end();
  });

  /** The QR (or pairing code) to link a WhatsApp Web session, from whichever instance runs it. */
  router.get('/channels/:id/pairing', async (req, res) => {
    const channel = await requireChannel(currentUser(req).clinicId, req.params.id);
    const stored = await createChannelStateStore(ctx, channel.id).get(PAIRING_KEY);
    const pairing = stored ? pairingSchema.parse(JSON.parse(stored)) : { qr: null, pairingCode: null };
    res.json({ status: channel.status, ...pairing });
  });

  router.post('/channels/:id/test', async (req, res) => {
    const { clinicId } = currentUser(req);
    const channel = await requireChannel(clinicId, req.params.id);
    const input = parseInput(channelTestSchema, req.body ?? {});
    const message = await sendChannelTest(ctx.inbox, { clinicId, channel, to: input.to, text: input.text, kinds: definitions(channel.type)?.kinds ?? [] });
    res.status(202).json(message);
  });

  return router;
}
