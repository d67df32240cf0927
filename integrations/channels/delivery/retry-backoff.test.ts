import { describe, expect, it } from 'vitest';
import { ChannelSendError } from '../channel-send-error.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, planRetry } from './retry-backoff.ts';

const policy = { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 4 };

describe('retry backoff', () => {
  it('when attempts fail in a row, then the delay doubles between half and all of each step', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(1000);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(4000);
  });

  it('when the exponential step passes the maximum, then the delay is capped', () => {
    expect(backoffDelayMs(10, policy, () => 1)).toBe(8000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(4000);
  });

  it('when many sends fail at once, then jitter spreads their retries', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('when the error is transient and attempts remain, then it is retried after a backoff delay', () => {
    expect(planRetry(ChannelSendError.transient('20500', 'Internal Server Error'), 1, policy, () => 0)).toEqual({ retry: true, delayMs: 500 });
  });

  it('when the error is permanent, then it is not retried', () => {
    expect(planRetry(ChannelSendError.permanent('21610', 'Attempt to send to unsubscribed recipient'), 1, policy)).toEqual({ retry: false, reason: 'permanent' });
  });

  it('when the attempts are used up, then it is not retried', () => {
    expect(planRetry(ChannelSendError.transient('ETIMEDOUT', 'timeout'), 4, policy)).toEqual({ retry: false, reason: 'attempts_exhausted' });
  });

  it('when an unexpected error is thrown, then it is treated as transient within the attempt limit', () => {
    expect(planRetry(new Error('socket hang up'), 1, policy, () => 1)).toEqual({ retry: true, delayMs: 1000 });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });
});
