// Channels as the API shows them: provider secrets are write-only and never leave the server.
import { z } from 'zod';
import { channelWebhookUrls, type ChannelDefinition } from '../../../integrations/channels/channel.ts';
import { CHANNEL_TYPES, redactChannelConfig } from '../../../integrations/channels/registry.ts';
import type { ChannelRow } from './channels.repository.ts';

export const channelCreateSchema = z
  .object({
    type: z.enum(CHANNEL_TYPES),
    name: z.string().trim().min(1).max(100),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const channelPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Merged into the stored config: a secret left out keeps its stored value. */
    config: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();

export const channelTestSchema = z.object({ to: z.string().trim().min(3).max(200), text: z.string().trim().min(1).max(1000).optional() }).strict();

/** `definition` absent: a type this build does not offer (the row stays visible, without its provider's details). */
export function toChannel(row: ChannelRow, definition: ChannelDefinition<unknown> | undefined, publicUrl: string) {
  const config = definition ? redactChannelConfig(row.type, row.config) : {};
  const webhookUrls = definition?.webhook ? channelWebhookUrls(publicUrl, definition.webhook.protocol, row.id) : null;
  const secretsSet = (definition?.secretKeys ?? []).filter((key) => row.config[key] !== undefined && row.config[key] !== '');
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    status: row.status,
    statusDetail: row.statusDetail,
    config,
    secretsSet,
    /** What to paste into the provider's console; statuses go to `webhookUrls.status`. */
    webhookUrl: webhookUrls?.inbound ?? null,
    webhookUrls,
    capabilities: definition?.capabilities ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
