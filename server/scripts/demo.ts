// `npm run demo`: load the demo dental clinic into the configured database (embedded by default), then exit.
import { startPlatform } from '../platform.ts';

const platform = await startPlatform({ env: { DEMO: '1', PORT: '0', WORKER: '0' } });
process.stdout.write(`Demo clinic ready. Start the platform with \`npm start\` and log in at ${platform.config.publicUrl}.\n`);
await platform.close();
