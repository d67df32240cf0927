// Group commit: calls that arrive while a batch is being written wait and go together in the next one, so under
// load one statement stores many messages, and alone a message is written at once (no timer, no added wait).
// A batch that fails is tried again one item at a time, so one bad item fails alone and not its neighbours.

export type GroupCommit<In, Out> = {
  submit(item: In): Promise<Out>;
  /** Resolves when nothing is queued or being written (for shutdown). */
  idle(): Promise<void>;
  /** Items waiting behind the batches being written: above zero, arrivals outpace one write at a time. */
  waiting(): number;
};

export type GroupCommitOptions = {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches written at once; with 1, batches of one process never contend for the same rows. */
  maxInFlight: number;
  /** Whether a failed batch is worth trying item by item (not when the database is away: all would fail again). */
  retryAlone?: (error: unknown) => boolean;
};

type Waiting<In, Out> = { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void };

export function createGroupCommit<In, Out>(write: (items: In[]) => Promise<Out[]>, options: GroupCommitOptions): GroupCommit<In, Out> {
  const queue: Waiting<In, Out>[] = [];
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight += 1;
      void writeBatch(batch).finally(() => {
        inFlight -= 1;
        pump();
        if (inFlight === 0 && queue.length === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }
  }

  async function writeBatch(batch: Waiting<In, Out>[]): Promise<void> {
    try {
      const outs = await write(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, i) => waiting.resolve(outs[i]!));
    } catch (error) {
      if (batch.length === 1 || options.retryAlone?.(error) === false) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) {
        try {
          waiting.resolve((await write([waiting.item]))[0]!);
        } catch (alone) {
          waiting.reject(alone);
        }
      }
    }
  }

  return {
    submit(item) {
      return new Promise<Out>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    waiting: () => queue.length,
    idle() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
