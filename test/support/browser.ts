// Debian's chromium driven by playwright-core, set up as every browser test needs it: headless with no
// background networking (this machine has no network), a fresh profile, and console errors collected.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform, type Platform } from '../../server/platform.ts';

export const ARTIFACTS = 'test-artifacts';

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A new page in its own context; every console error and uncaught page error lands in `consoleErrors`. */
export async function openPage(browser: Browser, options: { width?: number; height?: number; locale?: string } = {}, consoleErrors: string[] = []): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 720 }, locale: options.locale ?? 'es-ES' });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { page, consoleErrors };
}

/** Calls the API with the page's own session cookie, as a second tab would (which asks the session's CSRF token first). */
export async function apiAsPage(page: Page, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ path, body, method }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (method !== 'GET') headers['x-csrf-token'] = (await (await fetch('/api/auth/session')).json()).csrfToken ?? '';
      const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { path, body, method },
  );
}

/** The real platform for a browser test: in memory, on port 0 unless told, with this admin. */
export function startUiPlatform(admin: { email: string; password: string }, env: Record<string, string> = {}): Promise<Platform> {
  return startPlatform({
    inMemory: true,
    env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BOOTSTRAP_CLINIC_NAME: 'Clínica Dental Sonrisa', BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password, WHATSAPP_WEB_SESSIONS: '0', DEMO: '0', ...env },
  });
}
