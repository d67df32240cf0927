// Builds the inbox UI once for all browser tests, as `npm start` does, before any of them runs: each file
// building it again would race on inbox-ui/dist when files run in parallel.
import { execFileSync } from 'node:child_process';

export default function buildInboxUi(): void {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
