// Translates a channel adapter's inbound message into the inbox's one entry point.
import type { InboundMessage as ChannelInboundMessage } from '../../../integrations/channels/channel.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { ingestInbound, type IngestResult } from './ingestInbound.ts';

export function ingestChannelMessage(deps: InboxDeps, channel: { clinicId: string; channelId: string }, inbound: ChannelInboundMessage): Promise<IngestResult> {
  return ingestInbound(deps, {
    clinicId: channel.clinicId,
    channelId: channel.channelId,
    from: inbound.from,
    providerMessageId: inbound.providerMessageId,
    text: inbound.text,
    channelKind: inbound.kind,
    media: inbound.media,
    buttonReply: inbound.buttonReply?.text ?? null,
    fromClinic: inbound.sentByClinic,
    ...(inbound.receivedAt ? { receivedAt: inbound.receivedAt } : {}),
  });
}
