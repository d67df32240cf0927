// Keeps the outbox moving in this process: a short poll plus a wake-up when a message is queued.
// The claim (FOR UPDATE SKIP LOCKED) is the distributed lock, so every instance may run one. Starting takes back
// at once what this instance (same name) held when its previous run died.
import type { Logger } from '../logger.ts';
import { dispatchOutbox, type DispatchDeps } from '../modules/outbox/dispatchOutbox.ts';

export type OutboxWorker = { wake: () => void; stop: () => Promise<void>; drain: () => Promise<void> };

export async function startOutboxWorker(deps: DispatchDeps, logger: Logger, pollMs = 1000): Promise<OutboxWorker> {
  if (deps.instance) {
    const released = await deps.outbox.releaseClaimsOf(deps.instance);
    if (released > 0) logger.info({ released }, 'sends this instance held before its restart are checked and resumed now');
  }
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const runOnce = async () => {
    do {
      again = false;
      try {
        // Keep going while full batches come back.
        while (!stopped && (await dispatchOutbox(deps)) > 0);
      } catch (error) {
        logger.error({ err: error }, 'outbox dispatch failed');
      }
    } while (again && !stopped);
  };

  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce().finally(() => {
      running = null;
    });
  };

  const timer = setInterval(wake, pollMs);
  timer.unref();

  return {
    wake,
    /** Resolves once everything due now has been processed (tests, shutdown). */
    async drain() {
      wake();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
