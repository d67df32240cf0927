// The patient's consents on the inbox's patient panel in a real browser (Debian's chromium driven by
// playwright-core) against the real platform: reception ticks marketing on WhatsApp with a note, the ledger
// shows who, when, where from and the note, and the server holds the same entry.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { apiAsPage as apiAs, ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';

const ADMIN = { email: 'recepcion@sonrisa.test', password: 'browser-pass-42' };
const PHONE = '+34600666001';
let platform: Platform;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  platform = await startUiPlatform(ADMIN);
  browser = await launchChromium();
  ({ page } = await openPage(browser, { height: 1000 }, consoleErrors));
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const apiAsPage = (path: string, body?: unknown) => apiAs(page, path, body);

describe('patient consents in the browser', () => {
  it('when reception ticks marketing on WhatsApp with a note, then the history shows the entry and the server has it', async () => {
    await page.goto(platform.url);
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('tab', { name: 'Necesita una persona' }).waitFor();

    const sent = await apiAsPage('/simulator/messages', { from: PHONE, text: 'Quiero recibir ofertas' });
    expect(sent.status).toBe(201);
    const row = page.locator(`[data-conversation="${sent.body.conversationId}"]`);
    await row.waitFor({ timeout: 5000 });
    await row.click();

    const panel = page.getByRole('region', { name: 'Consentimientos' });
    const marketing = panel.getByRole('checkbox', { name: 'Promociones · WhatsApp' });
    await marketing.waitFor({ timeout: 5000 });
    // Nobody asked yet: marketing is off, appointment messages on (the defaults).
    expect(await marketing.isChecked()).toBe(false);
    expect(await panel.getByRole('checkbox', { name: 'Mensajes de citas · WhatsApp' }).isChecked()).toBe(true);

    await panel.getByLabel('Nota (opcional)').fill('Lo pidió en el mostrador');
    await marketing.click();
    await panel.getByRole('status').filter({ hasText: 'Guardado en el historial.' }).waitFor({ timeout: 5000 });
    expect(await marketing.isChecked()).toBe(true);

    await panel.getByText(/^Historial/).click();
    const entry = panel.getByTestId('consent-entry').first();
    await entry.waitFor();
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('Promociones · WhatsApp: Concedido');
    expect(text).toContain('Recepción');
    expect(text).toContain('Admin');
    expect(text).toContain('Lo pidió en el mostrador');
    // The date is written for the locale (Spanish: "7 dic 2026, 23:10"), not as an ISO string.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toMatch(/\d{1,2} [a-z]{3,4}\.? \d{4}/);
    await page.screenshot({ path: `${ARTIFACTS}/patient-consents.png` });

    const { patientId } = (await apiAsPage(`/conversations/${sent.body.conversationId}`)).body;
    const ledger = (await apiAsPage(`/patients/${patientId}/consents`)).body;
    expect(ledger.items.at(-1)).toMatchObject({ purpose: 'marketing', channel: 'whatsapp', granted: true, source: 'reception', note: 'Lo pidió en el mostrador' });
    expect(consoleErrors).toEqual([]);
  });
});
