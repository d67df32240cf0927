import { describe, expect, it } from 'vitest';
import { createSendRateLimiter } from './send-rate-limiter.ts';

describe('send rate limiter', () => {
  it('when five sends are scheduled at 20 per second, then they start at least 50 ms apart', async () => {
    const limiter = createSendRateLimiter(20);
    const startedAt: number[] = [];

    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limiter.schedule(async () => {
      startedAt.push(performance.now());
      return n * 10;
    })));

    expect(results).toEqual([10, 20, 30, 40, 50]);
    const gaps = startedAt.slice(1).map((time, index) => time - (startedAt[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(45);
    expect((startedAt.at(-1) ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(190);
  });

  it('when a send weighs three segments, then the next send waits for three slots', async () => {
    const limiter = createSendRateLimiter(20);
    const startedAt: number[] = [];
    await limiter.schedule(async () => startedAt.push(performance.now()));
    await limiter.schedule(async () => startedAt.push(performance.now()), 3);
    await limiter.schedule(async () => startedAt.push(performance.now()));
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(140);
    expect((startedAt[2] ?? 0) - (startedAt[1] ?? 0)).toBeGreaterThanOrEqual(45);
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
