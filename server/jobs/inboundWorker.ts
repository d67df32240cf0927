// Runs the inbound jobs in this process: a short poll plus a wake-up when a message is stored. The claim
// (FOR UPDATE SKIP LOCKED, oldest open job per conversation) is the distributed lock, so every instance runs
// one. A job that throws is retried with backoff and, after the last attempt, marked failed with the reason.
// Stopping takes no new job and waits for those in hand; starting takes back what this instance held before.
import { backoffDelayMs } from '../../integrations/channels/delivery/retry-backoff.ts';
import type { Logger } from '../logger.ts';
import type { InboundJobRow, InboundJobsRepository } from '../modules/inbox/inboundJobs.repository.ts';
import type { InboundSignal } from '../modules/inbox/inboundSignal.ts';

export type InboundWorkerDeps = {
  jobs: InboundJobsRepository;
  handle: (job: InboundJobRow) => Promise<void>;
  /** After the last attempt failed: the conversation should reach a person. */
  onFailed: (job: InboundJobRow) => Promise<void>;
  signal: InboundSignal;
  /** This instance's stable name (config.instanceName). */
  owner: string;
  retry: { baseDelayMs: number; maxDelayMs: number; maxAttempts: number };
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  /**
   * True while patients' messages are waiting to be stored (a burst): the worker then takes one job at a time,
   * so acknowledging providers keeps the CPU, and catches up with the rest when the burst is over.
   */
  underPressure?: () => boolean;
  /** How long done jobs are kept (default 7 days); pruned at start and then hourly. */
  keepDoneMs?: number;
  now?: () => Date;
  /** How long stopping waits for the jobs in hand; what is left is taken back at the next start. */
  stopTimeoutMs?: number;
};

const KEEP_DONE_MS = 7 * 86_400_000;

export type InboundWorker = { wake: () => void; stop: () => Promise<void> };

export async function startInboundWorker(deps: InboundWorkerDeps): Promise<InboundWorker> {
  const { jobs, logger } = deps;
  const released = await jobs.releaseClaimsOf(deps.owner);
  if (released > 0) logger.info({ released }, 'inbound jobs this instance held before its restart are due again');

  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const retryTimers = new Set<NodeJS.Timeout>();

  const runJob = async (job: InboundJobRow) => {
    try {
      // Each claim counts as an attempt: a job whose worker keeps dying mid-way stops being retried too.
      if (job.attempts > deps.retry.maxAttempts) throw new InterruptedError(job.attempts - 1);
      await deps.handle(job);
      await jobs.finish(job.id);
    } catch (error) {
      await afterFailure(job, error);
    } finally {
      attachment.attempted(job.id);
    }
  };

  const afterFailure = async (job: InboundJobRow, error: unknown) => {
    // The reason is kept on the row; the log names the job and the kind of error only (no patient data).
    const reason = describe(error);
    const logged = { inboundJobId: job.id, clinicId: job.clinicId, conversationId: job.conversationId, attempt: job.attempts, error: errorKind(error) };
    try {
      if (job.attempts >= deps.retry.maxAttempts || error instanceof InterruptedError) {
        await jobs.fail(job.id, reason);
        logger.error(logged, 'inbound message could not be processed; marked failed');
        await deps.onFailed(job).catch((failure: unknown) => logger.error({ inboundJobId: job.id, error: errorKind(failure) }, 'could not hand over after a failed inbound job'));
        return;
      }
      const delayMs = backoffDelayMs(job.attempts, deps.retry);
      await jobs.retryLater(job.id, new Date(Date.now() + delayMs), reason);
      logger.warn({ ...logged, retryInMs: delayMs }, 'inbound message processing failed; will retry');
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        wake();
      }, delayMs);
      timer.unref();
      retryTimers.add(timer);
    } catch (bookkeeping) {
      // The database is away: the claim expires (or the next start takes it back) and the job runs again.
      logger.error({ inboundJobId: job.id, error: errorKind(bookkeeping) }, 'could not record an inbound job failure');
    }
  };

  const runOnce = async () => {
    do {
      again = false;
      try {
        for (;;) {
          if (stopped) break;
          const batch = await jobs.claimDue(deps.underPressure?.() ? 1 : (deps.batchSize ?? 10), new Date(), deps.owner);
          if (batch.length === 0) break;
          await Promise.all(batch.map(runJob));
        }
      } catch (error) {
        logger.error({ error: errorKind(error) }, 'claiming inbound jobs failed');
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

  const attachment = deps.signal.attach(wake);
  const timer = setInterval(wake, deps.pollMs ?? 1000);
  timer.unref();
  wake();
  const prune = () =>
    void jobs
      .deleteDoneBefore(new Date((deps.now?.() ?? new Date()).getTime() - (deps.keepDoneMs ?? KEEP_DONE_MS)))
      .then((deleted) => deleted > 0 && logger.info({ deleted }, 'pruned old done inbound jobs'))
      .catch((error: unknown) => logger.warn({ error: errorKind(error) }, 'pruning done inbound jobs failed'));
  prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();

  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(pruneTimer);
      for (const retry of retryTimers) clearTimeout(retry);
      attachment.detach();
      if (!running) return;
      let timeout: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => (timeout = setTimeout(() => resolve('timeout'), deps.stopTimeoutMs ?? 10_000)));
      const outcome = await Promise.race([running.then(() => 'drained' as const), gaveUp]);
      clearTimeout(timeout);
      if (outcome === 'timeout') logger.warn({}, 'stopped with inbound jobs still running; the next start takes them back');
    },
  };
}

/** A job claimed again and again without ever finishing: its worker died each time. */
class InterruptedError extends Error {
  constructor(interruptions: number) {
    super(`interrupted ${interruptions} times before finishing (the instance stopped or died mid-way)`);
    this.name = 'InterruptedError';
  }
}

/** What went wrong, for the job's row: the database's own message rather than the query (which holds data). */
function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return text.slice(0, 1000);
}

/** The kind of error, safe to log: its class and code, never its message. */
function errorKind(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(cause instanceof Error)) return typeof cause;
  const code = 'code' in cause && typeof cause.code === 'string' ? ` ${cause.code}` : '';
  return `${cause.name}${code}`;
}
