import { describe, expect, it } from 'vitest';
import { SendPacer } from './send-pacer.ts';

const pacing = { minGapMs: 40, maxGapMs: 80, sameChatGapMs: 150, dailyWarnAt: 1000 };

async function timedSends(pacer: SendPacer, chats: string[]): Promise<number[]> {
  const startedAt: number[] = [];
  await Promise.all(chats.map((chat) => pacer.run(chat, async () => startedAt.push(performance.now()))));
  return startedAt;
}

describe('WhatsApp Web send pacer', () => {
  it('when several chats get messages at once, then they go one at a time with a jittered gap between bounds', async () => {
    const startedAt = await timedSends(new SendPacer(pacing), ['a', 'b', 'c', 'd']);
    const gaps = startedAt.slice(1).map((time, index) => time - (startedAt[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(38);
  });

  it('when the same chat gets several messages at once, then they are at least the same-chat gap apart', async () => {
    const startedAt = await timedSends(new SendPacer(pacing), ['a', 'a', 'a']);
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(145);
    expect((startedAt[2] ?? 0) - (startedAt[1] ?? 0)).toBeGreaterThanOrEqual(145);
  });

  it('when the random draw is at its top or bottom, then the gap is the maximum or the minimum', async () => {
    const extremes = [0, 1];
    let draw = 0;
    const pacer = new SendPacer({ ...pacing, random: () => extremes[draw++ % 2] ?? 0 });
    const startedAt = await timedSends(pacer, ['a', 'b', 'c']);
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(78);
    expect((startedAt[2] ?? 0) - (startedAt[1] ?? 0)).toBeGreaterThanOrEqual(38);
  });

  it('when a send fails, then its caller gets the error and the next send still goes', async () => {
    const pacer = new SendPacer({ ...pacing, minGapMs: 0, maxGapMs: 0, sameChatGapMs: 0 });
    const failing = pacer.run('a', async () => {
      throw new Error('not connected');
    });
    const next = pacer.run('b', async () => 'sent');
    await expect(failing).rejects.toThrow('not connected');
    await expect(next).resolves.toBe('sent');
  });

  it('when a day\'s sends reach the warning level, then the warning fires once', async () => {
    const warnings: number[] = [];
    const pacer = new SendPacer({ minGapMs: 0, maxGapMs: 0, sameChatGapMs: 0, dailyWarnAt: 3, onDailyVolume: (count) => warnings.push(count) });
    await timedSends(pacer, ['a', 'b', 'c', 'd', 'e']);
    expect(warnings).toEqual([3]);
  });
});
