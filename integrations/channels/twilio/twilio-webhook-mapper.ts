// Twilio's form-encoded webhooks (inbound messages and status callbacks) translated to our shapes.
import type { ChannelKind, InboundMessage, MediaAttachment, SharedLocation, StatusUpdate } from '../channel.ts';
import { toE164 } from '../phone.ts';
import { TWILIO_PERMANENT_CODES } from './twilio-errors.ts';
import { toMessageStatus } from './twilio-status.ts';

type FormBody = Record<string, unknown>;

/** An inbound message webhook → one message; [] for payloads that are not one, or from another account. */
export function mapTwilioInbound(body: FormBody, kind: ChannelKind, accountSid: string): InboundMessage[] {
  const messageSid = field(body, 'MessageSid') ?? field(body, 'SmsMessageSid');
  const from = toE164(field(body, 'From') ?? '');
  if (!messageSid || !from || field(body, 'AccountSid') !== accountSid) return [];

  const text = field(body, 'Body') ?? '';
  const media = mediaOf(body, text);
  const buttonText = field(body, 'ButtonText');
  const buttonPayload = field(body, 'ButtonPayload');
  const to = toE164(field(body, 'To') ?? '');
  const profileName = field(body, 'ProfileName');
  const location = locationOf(body);
  return [
    {
      providerMessageId: messageSid,
      from,
      ...(to ? { to } : {}),
      kind,
      text: text || buttonText || '',
      media,
      ...(buttonText ? { buttonReply: { text: buttonText, ...(buttonPayload ? { payload: buttonPayload } : {}) } } : {}),
      sentByClinic: false,
      ...(profileName ? { profileName } : {}),
      ...(location ? { location } : {}),
      receivedAt: new Date(),
    },
  ];
}

/** A status callback → one update; [] when it carries no status we track. */
export function mapTwilioStatus(body: FormBody): StatusUpdate[] {
  const messageSid = field(body, 'MessageSid') ?? field(body, 'SmsSid');
  const twilioStatus = field(body, 'MessageStatus') ?? field(body, 'SmsStatus');
  const status = twilioStatus ? toMessageStatus(twilioStatus) : undefined;
  if (!messageSid || !status) return [];
  const errorCode = field(body, 'ErrorCode');
  const errorReason = field(body, 'ErrorMessage') ?? (errorCode ? TWILIO_PERMANENT_CODES[Number(errorCode)] : undefined);
  return [
    {
      providerMessageId: messageSid,
      status,
      ...(errorCode ? { errorCode } : {}),
      ...(errorReason ? { errorReason } : {}),
      at: new Date(),
    },
  ];
}

/** Media URLs point at Twilio and need the account's Basic auth to download. */
function mediaOf(body: FormBody, caption: string): MediaAttachment[] {
  const count = Number.parseInt(field(body, 'NumMedia') ?? '0', 10);
  const media: MediaAttachment[] = [];
  for (let index = 0; index < Math.min(count, 10); index++) {
    const url = field(body, `MediaUrl${index}`);
    if (!url) continue;
    const mimeType = field(body, `MediaContentType${index}`);
    media.push({ url, ...(mimeType ? { mimeType } : {}), ...(index === 0 && caption ? { caption } : {}) });
  }
  return media;
}

/** WhatsApp locations come as `Latitude`, `Longitude` and, for a named place, `Label` and `Address`. */
function locationOf(body: FormBody): SharedLocation | undefined {
  const latitude = Number.parseFloat(field(body, 'Latitude') ?? '');
  const longitude = Number.parseFloat(field(body, 'Longitude') ?? '');
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  const label = field(body, 'Label');
  const address = field(body, 'Address');
  return { latitude, longitude, ...(label ? { label } : {}), ...(address ? { address } : {}) };
}

function field(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
