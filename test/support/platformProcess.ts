// The real server (`server/main.ts`) in its own process, so a test can kill it with SIGKILL mid-work, as an
// out-of-memory kill or a lost machine would, and start it again on the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './freePort.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type PlatformProcess = { url: string; child: ChildProcess; kill: () => Promise<void>; stop: () => Promise<void> };

export async function startPlatformProcess(env: Record<string, string>): Promise<PlatformProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DEMO: '0', WHATSAPP_WEB_SESSIONS: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  await waitUntilServing(url, child, () => stderr);
  return { url, child, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  // Bounded by the test's timeout; a process that exits early fails at once with what it printed.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the platform process exited (${child.exitCode}): ${stderr()}`);
    const ok = await fetch(`${url}/healthz`).then((res) => res.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
