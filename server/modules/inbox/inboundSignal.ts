// Between the inbox, which queues inbound jobs, and this instance's inbound worker, which runs them: a wake-up
// for new jobs, and a way to wait until one has been tried (the simulator answers once the bot has).
export type InboundSignal = {
  /** A job was queued: the worker here (if any) looks at once instead of at its next poll. */
  wake(): void;
  /** The worker registers here; it reports every attempt it finishes. */
  attach(wake: () => void): { attempted: (jobId: string) => void; detach: () => void };
  /**
   * Resolves once the job has been tried (by this instance or another), or after `timeoutMs` (an earlier
   * message of the conversation may be waiting for a retry); at once when no worker runs here.
   */
  tried(jobId: string, timeoutMs?: number): Promise<void>;
};

type JobProgress = { state: string; attempts: number } | null;

const POLL_MS = 200;

export function createInboundSignal(lookup: (jobId: string) => Promise<JobProgress>): InboundSignal {
  const workers = new Set<() => void>();
  const waiting = new Map<string, Set<() => void>>();

  const settle = (jobId: string) => {
    for (const resolve of waiting.get(jobId) ?? []) resolve();
    waiting.delete(jobId);
  };

  return {
    wake: () => workers.forEach((wake) => wake()),

    attach(wake) {
      workers.add(wake);
      return { attempted: settle, detach: () => void workers.delete(wake) };
    },

    tried(jobId, timeoutMs = 15_000) {
      if (workers.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let finished = false;
        const done = () => {
          finished = true;
          clearTimeout(timer);
          waiting.get(jobId)?.delete(done);
          resolve();
        };
        const deadline = Date.now() + timeoutMs;
        // Another instance may take the job: its state in the database tells.
        const poll = async () => {
          const progress = await lookup(jobId).catch(() => undefined);
          if (finished) return;
          if (progress === null || (progress && progress.attempts > 0 && progress.state !== 'processing') || Date.now() >= deadline) return done();
          timer = setTimeout(() => void poll(), POLL_MS);
          timer.unref();
        };
        waiting.set(jobId, (waiting.get(jobId) ?? new Set()).add(done));
        void poll();
      });
    },
  };
}
