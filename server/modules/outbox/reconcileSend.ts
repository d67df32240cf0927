// Before a message that may already be at the provider goes out again (a crash mid-send, a timeout, a reset),
// the provider is asked whether it has it. Only "not sent" allows a resend; nothing is ever sent blindly twice.
import type { Channel, OutboundMessage, ReconcileResult } from '../../../integrations/channels/channel.ts';
import { ChannelSendError } from '../../../integrations/channels/channel-send-error.ts';

/** `unreachable`: the provider could not be asked right now (it is down too); ask again later. */
export type SendCheck = ReconcileResult | { outcome: 'unreachable'; reason: string };

export async function reconcileSend(channel: Channel, message: OutboundMessage, since: Date): Promise<SendCheck> {
  if (!channel.findSent) return { outcome: 'unknown' };
  try {
    return await channel.findSent(message, since);
  } catch (error) {
    if (error instanceof ChannelSendError && error.kind === 'transient') return { outcome: 'unreachable', reason: `${error.code}: ${error.reason}` };
    return { outcome: 'unknown' };
  }
}
