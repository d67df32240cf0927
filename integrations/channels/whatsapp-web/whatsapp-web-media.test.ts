import { createServer } from 'node:http';
import { encryptedStream, WAProto } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOf } from '../../../test/stand-ins/twilio/twilio-stand-in.ts';
import { mapBaileysMessage } from './baileys-message-mapper.ts';
import { downloadWhatsAppWebMedia, isWhatsAppWebMediaUrl, toWhatsAppWebMediaUrl } from './whatsapp-web-media.ts';

/** Plays WhatsApp's media CDN: serves one file encrypted the way WhatsApp encrypts it (Baileys' own encryptedStream). */
describe('WhatsApp Web media references', () => {
  const photo = Buffer.from('%PDF-1.4 receta de la Dra. López', 'utf8');
  let cdnUrl = '';
  let mediaKey: Uint8Array = Buffer.alloc(0);
  const server = createServer();

  beforeAll(async () => {
    const encrypted = await encryptedStream(photo, 'image');
    mediaKey = encrypted.mediaKey;
    const chunks: Buffer[] = [];
    for await (const chunk of encrypted.encWriteStream) chunks.push(Buffer.from(chunk));
    const file = Buffer.concat(chunks);
    server.on('request', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(file);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cdnUrl = `http://127.0.0.1:${portOf(server.address())}/v/t62.7118-24/photo.enc`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when a patient sends an image, then its media URL is a reference that downloads to the original bytes', async () => {
    const info = WAProto.WebMessageInfo.fromObject({
      key: { remoteJid: '34600111222@s.whatsapp.net', fromMe: false, id: '3EB0MEDIA0001' },
      messageTimestamp: 1767258000,
      message: { imageMessage: { url: cdnUrl, mimetype: 'image/jpeg', caption: 'Mi receta', mediaKey } },
    });

    const [attachment] = mapBaileysMessage(info)?.media ?? [];
    expect(attachment && isWhatsAppWebMediaUrl(attachment.url)).toBe(true);

    const downloaded = await downloadWhatsAppWebMedia(attachment?.url ?? '', { isAllowedUrl: (url) => url.hostname === '127.0.0.1' });
    expect(downloaded.mimeType).toBe('image/jpeg');
    expect(downloaded.data.equals(photo)).toBe(true);
  });

  it('when a reference points outside WhatsApp\'s CDN, then it is not fetched', async () => {
    const reference = toWhatsAppWebMediaUrl('image', { url: 'http://169.254.169.254/latest/meta-data', mediaKey: Buffer.alloc(32, 1) }) ?? '';
    await expect(downloadWhatsAppWebMedia(reference)).rejects.toThrow("not on WhatsApp's CDN");
    await expect(downloadWhatsAppWebMedia(toWhatsAppWebMediaUrl('image', { url: cdnUrl, mediaKey }) ?? '')).rejects.toThrow("not on WhatsApp's CDN");
  });

  it('when a media message carries no key, then there is no reference', () => {
    expect(toWhatsAppWebMediaUrl('image', { url: cdnUrl })).toBeUndefined();
  });

  it('when the reference is not one of ours or is malformed, then downloading throws', async () => {
    await expect(downloadWhatsAppWebMedia('https://example.com/a.jpg')).rejects.toThrow('not a WhatsApp Web media reference');
    await expect(downloadWhatsAppWebMedia('whatsapp-web-media:bm90LWpzb24')).rejects.toThrow();
  });
});
