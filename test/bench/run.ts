// `npm run bench`: the inbox's speed targets, measured on the real platform (embedded PGlite in memory, or
// BENCH_DATABASE_URL) over real HTTP. Each benchmark is bounded in count; it prints a table and exits.
// Targets are printed beside the measurements; a miss exits non-zero so it shows, without making a test flaky.
// The throughput benchmark's load generator, socket agent and INSERT client run as child processes (README.md).
import { startPlatform } from '../../server/platform.ts';
import { benchInboxList } from './inboxList.bench.ts';
import { benchInboundIngest } from './inboundIngest.bench.ts';
import { benchInboundThroughput } from './inboundThroughput.bench.ts';
import type { BenchResult } from './measure.ts';

const ADMIN = { email: 'bench@clinic.test', password: 'bench-password-42' };

async function main(): Promise<void> {
  const platform = await startPlatform({
    inMemory: !process.env.BENCH_DATABASE_URL,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: process.env.BENCH_DATABASE_URL,
      BOOTSTRAP_CLINIC_NAME: 'Clínica Banco de Pruebas',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DEMO: '0',
      WORKER: '0',
      WHATSAPP_WEB_SESSIONS: '0',
    },
  });
  const results: BenchResult[] = [];
  try {
    const cookie = await login(platform.url);
    // `npm run bench -- throughput` runs only the benchmarks whose name contains a given word.
    const only = process.argv.slice(2);
    const benches = { list: benchInboxList, ingest: benchInboundIngest, throughput: benchInboundThroughput };
    for (const [name, bench] of Object.entries(benches)) {
      if (only.length === 0 || only.some((word) => name.includes(word))) results.push(...(await bench(platform, cookie)));
    }
  } finally {
    await platform.close();
  }
  printTable(results);
  if (results.some((result) => !result.met)) process.exitCode = 1;
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !cookie) throw new Error(`bench login failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [r.name, r.measured, r.target, r.info ? '' : r.met ? 'ok' : 'MISSED']);
  const header = ['benchmark', 'measured', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
