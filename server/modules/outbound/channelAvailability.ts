// Which kinds of channel a clinic can send on right now (the simulator counts where it stands in): the
// automation settings show a kind the clinic cannot use, such as voice before any voice channel exists, as
// unavailable instead of offering it as if it worked.
import { CHANNEL_KINDS, type ChannelKind } from '../../../integrations/channels/channel.ts';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import type { ChannelRow } from '../channels/channels.repository.ts';

const UNUSABLE_STATUSES = new Set(['disabled', 'logged_out']);

export function isUsableChannel(row: Pick<ChannelRow, 'status'>): boolean {
  return !UNUSABLE_STATUSES.has(row.status);
}

export function channelAvailability(rows: readonly Pick<ChannelRow, 'type' | 'status'>[]): Record<ChannelKind, boolean> {
  const carried = new Set(rows.filter(isUsableChannel).flatMap((row) => channelKinds(row.type)));
  return Object.fromEntries(CHANNEL_KINDS.map((kind) => [kind, carried.has(kind)])) as Record<ChannelKind, boolean>;
}
