// The Recalls page in a real browser (Debian's chromium driven by playwright-core) against the real platform
// on an in-memory database: filter → prepare → discarded shown with its reason → send → the simulated
// patient taps "Agendar cita" → the recall shows accepted, and its row opens the conversation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { apiAsPage as apiAs, ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';

const ADMIN = { email: 'recepcion@sonrisa.test', password: 'browser-pass-42' };
const REASON = 'Limpieza navegador';
let platform: Platform;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  platform = await startUiPlatform(ADMIN);
  browser = await launchChromium();
  ({ page } = await openPage(browser, { height: 900 }, consoleErrors));
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const apiAsPage = (path: string, body?: unknown) => apiAs(page, path, body);

const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('recalls page in the browser', () => {
  const due = { name: 'Lucía Pendiente', phone: '+34600555001', id: '', recallId: '' };
  const booked = { name: 'Mario Concitado', phone: '+34600555002', id: '', recallId: '' };

  it('when reception logs in and opens Recalls, then the filtered list shows the pending recalls', async () => {
    await page.goto(platform.url);
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Recalls' }).waitFor();

    const service = await apiAsPage('/services', { name: REASON, recallIntervalDays: 180 });
    expect(service.status).toBe(201);
    for (const patient of [due, booked]) {
      const [firstName, lastName] = patient.name.split(' ');
      patient.id = (await apiAsPage('/patients', { firstName, lastName, phones: [patient.phone], privacyConsent: true })).body.id;
      patient.recallId = (await apiAsPage('/recalls', { patientId: patient.id, reason: REASON, dueDate: dateIn(3), origin: 'pms' })).body.id;
    }
    await apiAsPage('/recalls', { patientId: due.id, reason: 'Otro motivo', dueDate: dateIn(3) });
    expect((await apiAsPage('/appointments', { patientId: booked.id, serviceId: service.body.id, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() })).status).toBe(201);

    await page.getByRole('link', { name: 'Recalls' }).click();
    await page.getByRole('heading', { name: 'Recalls' }).waitFor();
    await page.getByLabel('Desde').fill(dateIn(-1));
    await page.getByLabel('Hasta').fill(dateIn(30));
    for (const status of ['Enviado', 'Aceptado']) await page.getByLabel(status, { exact: true }).check();
    await page.getByLabel(REASON, { exact: true }).check();
    await expect.poll(() => page.locator('tr[data-recall-id]').count(), { timeout: 5000 }).toBe(2);
    expect(await page.locator('table').textContent()).not.toContain('Otro motivo');
  });

  it('when reception prepares the sending, then the patient with an appointment is discarded with the reason and can be sent anyway', async () => {
    await page.getByLabel('Seleccionar todos').check();
    await page.getByRole('button', { name: 'Preparar envío' }).click();
    await page.getByRole('heading', { name: /tratamientos relacionados/ }).waitFor();
    expect(await page.getByLabel(REASON, { exact: true }).nth(1).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continuar' }).click();

    const discarded = page.getByTestId('discarded');
    await discarded.waitFor({ timeout: 5000 });
    expect(await discarded.textContent()).toContain(booked.name);
    expect(await discarded.textContent()).toContain('tiene cita futura');
    expect(await page.getByTestId('to-send').textContent()).toContain(due.name);
    expect(await page.getByTestId('send-count').textContent()).toBe('Envíos: 1');
    const sendAnyway = page.getByLabel(`Enviar igualmente: ${booked.name}`);
    await sendAnyway.check();
    expect(await page.getByTestId('send-count').textContent()).toBe('Envíos: 2');
    await sendAnyway.uncheck();
    expect(await page.getByTestId('send-count').textContent()).toBe('Envíos: 1');
    await page.screenshot({ path: `${ARTIFACTS}/recalls-prepared.png` });
  });

  it('when reception sends and the patient taps "Agendar cita", then the recall shows accepted and opens its conversation', async () => {
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect.poll(async () => page.getByTestId('send-result').textContent().catch(() => ''), { timeout: 5000 }).toContain('1 enviados');
    const row = page.locator(`tr[data-recall-id="${due.recallId}"]`);
    await expect.poll(() => row.getByTestId('recall-status').textContent(), { timeout: 5000 }).toBe('Enviado');
    expect(await page.locator(`tr[data-recall-id="${booked.recallId}"]`).count()).toBe(0); // scheduled, outside the filter

    await expect
      .poll(async () => ((await apiAsPage(`/simulator/messages?phone=${encodeURIComponent(due.phone)}`)).body.items as Array<{ buttons?: string[] }>).some((m) => m.buttons?.includes('Agendar cita')), { timeout: 8000 })
      .toBe(true);
    expect((await apiAsPage('/simulator/messages', { from: due.phone, button: 'Agendar cita' })).status).toBe(201);
    await page.getByRole('button', { name: 'Actualizar' }).click();
    await expect.poll(() => row.getByTestId('recall-status').textContent(), { timeout: 10_000 }).toBe('Aceptado');
    await page.screenshot({ path: `${ARTIFACTS}/recalls-accepted.png` });

    await row.getByRole('link', { name: 'Ver conversación' }).click();
    await page.locator('.messages').getByText('¿Prefieres mañanas o tardes?').waitFor({ timeout: 8000 });
  });

  it('when the language switch is set to English, then the Recalls page speaks English', async () => {
    await page.getByRole('link', { name: 'Recalls' }).click();
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Prepare sending' }).waitFor({ timeout: 3000 });
    await page.getByLabel('Idioma').selectOption('es');
  });

  it('when all of that happened, then the page logged no errors', () => {
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
