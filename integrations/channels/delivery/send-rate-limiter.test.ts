import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSendRateLimiter } from './send-rate-limiter.ts';

// The clock is faked: the limiter's spacing is asserted on the time it asks for, not on how fast this machine is.
afterEach(() => {
  vi.useRealTimers();
});

describe('send rate limiter', () => {
  it('when five sends are scheduled at 20 per second, then they start at least 50 ms apart', async () => {
    vi.useFakeTimers();
    const limiter = createSendRateLimiter(20);
    const startedAt: number[] = [];

    const all = Promise.all([1, 2, 3, 4, 5].map((n) => limiter.schedule(async () => {
      startedAt.push(Date.now());
      return n * 10;
    })));
    await vi.advanceTimersByTimeAsync(1000);

    expect(await all).toEqual([10, 20, 30, 40, 50]);
    expect(startedAt).toHaveLength(5);
    const gaps = startedAt.slice(1).map((time, index) => time - (startedAt[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50);
    expect((startedAt.at(-1) ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it('when a send weighs three segments, then the next send waits for three slots', async () => {
    vi.useFakeTimers();
    const limiter = createSendRateLimiter(20);
    const startedAt: number[] = [];
    const sends = (async () => {
      await limiter.schedule(async () => startedAt.push(Date.now()));
      await limiter.schedule(async () => startedAt.push(Date.now()), 3);
      await limiter.schedule(async () => startedAt.push(Date.now()));
    })();
    await vi.advanceTimersByTimeAsync(1000);
    await sends;
    expect(startedAt).toHaveLength(3);
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(150);
    expect((startedAt[2] ?? 0) - (startedAt[1] ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('when a send fails, then the error reaches the caller and the limiter keeps working', async () => {
    const limiter = createSendRateLimiter(50);
    await expect(limiter.schedule(async () => { throw new Error('provider down'); })).rejects.toThrow('provider down');
    await expect(limiter.schedule(async () => 'ok')).resolves.toBe('ok');
  });

  it('when stopped, then waiting sends are rejected', async () => {
    const limiter = createSendRateLimiter(1);
    await limiter.schedule(async () => 'first');
    const waiting = limiter.schedule(async () => 'second');
    limiter.stop('shutting down');
    await expect(waiting).rejects.toThrow('shutting down');
  });

  it('when the rate is not positive, then creating the limiter throws', () => {
    expect(() => createSendRateLimiter(0)).toThrow(RangeError);
  });
});
