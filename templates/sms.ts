// SMS encoding and segments, from Twilio's maintained calculator rather than hand-kept GSM tables:
// GSM-7 (with the extension table: € [ ] { } ~ ^ | \ count double) 160 per single SMS, 153 per part;
// anything else (á, í, ó, ú, emoji…) turns the whole message into UCS-2: 70 single, 67 per part.
import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  encoding: SmsEncoding;
  segments: number;
  /** Characters that still fit in the last segment (basic characters of the current encoding). */
  charsLeft: number;
  /** Characters that force UCS-2, so the editor can point at them. */
  nonGsmCharacters: string[];
}

export const DEFAULT_MAX_SMS_SEGMENTS = 3;

export function measureSms(text: string): SmsMeasure {
  const message = new SegmentedMessage(text);
  const encoding: SmsEncoding = message.encodingName;
  const last = message.segments[message.segments.length - 1];
  const bitsPerChar = encoding === 'GSM-7' ? 7 : 16;
  return {
    encoding,
    segments: text.length === 0 ? 0 : message.segmentsCount,
    charsLeft: last ? Math.floor(last.freeSizeInBits() / bitsPerChar) : 0,
    nonGsmCharacters: encoding === 'UCS-2' ? [...new Set(message.getNonGsmCharacters())] : [],
  };
}
