// WhatsApp bans numbers that send like machines. One session sends one message at a time, a random
// 1–3 s apart, never two to the same chat within a few seconds, and warns when a day's volume grows.
export interface SendPacerOptions {
  minGapMs: number;
  maxGapMs: number;
  /** Minimum time between two messages to the same chat. */
  sameChatGapMs: number;
  /** Messages a day after which `onDailyVolume` fires (once a day). */
  dailyWarnAt: number;
  onDailyVolume?: (count: number) => void;
  random?: () => number;
  now?: () => number;
}

export const DEFAULT_PACING = { minGapMs: 1000, maxGapMs: 3000, sameChatGapMs: 5000, dailyWarnAt: 40 } as const;

export class SendPacer {
  private tail: Promise<unknown> = Promise.resolve();
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private readonly lastSendByChat = new Map<string, number>();
  private day = '';
  private sentToday = 0;

  constructor(private readonly options: SendPacerOptions) {}

  /** Runs `send` in turn, after the pause the pacing asks for; the caller's promise settles with it. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      await sleep(this.delayFor(chatId));
      this.recordSend(chatId);
      return send();
    });
    // A failed send must not block the ones queued behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private delayFor(chatId: string): number {
    const random = this.options.random ?? Math.random;
    const gap = this.options.minGapMs + random() * (this.options.maxGapMs - this.options.minGapMs);
    const dueAt = Math.max(this.lastSendAt + gap, (this.lastSendByChat.get(chatId) ?? Number.NEGATIVE_INFINITY) + this.options.sameChatGapMs);
    return Math.max(0, dueAt - this.now());
  }

  private recordSend(chatId: string): void {
    const at = this.now();
    this.lastSendAt = at;
    this.lastSendByChat.set(chatId, at);
    const day = new Date(at).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.sentToday = 0;
    }
    this.sentToday++;
    if (this.sentToday === this.options.dailyWarnAt) this.options.onDailyVolume?.(this.sentToday);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
