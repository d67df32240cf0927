// The bench's helper processes (webhook load generator, socket agent, insert client) run apart from the
// platform, so what they spend is not counted against it: forked under tsx and talked to over IPC.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export type BenchChild = {
  send: (message: object) => void;
  /** The child's next message, in order; rejects if it exits first. */
  next: <T>() => Promise<T>;
  /** Waits for the child to exit (it does once its work is done), killing it after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
};

export function forkBenchChild(script: URL): BenchChild {
  const name = fileURLToPath(script);
  const child = fork(name, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const received: unknown[] = [];
  const waiting: Array<{ resolve: (message: unknown) => void; reject: (error: Error) => void }> = [];
  let gone: Error | null = null;
  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else received.push(message);
  });
  const fail = (error: Error) => {
    gone ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(gone);
  };
  child.on('error', fail);
  child.on('exit', (code, signal) => fail(new Error(`${name} exited (${code ?? signal}) before answering`)));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    send: (message) => void child.send(message),
    next: <T>() => {
      if (received.length > 0) return Promise.resolve(received.shift() as T);
      if (gone) return Promise.reject(gone);
      return new Promise<T>((resolve, reject) => waiting.push({ resolve: resolve as (message: unknown) => void, reject }));
    },
    async stop(graceMs = 5000) {
      if (exited()) return;
      const exit = once(child, 'exit');
      const timer = setTimeout(() => child.kill(), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Child side: the parent's messages in order, and a way to answer. */
export function parentLink() {
  const received: unknown[] = [];
  const waiting: Array<(message: unknown) => void> = [];
  process.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  return {
    next: <T>() => (received.length > 0 ? Promise.resolve(received.shift() as T) : new Promise<T>((resolve) => waiting.push(resolve as (message: unknown) => void))),
    send: (message: object) => new Promise<void>((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve()))),
    /** Lets the child exit once its own handles are closed. */
    done: () => process.disconnect(),
  };
}

/** A child's main: any error is printed and exits non-zero (the parent's `next` then rejects). */
export function runChild(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
