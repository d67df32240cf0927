// Inbound messages through the simulator webhook: providers expect a fast answer (Meta: median ≤ 250 ms),
// so the time to store and acknowledge a patient's message is measured, new patients and known ones alike.
import { performance } from 'node:perf_hooks';
import type { Platform } from '../../server/platform.ts';
import { expectOk, latencies, latencyResult, type BenchResult } from './measure.ts';

const MESSAGES = 300;

export async function benchInboundIngest(platform: Platform, cookie: string): Promise<BenchResult[]> {
  // Writes carry the session's CSRF token, as the inbox UI's do.
  const { csrfToken } = (await (await fetch(`${platform.url}/api/auth/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  const write = (from: string, text: string) =>
    fetch(`${platform.url}/api/simulator/messages`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ from, text }) });

  const started = performance.now();
  const newPatients = await latencies(MESSAGES, async (i) => {
    await expectOk(await write(`+3462${String(i).padStart(7, '0')}`, 'Hola, ¿tenéis hueco mañana?'), 'inbound from a new number');
  });
  const perSecond = MESSAGES / ((performance.now() - started) / 1000);
  const knownPatients = await latencies(MESSAGES, async (i) => {
    await expectOk(await write(`+3462${String(i % 50).padStart(7, '0')}`, `Otra pregunta ${i}`), 'inbound from a known number');
  });
  return [
    latencyResult('inbound, first message from a new number', newPatients, 250),
    latencyResult('inbound, message in an open conversation', knownPatients, 250),
    { name: 'inbound, one sender in sequence', measured: `${perSecond.toFixed(0)} messages/s`, target: '≥ 20 messages/s', met: perSecond >= 20 },
  ];
}
