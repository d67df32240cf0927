import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './groupCommit.ts';

/** A writer whose batches finish only when the test says so, recording what each batch held. */
function controlledWriter(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) => {
      pending.push(() => (items.some(fail) ? reject(new Error(`bad ${items.filter(fail).join(',')}`)) : resolve(items.map((item) => `stored ${item}`))));
    });
  };
  const finishNext = async () => {
    while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, write, finishNext };
}

describe('group commit', () => {
  it('when one item arrives alone, then it is written at once in a batch of one', async () => {
    const writer = controlledWriter();
    const commit = createGroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const result = commit.submit(1);
    expect(writer.batches).toEqual([[1]]);
    await writer.finishNext();
    await expect(result).resolves.toBe('stored 1');
  });

  it('when items arrive while a batch is being written, then they go together in the next, in order, split at maxBatch', async () => {
    const writer = controlledWriter();
    const commit = createGroupCommit(writer.write, { maxBatch: 3, maxInFlight: 1 });
    const results = [1, 2, 3, 4, 5, 6].map((item) => commit.submit(item));
    expect(writer.batches).toEqual([[1]]);
    await writer.finishNext();
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    await writer.finishNext();
    await writer.finishNext();
    expect(writer.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    await expect(Promise.all(results)).resolves.toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5', 'stored 6']);
  });

  it('when a batch fails because of one item, then the others are written alone and only that one fails', async () => {
    const writer = controlledWriter((item) => item === 3);
    const commit = createGroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const first = commit.submit(1);
    const rest = [2, 3, 4].map((item) => commit.submit(item).then((out) => out, (error: Error) => error.message));
    await writer.finishNext(); // [1]
    await writer.finishNext(); // [2, 3, 4] fails
    for (let i = 0; i < 3; i++) await writer.finishNext(); // each alone
    await expect(first).resolves.toBe('stored 1');
    await expect(Promise.all(rest)).resolves.toEqual(['stored 2', 'bad 3', 'stored 4']);
    expect(writer.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('when a batch fails for a reason every item shares (the database is away), then all fail without being tried one by one', async () => {
    const writer = controlledWriter(() => true);
    const commit = createGroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1, retryAlone: () => false });
    const first = commit.submit(1).catch((error: Error) => error.message);
    const rest = [2, 3].map((item) => commit.submit(item).catch((error: Error) => error.message));
    await writer.finishNext();
    await writer.finishNext();
    await expect(first).resolves.toBe('bad 1');
    await expect(Promise.all(rest)).resolves.toEqual(['bad 2,3', 'bad 2,3']);
    expect(writer.batches).toEqual([[1], [2, 3]]);
  });

  it('when two batches may be in flight, then the second starts before the first ends', async () => {
    const writer = controlledWriter();
    const commit = createGroupCommit(writer.write, { maxBatch: 2, maxInFlight: 2 });
    const results = [1, 2, 3].map((item) => commit.submit(item));
    expect(writer.batches).toEqual([[1], [2]]);
    await writer.finishNext();
    expect(writer.batches).toEqual([[1], [2], [3]]);
    await writer.finishNext();
    await writer.finishNext();
    await expect(Promise.all(results)).resolves.toEqual(['stored 1', 'stored 2', 'stored 3']);
  });
});

describe('group commit with keys', () => {
  it('when an item\'s key is in a batch being written, then it waits for that batch, keeps its order, and other keys go ahead', async () => {
    const writer = controlledWriter();
    const commit = createGroupCommit<number, string>(writer.write, { maxBatch: 10, maxInFlight: 2, keyOf: (item) => (item % 2 === 0 ? 'even' : 'odd') });
    const results = [1, 3, 2, 5, 4].map((item) => commit.submit(item));
    // 1 goes at once; 3 (odd, like 1) waits; 2 starts the second batch; 5 waits behind 3; 4 waits behind 2.
    expect(writer.batches).toEqual([[1], [2]]);
    await writer.finishNext();
    expect(writer.batches).toEqual([[1], [2], [3, 5]]);
    await writer.finishNext();
    expect(writer.batches).toEqual([[1], [2], [3, 5], [4]]);
    await writer.finishNext();
    await writer.finishNext();
    await expect(Promise.all(results)).resolves.toEqual(['stored 1', 'stored 3', 'stored 2', 'stored 5', 'stored 4']);
  });
});
