// Group commit: calls that arrive while a batch is being written wait and go together in the next one, so under
// load one statement stores many messages, and alone a message is written at once (no timer, no added wait).
// A batch that fails is tried again one item at a time, so one bad item fails alone and not its neighbours.

export type GroupCommit<In, Out> = {
  submit(item: In): Promise<Out>;
  /** Items waiting behind the batches being written: above zero, arrivals outpace one write at a time. */
  waiting(): number;
};

export type GroupCommitOptions<In> = {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches written at once; with 1, batches of one process never contend for the same rows. */
  maxInFlight: number;
  /**
   * Items with the same key are never in two batches being written at once, and keep their order: with several
   * batches in flight, two of them then never contend for the same rows (one conversation, say).
   */
  keyOf?: (item: In) => string;
  /** Whether a failed batch is worth trying item by item (not when the database is away: all would fail again). */
  retryAlone?: (error: unknown) => boolean;
};

type Waiting<In, Out> = { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void };

export function createGroupCommit<In, Out>(write: (items: In[]) => Promise<Out[]>, options: GroupCommitOptions<In>): GroupCommit<In, Out> {
  const queue: Waiting<In, Out>[] = [];
  let inFlight = 0;

  const keysInFlight = new Map<string, number>();

  /** The next batch: queued items in order, up to maxBatch, leaving behind (in order) those whose key is being written. */
  function takeBatch(): Waiting<In, Out>[] {
    if (!options.keyOf) return queue.splice(0, options.maxBatch);
    const batch: Waiting<In, Out>[] = [];
    const held = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < options.maxBatch; ) {
      const key = options.keyOf(queue[i]!.item);
      if (keysInFlight.has(key) || held.has(key)) {
        held.add(key);
        i += 1;
      } else batch.push(...queue.splice(i, 1));
    }
    return batch;
  }

  function track(batch: Waiting<In, Out>[], delta: 1 | -1): void {
    if (!options.keyOf) return;
    for (const { item } of batch) {
      const key = options.keyOf(item);
      const count = (keysInFlight.get(key) ?? 0) + delta;
      if (count > 0) keysInFlight.set(key, count);
      else keysInFlight.delete(key);
    }
  }

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      if (batch.length === 0) return;
      inFlight += 1;
      track(batch, 1);
      void writeBatch(batch).finally(() => {
        inFlight -= 1;
        track(batch, -1);
        pump();
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
  };
}
