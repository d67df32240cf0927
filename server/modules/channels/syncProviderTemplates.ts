// The channel's provider-side templates (Twilio content templates) with their WhatsApp approval, fetched from the
// provider and kept in channel_state, so a provider outage still shows the last synced list (marked stale).
import { z } from 'zod';
import type { Channel, ChannelStateStore, ProviderTemplate } from '../../../integrations/channels/channel.ts';
import type { Logger } from '../../logger.ts';

export const TEMPLATES_STATE_KEY = 'provider_templates';

export type SyncedTemplates = { items: ProviderTemplate[]; syncedAt: string; stale: boolean };

/** null: this kind of channel has no provider templates. */
export async function syncProviderTemplates(channel: Channel, store: ChannelStateStore, logger: Pick<Logger, 'warn'>): Promise<SyncedTemplates | null> {
  if (!channel.listTemplates) return null;
  try {
    const items = await channel.listTemplates();
    const synced = { items, syncedAt: new Date().toISOString() };
    await store.set(TEMPLATES_STATE_KEY, JSON.stringify(synced));
    return { ...synced, stale: false };
  } catch (error) {
    const cached = cachedSchema.safeParse(parseJson(await store.get(TEMPLATES_STATE_KEY)));
    if (!cached.success) throw error;
    logger.warn({ err: error }, 'provider templates could not be fetched; answering the last synced list');
    return { ...cached.data, stale: true };
  }
}

const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  body: z.string(),
  variables: z.record(z.string(), z.string()),
  approvalStatus: z.enum(['approved', 'pending', 'rejected', 'paused', 'disabled', 'unsubmitted']),
  category: z.string().nullable(),
  rejectionReason: z.string().nullable(),
});
const cachedSchema = z.object({ items: z.array(templateSchema), syncedAt: z.string() });

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
