// The one entry point for inbound messages: every channel parses its provider's payload and calls this.
// Store the message, its conversation's bookkeeping and the job that handles it in one transaction
// (idempotent on channel + provider id; batched with concurrent arrivals by the inbound store), announce it, and
// return: the provider's webhook is answered after that commit, and a worker does the rest (handleInboundJob), on
// this instance or another, even after a restart.
import type { CHANNEL_KINDS } from '../../db/schema/index.ts';
import { isSharedContacts, isSharedLocation, previewOf, toMessage, type Message } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';

export type InboundMessage = {
  clinicId: string;
  channelId: string;
  /** The patient's number in E.164 (channels normalise WhatsApp JIDs and `whatsapp:` prefixes). */
  from: string;
  /** Provider's id; null only for channels without one (it then cannot be de-duplicated). */
  providerMessageId: string | null;
  text: string;
  channelKind: (typeof CHANNEL_KINDS)[number];
  media?: { url: string; mimeType?: string; caption?: string; fileName?: string }[];
  /** The quick-reply button the patient pressed, as its text. */
  buttonReply?: string | null;
  /** Written by the clinic itself on its own phone (WhatsApp Web): an agent message, not the patient's. */
  fromClinic?: boolean;
  receivedAt?: Date;
  meta?: Record<string, unknown>;
};

export type IngestResult =
  | { duplicate: true }
  | { duplicate: false; conversationId: string; message: Message; patientCreated: boolean; jobId: string };

export async function ingestInbound(deps: InboxDeps, inbound: InboundMessage): Promise<IngestResult> {
  const { clinicId, channelId } = inbound;
  const media = inbound.media?.length ? inbound.media : null;
  // Written with whatever else arrived meanwhile (groupCommit): patient, conversation, message, its job.
  const stored = await deps.inboundStore.submit({
    clinicId,
    channelId,
    from: inbound.from,
    channelKind: inbound.channelKind,
    direction: inbound.fromClinic ? 'out' : 'in',
    author: inbound.fromClinic ? 'agent' : 'patient',
    text: inbound.text,
    media,
    buttonReply: inbound.buttonReply ?? null,
    providerMessageId: inbound.providerMessageId,
    status: inbound.fromClinic ? 'sent' : 'delivered',
    meta: inbound.meta ?? null,
    createdAt: inbound.receivedAt ?? new Date(),
    preview: previewOf(inbound.text, media, sharedOf(inbound.meta ?? null)),
  });
  if (stored.duplicate) return { duplicate: true };

  // Committed: the message and its job (handleInboundJob) survive anything now. The rest runs in a worker.
  const message = toMessage(stored.message);
  deps.events.emit('message:new', { clinicId, conversationId: stored.conversationId, message });
  deps.inbound.wake();
  return { duplicate: false, conversationId: stored.conversationId, message, patientCreated: stored.patientCreated, jobId: stored.jobId };
}

/** The place or contacts a message carries, for its preview in the conversation list. */
function sharedOf(meta: Record<string, unknown> | null) {
  return {
    ...(isSharedLocation(meta?.location) ? { location: meta.location } : {}),
    ...(isSharedContacts(meta?.contacts) ? { contacts: meta.contacts } : {}),
  };
}
