// Timing helpers for the benchmarks: percentiles of repeated requests, throughput of a bounded batch.
import { performance } from 'node:perf_hooks';

export type BenchResult = { name: string; measured: string; target: string; met: boolean };

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
