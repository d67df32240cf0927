// The channel a provider's webhook names, with its clinic's country (for reading national numbers), read from the
// database at most once a second per channel: at a few thousand webhooks a second these two reads would cost more
// than storing the messages. A change made to a channel reaches its webhooks within `ttlMs`; a signature that
// fails against a cached row is checked again against a fresh one (route), so rotated credentials apply at once.
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import type { ChannelRow, ChannelsRepository } from './channels.repository.ts';

export type WebhookTarget = { row: ChannelRow; country: string | undefined };

export type WebhookTargets = {
  /** `fresh`: skip the cache (and refresh it). */
  get(channelId: string, options?: { fresh?: boolean }): Promise<WebhookTarget | null>;
};

/** Enough for every channel of a large deployment; past it the cache starts over rather than grow without end. */
const MAX_ENTRIES = 5000;

export function createWebhookTargets(
  repos: { channels: Pick<ChannelsRepository, 'getById'>; clinics: Pick<ClinicsRepository, 'get'> },
  options: { ttlMs?: number; now?: () => number } = {},
): WebhookTargets {
  const ttlMs = options.ttlMs ?? 1000;
  const now = options.now ?? Date.now;
  // Promises, so concurrent webhooks for one channel share one read.
  const cache = new Map<string, { at: number; target: Promise<WebhookTarget | null> }>();

  async function load(channelId: string): Promise<WebhookTarget | null> {
    const row = await repos.channels.getById(channelId);
    if (!row) return null;
    const clinic = await repos.clinics.get(row.clinicId);
    return { row, country: clinic?.country ?? undefined };
  }

  return {
    get(channelId, { fresh = false } = {}) {
      const cached = cache.get(channelId);
      if (!fresh && cached && now() - cached.at < ttlMs) return cached.target;
      if (cache.size >= MAX_ENTRIES) cache.clear();
      const target = load(channelId);
      const entry = { at: now(), target };
      cache.set(channelId, entry);
      // Unknown channels and failed reads are not kept: the next webhook asks again.
      void target.then(
        (found) => {
          if (!found && cache.get(channelId) === entry) cache.delete(channelId);
        },
        () => {
          if (cache.get(channelId) === entry) cache.delete(channelId);
        },
      );
      return target;
    },
  };
}
