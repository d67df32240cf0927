// What a patient sends as media stays on Twilio's API (`https://api.twilio.com/2010-04-01/Accounts/AC…/Messages/
// MM…/Media/ME…`) behind the account's Basic auth; Twilio answers with a redirect to a short-lived URL on its
// media host, which fetch follows without the credentials (they are dropped on a redirect to another origin).
import type { TwilioConfig } from './twilio-config.ts';
import { rebaseUri } from './twilio-request-client.ts';

const TWILIO_API_ORIGIN = 'https://api.twilio.com';

export interface TwilioMediaOptions {
  timeoutMs: number;
  /** A contact card is a few kilobytes; anything far larger is not one. */
  maxBytes: number;
}

/** The media's bytes as text. Throws on a URL outside this account's media, a refusal, a timeout or an oversized file. */
export async function fetchTwilioMediaText(mediaUrl: string, config: Pick<TwilioConfig, 'accountSid' | 'authToken' | 'apiBaseUrl'>, options: TwilioMediaOptions): Promise<string> {
  const url = mediaUrlFor(mediaUrl, config);
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}` },
    redirect: 'follow',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`Twilio media answered HTTP ${response.status}`);
  }
  return readLimited(response, options.maxBytes);
}

/**
 * The account's credentials go only to Twilio's API (or the channel's `apiBaseUrl`, where Twilio's URLs are
 * rebased like every other API call) and only for this account's media.
 */
function mediaUrlFor(mediaUrl: string, config: Pick<TwilioConfig, 'accountSid' | 'apiBaseUrl'>): string {
  const original = new URL(mediaUrl);
  const base = config.apiBaseUrl ? new URL(config.apiBaseUrl) : undefined;
  const onTwilio = original.origin === TWILIO_API_ORIGIN;
  const onBase = base !== undefined && original.origin === base.origin;
  if (!onTwilio && !onBase) throw new Error('media URL is not on Twilio\'s API');
  const url = onTwilio && base ? new URL(rebaseUri(mediaUrl, base)) : original;
  if (!url.pathname.includes(`/2010-04-01/Accounts/${config.accountSid}/`)) throw new Error('media URL belongs to another account');
  return url.href;
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`Twilio media is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
