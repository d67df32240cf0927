// WhatsApp Web media: what a patient sends is encrypted on WhatsApp's CDN. The mapper stores a reference
// (`whatsapp-web-media:…`) holding what decryption needs, and the server's media route turns it into bytes
// with `downloadWhatsAppWebMedia`. Stateless, so any instance can serve it, as long as the CDN keeps the file.
import { downloadContentFromMessage } from '@whiskeysockets/baileys';
import type { MediaType } from '@whiskeysockets/baileys';
import { z } from 'zod';

const PREFIX = 'whatsapp-web-media:';

const referenceSchema = z.object({
  type: z.enum(['image', 'video', 'document', 'audio', 'sticker']),
  url: z.string().optional(),
  directPath: z.string().optional(),
  mediaKey: z.string().min(1),
  mimeType: z.string().optional(),
});

export type WhatsAppWebMediaReference = z.infer<typeof referenceSchema>;

export interface DownloadableMedia {
  url?: string | null;
  directPath?: string | null;
  mediaKey?: Uint8Array | null;
  mimetype?: string | null;
}

/** A media message's download details → a reference URL; undefined when WhatsApp sent no key. */
export function toWhatsAppWebMediaUrl(type: WhatsAppWebMediaReference['type'], media: DownloadableMedia): string | undefined {
  if (!media.mediaKey || media.mediaKey.length === 0 || (!media.url && !media.directPath)) return undefined;
  const reference: WhatsAppWebMediaReference = {
    type,
    ...(media.url ? { url: media.url } : {}),
    ...(media.directPath ? { directPath: media.directPath } : {}),
    mediaKey: Buffer.from(media.mediaKey).toString('base64'),
    ...(media.mimetype ? { mimeType: media.mimetype } : {}),
  };
  return `${PREFIX}${Buffer.from(JSON.stringify(reference)).toString('base64url')}`;
}

export function isWhatsAppWebMediaUrl(url: string): boolean {
  return url.startsWith(PREFIX);
}

export interface MediaDownloadOptions {
  /** Hosts a reference may point at. The sender's client writes the URL, so by default only WhatsApp's CDN. */
  isAllowedUrl?: (url: URL) => boolean;
}

const isWhatsAppCdn = (url: URL) => url.protocol === 'https:' && (url.hostname === 'whatsapp.net' || url.hostname.endsWith('.whatsapp.net'));

/** Fetches and decrypts the file a reference points to. Throws on a malformed reference, a foreign host or a failed download. */
export async function downloadWhatsAppWebMedia(mediaUrl: string, options: MediaDownloadOptions = {}): Promise<{ data: Buffer; mimeType?: string }> {
  if (!isWhatsAppWebMediaUrl(mediaUrl)) throw new Error('not a WhatsApp Web media reference');
  const reference = referenceSchema.parse(JSON.parse(Buffer.from(mediaUrl.slice(PREFIX.length), 'base64url').toString('utf8')));
  // Without a URL, Baileys builds one on WhatsApp's own CDN from the direct path.
  if (reference.url && !(options.isAllowedUrl ?? isWhatsAppCdn)(new URL(reference.url))) throw new Error('media URL is not on WhatsApp\'s CDN');
  const mediaType: MediaType = reference.type;
  const stream = await downloadContentFromMessage(
    { mediaKey: Buffer.from(reference.mediaKey, 'base64'), directPath: reference.directPath ?? null, url: reference.url ?? null },
    mediaType,
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return { data: Buffer.concat(chunks), ...(reference.mimeType ? { mimeType: reference.mimeType } : {}) };
}
