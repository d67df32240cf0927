// Turns a stored channel row into a live adapter (and its send-rate limiter), built once per
// channel version: a config change builds a new one.
import type { Channel, ChannelDefinition, ChannelStateStore, ChannelType } from '../../../integrations/channels/channel.ts';
import { channelRatePerSecond } from '../../../integrations/channels/registry.ts';
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
  // Adapters per (channel, country) so the webhook (which reads national numbers with the clinic's country) and
  // the dispatcher never evict each other; one limiter per channel, kept while its rate stays the same, so
  // rebuilding an adapter never aborts the sends waiting in its queue.
  const adapters = new Map<string, { version: number; channel: Channel }>();
  const limiters = new Map<string, { rate: number; limiter: SendRateLimiter }>();

  /** `defaultCountry`: the clinic's, for reading national phone numbers in inbound payloads. */
  function resolve(row: ChannelRow, defaultCountry?: string): { channel: Channel; limiter: SendRateLimiter } {
    return { channel: adapterFor(row, defaultCountry), limiter: limiterFor(row) };
  }

  function adapterFor(row: ChannelRow, defaultCountry: string | undefined): Channel {
    const key = `${row.id}:${defaultCountry ?? ''}`;
    const version = row.updatedAt.getTime();
    const cached = adapters.get(key);
    if (cached && cached.version === version) return cached.channel;
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
    adapters.set(key, { version, channel });
    return channel;
  }

  function limiterFor(row: ChannelRow): SendRateLimiter {
    const rate = channelRatePerSecond(row.type, row.config);
    const cached = limiters.get(row.id);
    if (cached && cached.rate === rate) return cached.limiter;
    cached?.limiter.stop('channel rate changed');
    const entry = { rate, limiter: createSendRateLimiter(rate) };
    limiters.set(row.id, entry);
    return entry.limiter;
  }

  return {
    resolve,
    stopAll(): void {
      for (const entry of limiters.values()) entry.limiter.stop('shutting down');
      limiters.clear();
      adapters.clear();
    },
  };
}

export type ChannelResolver = ReturnType<typeof createChannelResolver>;
