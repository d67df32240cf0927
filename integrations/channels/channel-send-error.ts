// The one error a channel's `send` throws. The outbox retries `transient` ones and marks `permanent` ones failed.
export type SendErrorKind = 'transient' | 'permanent';

export class ChannelSendError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    /** The provider's code (`21610`, `429`, `ETIMEDOUT`, `550`…) as a string. */
    readonly code: string,
    /** The provider's own explanation, shown to staff on a failed message. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind} send error ${code}: ${reason}`, options);
    this.name = 'ChannelSendError';
  }

  get isTransient(): boolean {
    return this.kind === 'transient';
  }

  static transient(code: string, reason: string, cause?: unknown): ChannelSendError {
    return new ChannelSendError('transient', code, reason, { cause });
  }

  static permanent(code: string, reason: string, cause?: unknown): ChannelSendError {
    return new ChannelSendError('permanent', code, reason, { cause });
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
