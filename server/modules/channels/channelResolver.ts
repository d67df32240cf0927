// Turns a stored channel row into a live adapter (and its send-rate limiter), built once per
// channel version: a config change builds a new one.
import type { Channel, ChannelDefinition, ChannelStateStore, ChannelType } from '../../../integrations/channels/channel.ts';
import { channelRatePerSecond } from '../../../integrations/channels/delivery/rate-limits.ts';
import { createSendRateLimiter, type SendRateLimiter } from '../../../integrations/channels/delivery/send-rate-limiter.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelRow } from './channels.repository.ts';

export type ChannelDefinitions = (type: ChannelType) => ChannelDefinition<unknown> | undefined;

export type ChannelResolverOptions = {
  definitions: ChannelDefinitions;
  publicUrl: string;
  logger: Logger;
  stateStore?: (channelId: string) => ChannelStateStore;
};

export function createChannelResolver(options: ChannelResolverOptions) {
  const cache = new Map<string, { version: number; channel: Channel; limiter: SendRateLimiter }>();

  /** `defaultCountry`: the clinic's, for reading national phone numbers in inbound payloads. */
  function resolve(row: ChannelRow, defaultCountry?: string): { channel: Channel; limiter: SendRateLimiter } {
    const version = row.updatedAt.getTime() + (defaultCountry ? hashCountry(defaultCountry) : 0);
    const cached = cache.get(row.id);
    if (cached && cached.version === version) return cached;
    const definition = options.definitions(row.type);
    if (!definition) throw new AppError('channel_unavailable', 409, `Channel type ${row.type} is not available in this build`);
    const config = definition.configSchema.parse(row.config);
    const channel = definition.create(config, {
      channelId: row.id,
      publicUrl: options.publicUrl,
      ...(defaultCountry ? { defaultCountry } : {}),
      ...(options.stateStore ? { stateStore: options.stateStore(row.id) } : {}),
      logger: options.logger.child({ channelId: row.id, channelType: row.type }),
    });
    cached?.limiter.stop('channel reconfigured');
    const entry = { version, channel, limiter: createSendRateLimiter(channelRatePerSecond(row.type, rateConfig(row.config))) };
    cache.set(row.id, entry);
    return entry;
  }

  return {
    resolve,
    stopAll(): void {
      for (const entry of cache.values()) entry.limiter.stop('shutting down');
      cache.clear();
    },
  };
}

export type ChannelResolver = ReturnType<typeof createChannelResolver>;

function rateConfig(config: Record<string, unknown>): { ratePerSecond?: number; from?: string } {
  return {
    ...(typeof config.ratePerSecond === 'number' ? { ratePerSecond: config.ratePerSecond } : {}),
    ...(typeof config.from === 'string' ? { from: config.from } : {}),
  };
}

// Part of the cache key, so a clinic changing country gets an adapter that reads numbers its new way.
function hashCountry(country: string): number {
  return (country.charCodeAt(0) << 8) + country.charCodeAt(1);
}
