// The one entry point for inbound messages: every channel parses its provider's payload and calls this.
// Store first (idempotent on channel + provider id), then update the conversation, announce, and pass
// the message to the conversation's bot.
import type { CHANNEL_KINDS } from '../../db/schema/index.ts';
import { previewOf, toMessage, type Message, type Conversation } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { announce, handOver, reopenConversation } from './ownership.ts';

export type InboundMessage = {
  clinicId: string;
  channelId: string;
  /** The patient's number in E.164 (channels normalise WhatsApp JIDs and `whatsapp:` prefixes). */
  from: string;
  /** Provider's id; null only for channels without one (it then cannot be de-duplicated). */
  providerMessageId: string | null;
  text: string;
  channelKind: (typeof CHANNEL_KINDS)[number];
  media?: { url: string; mimeType?: string; caption?: string }[];
  /** The quick-reply button the patient pressed, as its text. */
  buttonReply?: string | null;
  /** Written by the clinic itself on its own phone (WhatsApp Web): an agent message, not the patient's. */
  fromClinic?: boolean;
  receivedAt?: Date;
  meta?: Record<string, unknown>;
};

export type IngestResult =
  | { duplicate: true }
  | { duplicate: false; conversation: Conversation; message: Message; patientCreated: boolean; botDone: Promise<void> };

export async function ingestInbound(deps: InboxDeps, inbound: InboundMessage): Promise<IngestResult> {
  const { clinicId, channelId } = inbound;
  const at = inbound.receivedAt ?? new Date();
  const patient = await deps.patients.findOrCreateByPhone(clinicId, inbound.from);
  const { row: conversation, created } = await deps.conversations.findOrCreate(clinicId, patient.row.id, channelId, {
    state: 'human',
    handoverReason: 'new_conversation',
    handoverAt: at,
    lastMessageAt: at,
  });

  const stored = await deps.messages.insertInbound({
    clinicId,
    conversationId: conversation.id,
    channelId,
    channelKind: inbound.channelKind,
    direction: inbound.fromClinic ? 'out' : 'in',
    author: inbound.fromClinic ? 'agent' : 'patient',
    text: inbound.text,
    media: inbound.media?.length ? inbound.media : null,
    buttonReply: inbound.buttonReply ?? null,
    providerMessageId: inbound.providerMessageId,
    status: inbound.fromClinic ? 'sent' : 'delivered',
    meta: inbound.meta ?? null,
    createdAt: at,
  });
  if (!stored) return { duplicate: true };

  await deps.conversations.touch(clinicId, conversation.id, { at, preview: previewOf(stored.text, stored.media), inbound: !inbound.fromClinic });
  const message = toMessage(stored);
  deps.events.emit('message:new', { clinicId, conversationId: conversation.id, message });

  let current: Conversation;
  if (inbound.fromClinic) {
    // Someone at the clinic answered from the phone: a person is handling it, so the bot pauses.
    current = conversation.state === 'bot' ? await handOver(deps, clinicId, conversation.id, { type: 'agent' }, 'agent_replied_from_phone') : await announce(deps, clinicId, conversation.id);
  } else if (conversation.state === 'closed') {
    current = await reopenConversation(deps, clinicId, conversation.id, { type: 'patient', id: patient.row.id }, 'patient_wrote_again');
  } else {
    current = await announce(deps, clinicId, conversation.id);
    // A first message from a patient is the plainest case of "needs a person".
    if (created && current.state === 'human') deps.events.emit('conversation:handover', { clinicId, conversationId: conversation.id, reason: current.handoverReason, at: at.toISOString() });
  }

  // The bot runs after the message is safely stored; its failure never loses the message.
  const botDone = inbound.fromClinic
    ? Promise.resolve()
    : deps.bots.onInbound(clinicId, current, message).catch((error: unknown) => {
        deps.logger.error({ err: error, conversationId: conversation.id }, 'bot failed on an inbound message');
      });
  return { duplicate: false, conversation: current, message, patientCreated: patient.created, botDone };
}
