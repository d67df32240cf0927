// Composition root for `npm start`: read config, start the platform, stop cleanly on signals.
import { ConfigError } from './config/env.ts';
import { startPlatform } from './platform.ts';

try {
  const platform = await startPlatform();
  const stop = async () => {
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
    process.exit(1);
  }
  throw error;
}
