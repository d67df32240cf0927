// `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` checked in constant time; anything else is a forgery.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyPmsSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value a PMS sends for this body (tests and the README's example use it). */
export function signPmsBody(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
