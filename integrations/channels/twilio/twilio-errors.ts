// Twilio's failures sorted for the outbox: retry what may pass later, fail at once what never will.
import twilio from 'twilio';
import { ChannelSendError, MAY_HAVE_REACHED_NETWORK_CODES, TRANSIENT_NETWORK_CODES, errorCodeOf, errorMessageOf } from '../channel-send-error.ts';

/** Codes that will not pass on a retry (https://www.twilio.com/docs/api/errors). */
export const TWILIO_PERMANENT_CODES: Readonly<Record<number, string>> = {
  20003: 'Authentication failed: check the account SID and auth token',
  20404: 'Resource not found',
  21211: 'Invalid "To" phone number',
  21212: 'Invalid "From" phone number',
  21408: 'Permission to send to this region is not enabled',
  21606: 'The "From" number cannot send this kind of message',
  21610: 'The recipient has unsubscribed (replied STOP)',
  21612: 'Cannot route to this number',
  21614: '"To" is not a valid mobile number',
  21617: 'The message body is too long',
  21659: 'The "From" number is not a Twilio number on this account',
  63003: 'Channel could not find the destination address',
  63007: 'No WhatsApp sender for this "From" address',
  63016: 'Outside the WhatsApp 24-hour window: a template is required',
  63024: 'Invalid WhatsApp recipient',
  63032: 'The recipient has opted out of business messages',
};

/** Refusals that mean the recipient unsubscribed: the patient's opt-out, to be recorded. */
const TWILIO_OPT_OUT_CODES = new Set([21610, 63032]);

/** Codes Twilio uses for throttling and queue overflow: wait and try again. */
const TWILIO_TRANSIENT_CODES = new Set([20429, 14107, 30001, 63018]);

/**
 * Server errors after which Twilio may have created the message anyway (an internal error or a gateway that
 * lost the answer). 503 and 429 are refusals before any work, so a plain retry is safe after them.
 */
const MAY_HAVE_BEEN_CREATED_STATUSES = new Set([500, 502, 504]);

export function classifyTwilioError(error: unknown): ChannelSendError {
  if (error instanceof twilio.RestException) {
    const code = error.code ?? error.status;
    const reason = error.message || TWILIO_PERMANENT_CODES[code] || `Twilio answered HTTP ${error.status}`;
    if (MAY_HAVE_BEEN_CREATED_STATUSES.has(error.status)) return ChannelSendError.unconfirmed(String(code), reason, error);
    if (error.status === 429 || error.status >= 500 || TWILIO_TRANSIENT_CODES.has(code)) {
      return ChannelSendError.transient(String(code), reason, error);
    }
    if (TWILIO_OPT_OUT_CODES.has(code)) return ChannelSendError.optedOut(String(code), reason, error);
    // Any other 4xx is a request Twilio rejects as written: sending it again gives the same answer.
    return ChannelSendError.permanent(String(code), reason, error);
  }
  const networkCode = errorCodeOf(error);
  if (networkCode && MAY_HAVE_REACHED_NETWORK_CODES.has(networkCode)) return ChannelSendError.unconfirmed(networkCode, errorMessageOf(error), error);
  if (networkCode && TRANSIENT_NETWORK_CODES.has(networkCode)) {
    return ChannelSendError.transient(networkCode, errorMessageOf(error), error);
  }
  return ChannelSendError.transient('unknown', errorMessageOf(error), error);
}
