// Translates a channel adapter's inbound message into the inbox's one entry point. A U+0000 anywhere in it is
// removed here, for every channel, and noted on the message (`meta.sanitized`), so the message is stored rather
// than lost to the database's refusal.
import type { InboundMessage as ChannelInboundMessage } from '../../../integrations/channels/channel.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { ingestInbound, type IngestResult } from './ingestInbound.ts';
import { stripNul } from '../stripNul.ts';

export function ingestChannelMessage(deps: InboxDeps, channel: { clinicId: string; channelId: string }, received: ChannelInboundMessage): Promise<IngestResult> {
  const { value: inbound, removed } = stripNul(received);
  const meta = sharedMeta(inbound, removed);
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
    ...(meta ? { meta } : {}),
  });
}

/** What the patient shared that is not text (a place, contacts, a card we could not read) is kept on the message, not lost as an empty one. */
function sharedMeta(inbound: ChannelInboundMessage, removedNul: number): Record<string, unknown> | undefined {
  const meta = {
    ...(removedNul ? { sanitized: { removed: 'U+0000', count: removedNul } } : {}),
    ...(inbound.location ? { location: inbound.location } : {}),
    ...(inbound.contacts?.length ? { contacts: inbound.contacts } : {}),
    ...(inbound.notice ? { notice: inbound.notice } : {}),
  };
  return Object.keys(meta).length > 0 ? meta : undefined;
}
