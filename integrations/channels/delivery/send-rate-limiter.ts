// A per-channel send rate limit for the outbox dispatcher, on p-throttle (strict: no bursts at window edges).
import pThrottle from 'p-throttle';

export interface SendRateLimiter {
  /** Runs `send` when the channel has room; `weight` counts e.g. SMS segments (each takes one slot). */
  schedule<T>(send: () => Promise<T>, weight?: number): Promise<T>;
  /** Sends waiting for a slot: the dispatcher can stop claiming work when this grows. */
  readonly queueSize: number;
  /** Rejects everything still waiting (shutdown). */
  stop(reason?: string): void;
}

export function createSendRateLimiter(ratePerSecond: number): SendRateLimiter {
  if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
  const controller = new AbortController();
  // One slot every 1/rate seconds spreads sends evenly instead of firing `rate` at once each second.
  const throttle = pThrottle({ limit: 1, interval: Math.max(1, Math.round(1000 / ratePerSecond)), strict: true, signal: controller.signal });
  const slot = throttle(() => undefined);
  const run = throttle(<T>(send: () => Promise<T>) => send());

  return {
    async schedule<T>(send: () => Promise<T>, weight = 1): Promise<T> {
      for (let extra = 1; extra < Math.ceil(weight); extra++) await slot();
      return run(send);
    },
    get queueSize() {
      return run.queueSize + slot.queueSize;
    },
    stop(reason = 'rate limiter stopped') {
      controller.abort(new Error(reason));
    },
  };
}
