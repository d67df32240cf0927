// Timing helpers for the benchmarks: percentiles of repeated requests, throughput of a bounded batch.
import { performance } from 'node:perf_hooks';

/** `info` rows (baselines, ratios) have no target of their own: they print without ok/MISSED. */
export type BenchResult = { name: string; measured: string; target: string; met: boolean; info?: boolean };

/** Runs `run` `count` times one after the other and returns the latencies in milliseconds, sorted. */
export async function latencies(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A latency result: p50 and p95, with the target on p95. */
export function latencyResult(name: string, sorted: number[], p95TargetMs: number): BenchResult {
  const p95 = percentile(sorted, 95);
  return { name, measured: `p50 ${percentile(sorted, 50).toFixed(1)} ms · p95 ${p95.toFixed(1)} ms`, target: `p95 ≤ ${p95TargetMs} ms`, met: p95 <= p95TargetMs };
}

/** Fails loudly when a benchmark's request did not do what it measures. */
export async function expectOk(res: Response, what: string): Promise<unknown> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** What a run at fixed concurrency did: completed operations per second and their latencies (ms). */
export type RateReport = {
  ok: number;
  failed: number;
  firstError: string | null;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** The duration cap ended the run before `count` operations were started. */
  stoppedEarly: boolean;
  /** Wall clock (Date.now()) when the last operation finished: other processes compare against it. */
  endedAt: number;
};

/**
 * Runs `run(i)` for i = 0…count-1 with `concurrency` in flight, starting no new one after `maxDurationMs`.
 * An operation that throws counts as failed (the first error is kept); the rate counts successes only.
 */
export async function atConcurrency(concurrency: number, count: number, maxDurationMs: number, run: (i: number) => Promise<void>): Promise<RateReport> {
  const samples: number[] = [];
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + maxDurationMs;
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const start = performance.now();
      try {
        await run(i);
        samples.push(performance.now() - start);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const elapsedMs = performance.now() - started;
  const sorted = samples.sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? percentile(sorted, p) : Number.NaN);
  return { ok: sorted.length, failed, firstError, elapsedMs, perSecond: sorted.length / (elapsedMs / 1000), p50: at(50), p99: at(99), max: at(100), stoppedEarly: next < count, endedAt: Date.now() };
}
