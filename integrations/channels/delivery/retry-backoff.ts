// When to try a failed send again: exponential backoff with jitter, up to a number of attempts.
// Only transient errors are retried; permanent ones (unsubscribed, invalid number) fail at once.
import { ChannelSendError } from '../channel-send-error.ts';

export interface RetryPolicy {
  /** Delay before the second attempt (before jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total attempts, the first included. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 10_000, maxDelayMs: 15 * 60_000, maxAttempts: 6 };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'permanent' | 'attempts_exhausted' };

/**
 * `attemptsMade` counts the attempt that just failed (1 after the first failure).
 * Errors that are not ChannelSendError count as transient: a bug must not silently drop a patient's message,
 * and the attempt limit still ends it.
 */
export function planRetry(error: unknown, attemptsMade: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): RetryDecision {
  if (error instanceof ChannelSendError && error.kind === 'permanent') return { retry: false, reason: 'permanent' };
  if (attemptsMade >= policy.maxAttempts) return { retry: false, reason: 'attempts_exhausted' };
  return { retry: true, delayMs: backoffDelayMs(attemptsMade, policy, random) };
}

/** "Equal jitter": half the exponential step fixed, half random, so retries spread without collapsing to 0. */
export function backoffDelayMs(attemptsMade: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'> = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}
