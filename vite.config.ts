// One config for the inbox UI build (Vite + Svelte) and the test suite (Vitest).
// Tests run twice: on embedded PGlite always, and on a real PostgreSQL server when one is reachable
// (TEST_DATABASE_URL, default the local server); CI makes sure there is one.
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { postgresTestUrl } from './test/support/postgres-url.ts';

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const postgresUrl = await postgresTestUrl();
  const shared = {
    include: ['server/**/*.test.ts', 'bots/**/*.test.ts', 'integrations/**/*.test.ts', 'templates/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  };
  return {
    root: 'inbox-ui',
    plugins: [svelte()],
    build: { outDir: 'dist', emptyOutDir: true },
    server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'http://localhost:3000', ws: true } } },
    test: {
      root: '.',
      pool: 'forks' as const,
      projects: [
        { test: { ...shared, name: 'pglite', env: { TEST_DB: 'pglite' } } },
        ...(postgresUrl ? [{ test: { ...shared, name: 'postgres', env: { TEST_DB: 'postgres', TEST_DATABASE_URL: postgresUrl } } }] : []),
        { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/build-ui.global.ts'], testTimeout: 90_000, hookTimeout: 120_000, env: { TEST_DB: 'pglite' } } },
      ],
    },
  };
});
