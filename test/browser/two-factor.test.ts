// The inbox under its Content-Security-Policy, in a real browser: it loads, logs in, talks over the live socket and
// shows the two-factor QR code with no policy violation; then an admin turns two-step verification on in
// Ajustes and logs in again with a code from the same TOTP library an authenticator app follows.
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';

const ADMIN = { email: 'direccion@sonrisa.test', password: 'browser-pass-42' };
let platform: Platform;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  platform = await startUiPlatform(ADMIN);
  browser = await launchChromium();
  ({ page } = await openPage(browser, {}, consoleErrors));
  // Every violation the page reports, whatever the console says about it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on('websocket', (socket) => sockets.push(socket));
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
const codeFor = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

async function logIn(code?: string) {
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  if (code !== undefined) await page.getByLabel('Código de verificación').fill(code);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

describe('the inbox under its Content-Security-Policy, and two-step verification', () => {
  it('when the inbox loads under its policy, then the admin logs in and the live socket connects, with no violation', async () => {
    const response = await page.goto(platform.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await logIn();
    await expect.poll(() => page.getByRole('tab', { name: 'Necesita una persona' }).count()).toBe(1);
    // socket.io upgraded to a WebSocket on the same origin (connect-src 'self') and it carries frames.
    await expect.poll(() => sockets.some((socket) => new URL(socket.url()).pathname.startsWith('/socket.io/') && !socket.isClosed()), { timeout: 10_000 }).toBe(true);
    expect(await violations()).toEqual([]);
  });

  it('when the admin turns two-step verification on in Ajustes, then the QR code shows and a code from the app confirms it', async () => {
    await page.goto(`${platform.url}/#/ajustes`);
    const section = page.getByRole('region', { name: 'Verificación en dos pasos' });
    await section.getByText('Desactivada.').waitFor();
    await section.getByRole('button', { name: 'Activar la verificación en dos pasos' }).click();
    const qr = section.getByRole('img', { name: 'Código QR para la aplicación de autenticación' });
    await qr.waitFor();
    // A data: image, allowed by img-src and really drawn.
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const secret = (await section.locator('[data-totp-secret]').textContent())!.trim();
    await section.getByLabel('Código de verificación').fill(codeFor(secret));
    await section.getByRole('button', { name: 'Confirmar y activar' }).click();
    await section.getByText('Verificación en dos pasos activada.', { exact: false }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/two-factor-on.png` });
    expect(await violations()).toEqual([]);

    // Logging in again needs a code: the form asks for it, refuses a wrong one, and takes the next one of the app.
    await page.getByRole('button', { name: 'Salir' }).click();
    await logIn();
    await page.getByLabel('Código de verificación').waitFor();
    expect(await page.getByRole('button', { name: 'Salir' }).count()).toBe(0);
    const wrong = String((Number(codeFor(secret, 1)) + 500_000) % 1_000_000).padStart(6, '0');
    await logIn(wrong);
    await page.getByRole('alert').filter({ hasText: 'Código incorrecto o ya usado' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/two-factor-login.png` });
    await logIn(codeFor(secret, 1));
    // Back where the admin left: Ajustes, which now says two-step verification is on.
    await page.getByRole('region', { name: 'Verificación en dos pasos' }).getByText('Activada: al entrar se te pide un código.').waitFor();
    await page.getByRole('button', { name: 'Salir' }).waitFor();
  });

  it('when all of that happened, then no policy was violated and the page logged no errors but the refused logins', async () => {
    expect(await violations()).toEqual([]);
    // The login's 401s (code asked for, wrong code) are the browser noting a refused request, nothing broken.
    const unexpected = consoleErrors.filter((line) => !/status of 401/.test(line));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    expect(consoleErrors.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
  });
});
