// SMTP failures sorted for the outbox: 4xx and network trouble pass later, 5xx never will.
import { ChannelSendError, TRANSIENT_NETWORK_CODES, errorCodeOf, errorMessageOf } from '../channel-send-error.ts';

export function classifySmtpError(error: unknown): ChannelSendError {
  const responseCode = responseCodeOf(error);
  const reason = errorMessageOf(error);
  if (responseCode !== undefined) {
    return responseCode >= 500 ? ChannelSendError.permanent(String(responseCode), reason, error) : ChannelSendError.transient(String(responseCode), reason, error);
  }
  const code = errorCodeOf(error) ?? 'unknown';
  if (TRANSIENT_NETWORK_CODES.has(code) || code === 'EDNS' || code === 'unknown') return ChannelSendError.transient(code, reason, error);
  // EAUTH, EENVELOPE, EMESSAGE, ETLS: the account or the message is wrong, not the moment.
  return ChannelSendError.permanent(code, reason, error);
}

function responseCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'responseCode' in error && typeof error.responseCode === 'number') return error.responseCode;
  return undefined;
}
