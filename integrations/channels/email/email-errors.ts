// SMTP failures sorted for the outbox: 4xx and network trouble pass later, 5xx never will.
import { ChannelSendError, MAY_HAVE_REACHED_NETWORK_CODES, TRANSIENT_NETWORK_CODES, errorCodeOf, errorMessageOf } from '../channel-send-error.ts';

export function classifySmtpError(error: unknown): ChannelSendError {
  const responseCode = responseCodeOf(error);
  const reason = errorMessageOf(error);
  if (responseCode !== undefined) {
    return responseCode >= 500 ? ChannelSendError.permanent(String(responseCode), reason, error) : ChannelSendError.transient(String(responseCode), reason, error);
  }
  const code = errorCodeOf(error) ?? 'unknown';
  // Lost while the message itself was being handed over: the server may have queued it already.
  if (MAY_HAVE_REACHED_NETWORK_CODES.has(code) && commandOf(error) === 'DATA') return ChannelSendError.unconfirmed(code, reason, error);
  if (TRANSIENT_NETWORK_CODES.has(code) || code === 'EDNS' || code === 'unknown') return ChannelSendError.transient(code, reason, error);
  // EAUTH, EENVELOPE, EMESSAGE, ETLS: the account or the message is wrong, not the moment.
  return ChannelSendError.permanent(code, reason, error);
}

function responseCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'responseCode' in error && typeof error.responseCode === 'number') return error.responseCode;
  return undefined;
}

/** nodemailer names the SMTP command an error happened in (`CONN`, `RCPT TO`, `DATA`…). */
function commandOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'command' in error && typeof error.command === 'string') return error.command;
  return undefined;
}
