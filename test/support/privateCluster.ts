// A PostgreSQL cluster of the test's own, on its own port and data directory, that the test may stop and
// start (a restart, a failover) without touching the machine's main cluster. Debian's server binaries
// (package postgresql, which .ci/run installs) run as the `postgres` user when the test runs as root.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort.ts';

const run = promisify(execFile);

export type PrivateCluster = { url: string; stop: () => Promise<void>; start: () => Promise<void>; destroy: () => Promise<void> };

export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(join(root, v, 'bin', 'initdb')));
  return version ? join(root, version, 'bin') : null;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL server binaries not found (Debian package postgresql)');
  const dir = mkdtempSync('/tmp/clinic-pg-');
  const asRoot = userInfo().uid === 0;
  const postgresIds = asRoot ? await run('id', ['-u', 'postgres']).then(async ({ stdout }) => [Number(stdout), Number((await run('id', ['-g', 'postgres'])).stdout)]) : null;
  if (postgresIds) chownSync(dir, postgresIds[0]!, postgresIds[1]!);
  const tool = (name: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args]) : run(join(bin, name), args));

  const data = join(dir, 'data');
  const port = await freePort();
  await tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => void (await tool('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']));
  // Fast shutdown: open sessions are terminated (57P01), as in a managed database's restart or failover.
  const stop = async () => void (await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
