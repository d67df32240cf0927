// Channels as the API shows them: provider secrets are write-only and never leave the server.
import { z } from 'zod';
import { redactChannelConfig } from '../../../integrations/channels/registry.ts';
import { CHANNEL_TYPES } from '../../db/schema/index.ts';
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

export function toChannel(row: ChannelRow, secretKeys: readonly string[], webhookUrls: Record<string, string> | null) {
  const config = redactChannelConfig(row.type, row.config);
  const secretsSet = secretKeys.filter((key) => row.config[key] !== undefined && row.config[key] !== '');
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    status: row.status,
    statusDetail: row.statusDetail,
    config,
    secretsSet,
    webhookUrls,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
