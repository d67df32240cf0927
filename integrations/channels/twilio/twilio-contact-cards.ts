// Twilio delivers a WhatsApp (or MMS) shared contact as media: `MediaContentType0=text/vcard`, no Body. The card
// is read here, before the message is stored, so the inbox shows who was shared instead of an empty bubble.
import type { InboundMessage, InboundNotice, MediaAttachment } from '../channel.ts';
import { parseVCards } from '../vcard.ts';

const VCARD_TYPES = new Set(['text/vcard', 'text/x-vcard', 'text/directory']);

export function isContactCard(media: MediaAttachment): boolean {
  return VCARD_TYPES.has(media.mimeType?.split(';')[0]?.trim().toLowerCase() ?? '');
}

/**
 * Adds the contacts on the message's cards. A card that cannot be fetched or holds nobody leaves the message as
 * it came, with the `contact_card_unreadable` notice (and `onError` told why), so it is never lost.
 */
export async function readContactCards(message: InboundMessage, fetchText: (url: string) => Promise<string>, onError: (error: unknown) => void): Promise<InboundMessage> {
  const cards = message.media.filter(isContactCard);
  if (cards.length === 0) return message;
  const contacts = [...(message.contacts ?? [])];
  let unreadable = false;
  for (const card of cards) {
    try {
      const found = parseVCards(await fetchText(card.url));
      if (found.length === 0) throw new Error('the contact card holds no name, phone or e-mail');
      contacts.push(...found);
    } catch (error) {
      unreadable = true;
      onError(error);
    }
  }
  const notice: InboundNotice | undefined = unreadable ? 'contact_card_unreadable' : undefined;
  return { ...message, ...(contacts.length ? { contacts } : {}), ...(notice ? { notice } : {}) };
}
