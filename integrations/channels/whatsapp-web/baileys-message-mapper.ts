// Baileys' proto.WebMessageInfo → our InboundMessage: text, media captions, button/list/interactive replies,
// and messages the clinic wrote from its own phone (fromMe). Anything else (reactions, protocol messages,
// groups, broadcasts) is not a patient message: undefined.
import { normalizeMessageContent, toNumber } from '@whiskeysockets/baileys';
import type { proto } from '@whiskeysockets/baileys';
import type { ButtonReply, InboundMessage, MediaAttachment, SharedContact, SharedLocation } from '../channel.ts';
import { isLidJid, whatsAppJidToE164 } from '../phone.ts';
import { parseVCards } from '../vcard.ts';
import { toWhatsAppWebMediaUrl } from './whatsapp-web-media.ts';

export interface BaileysMapperOptions {
  /** `@lid` chats hide the phone number; the server may know it from an earlier message or a contact. */
  resolveLid?: (lidJid: string) => string | undefined;
}

interface MessageContent {
  text: string;
  media: MediaAttachment[];
  buttonReply?: ButtonReply;
  location?: SharedLocation;
  contacts?: SharedContact[];
}

export function mapBaileysMessage(info: proto.IWebMessageInfo, options: BaileysMapperOptions = {}): InboundMessage | undefined {
  const remoteJid = info.key.remoteJid;
  const id = info.key.id;
  if (!remoteJid || !id) return undefined;
  const from = isLidJid(remoteJid) ? options.resolveLid?.(remoteJid) : whatsAppJidToE164(remoteJid);
  if (!from) return undefined;
  const message = normalizeMessageContent(info.message);
  const content = message ? contentOf(message) : undefined;
  if (!content) return undefined;
  const timestamp = info.messageTimestamp ? toNumber(info.messageTimestamp) : 0;
  return {
    providerMessageId: id,
    from,
    kind: 'whatsapp',
    ...content,
    sentByClinic: info.key.fromMe === true,
    ...(info.pushName && !info.key.fromMe ? { profileName: info.pushName } : {}),
    ...(timestamp > 0 ? { receivedAt: new Date(timestamp * 1000) } : {}),
  };
}

function contentOf(message: proto.IMessage): MessageContent | undefined {
  if (message.conversation) return { text: message.conversation, media: [] };
  if (message.extendedTextMessage?.text) return { text: message.extendedTextMessage.text, media: [] };
  const reply = buttonReplyOf(message);
  if (reply) return { text: reply.text, media: [], buttonReply: reply };
  const place = message.locationMessage ?? message.liveLocationMessage;
  if (typeof place?.degreesLatitude === 'number' && typeof place.degreesLongitude === 'number') {
    const label = 'name' in place && place.name ? place.name : undefined;
    const address = 'address' in place && place.address ? place.address : undefined;
    return { text: '', media: [], location: { latitude: place.degreesLatitude, longitude: place.degreesLongitude, ...(label ? { label } : {}), ...(address ? { address } : {}) } };
  }
  const cards = message.contactMessage ? [message.contactMessage] : (message.contactsArrayMessage?.contacts ?? []);
  const contacts = cards.map(contactOf).filter((contact) => contact !== undefined);
  if (contacts.length > 0) return { text: '', media: [], contacts };
  const found = mediaOf(message);
  if (found) {
    const { type, media } = found;
    const caption = 'caption' in media && media.caption ? media.caption : undefined;
    // The CDN file is encrypted: keep a reference that downloadWhatsAppWebMedia can decrypt.
    const url = toWhatsAppWebMediaUrl(type, media) ?? media.url ?? '';
    const fileName = 'fileName' in media && media.fileName ? media.fileName : undefined;
    return { text: caption ?? '', media: [{ url, ...(media.mimetype ? { mimeType: media.mimetype } : {}), ...(caption ? { caption } : {}), ...(fileName ? { fileName } : {}) }] };
  }
  return undefined;
}

/** The name WhatsApp shows for the card, with the numbers and addresses its vCard holds. */
function contactOf(card: proto.Message.IContactMessage): SharedContact | undefined {
  const onCard = card.vcard ? parseVCards(card.vcard)[0] : undefined;
  const name = card.displayName?.trim() || onCard?.name;
  if (!name) return undefined;
  return { ...onCard, name };
}

function mediaOf(message: proto.IMessage) {
  if (message.imageMessage) return { type: 'image' as const, media: message.imageMessage };
  if (message.videoMessage) return { type: 'video' as const, media: message.videoMessage };
  if (message.documentMessage) return { type: 'document' as const, media: message.documentMessage };
  if (message.audioMessage) return { type: 'audio' as const, media: message.audioMessage };
  if (message.stickerMessage) return { type: 'sticker' as const, media: message.stickerMessage };
  return undefined;
}

function buttonReplyOf(message: proto.IMessage): ButtonReply | undefined {
  const buttons = message.buttonsResponseMessage;
  if (buttons?.selectedDisplayText) return reply(buttons.selectedDisplayText, buttons.selectedButtonId);
  const template = message.templateButtonReplyMessage;
  if (template?.selectedDisplayText) return reply(template.selectedDisplayText, template.selectedId);
  const list = message.listResponseMessage;
  if (list?.title) return reply(list.title, list.singleSelectReply?.selectedRowId);
  const interactive = message.interactiveResponseMessage;
  if (interactive) {
    const payload = nativeFlowId(interactive.nativeFlowResponseMessage?.paramsJson);
    const text = interactive.body?.text || payload;
    if (text) return reply(text, payload);
  }
  return undefined;
}

function reply(text: string, payload: string | null | undefined): ButtonReply {
  return payload ? { text, payload } : { text };
}

/** Native-flow replies carry their choice as JSON (`{"id":"book"}`). */
function nativeFlowId(paramsJson: string | null | undefined): string | undefined {
  if (!paramsJson) return undefined;
  try {
    const params: unknown = JSON.parse(paramsJson);
    if (typeof params === 'object' && params !== null && 'id' in params && typeof params.id === 'string') return params.id;
  } catch {
    // Not JSON: no payload to report, the body text still stands.
  }
  return undefined;
}
