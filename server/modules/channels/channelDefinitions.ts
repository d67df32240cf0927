// Which channel adapters this build offers, by type: the integrations' registry.
import type { ChannelDefinition, ChannelType } from '../../../integrations/channels/channel.ts';
import { channelRegistry } from '../../../integrations/channels/registry.ts';

export function channelDefinitions(type: ChannelType): ChannelDefinition<unknown> | undefined {
  return channelRegistry[type];
}
