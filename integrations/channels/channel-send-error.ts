// The one error a channel's `send` throws. The outbox retries `transient` ones and marks `permanent` ones failed.
// A transient error may also say the request could have reached the provider (a timeout after the body went out,
// a reset, a gateway error): the outbox then asks the provider before any resend instead of sending blindly.
export type SendErrorKind = 'transient' | 'permanent';

export class ChannelSendError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    /** The provider's code (`21610`, `429`, `ETIMEDOUT`, `550`…) as a string. */
    readonly code: string,
    /** The provider's own explanation, shown to staff on a failed message. */
    readonly reason: string,
    options?: { cause?: unknown; mayHaveBeenSent?: boolean; recipientOptedOut?: boolean },
  ) {
    super(`${kind} send error ${code}: ${reason}`, options);
    this.name = 'ChannelSendError';
    this.mayHaveBeenSent = kind === 'transient' && (options?.mayHaveBeenSent ?? false);
    this.recipientOptedOut = options?.recipientOptedOut ?? false;
  }

  /** The provider refuses because the recipient unsubscribed with it (replied STOP to the provider itself). */
  readonly recipientOptedOut: boolean;

  /** The provider may have taken the message although we got no answer: check before sending it again. */
  readonly mayHaveBeenSent: boolean;

  get isTransient(): boolean {
    return this.kind === 'transient';
  }

  static transient(code: string, reason: string, cause?: unknown): ChannelSendError {
    return new ChannelSendError('transient', code, reason, { cause });
  }

  /** No answer we can trust, but the request went out: retry only after asking the provider. */
  static unconfirmed(code: string, reason: string, cause?: unknown): ChannelSendError {
    return new ChannelSendError('transient', code, reason, { cause, mayHaveBeenSent: true });
  }

  static permanent(code: string, reason: string, cause?: unknown): ChannelSendError {
    return new ChannelSendError('permanent', code, reason, { cause });
  }

  static optedOut(code: string, reason: string, cause?: unknown): ChannelSendError {
    return new ChannelSendError('permanent', code, reason, { cause, recipientOptedOut: true });
  }
}

/** Network failures worth another try whatever the provider (Node and axios error codes). */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNABORTED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_NETWORK',
  'ETIMEOUT',
  'ESOCKET',
  'ECONNECTION',
]);

/**
 * Network failures after which the provider may still have taken the request: it went out, and the answer
 * never came (timed out, connection reset mid-answer, broken pipe while it was being read).
 */
export const MAY_HAVE_REACHED_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNABORTED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ETIMEOUT']);

/** The `code` property of an unknown thrown value, if it has a string one. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    if (typeof code === 'string') return code;
    if (typeof code === 'number') return String(code);
  }
  return undefined;
}

export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
