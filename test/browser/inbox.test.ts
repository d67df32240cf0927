// The reception inbox in a real browser (Debian's chromium driven by playwright-core) against the real
// platform on an in-memory database: live conversations, replies, and a recall handed over by the bot.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { apiAsPage as apiAs, ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';

const ADMIN = { email: 'recepcion@sonrisa.test', password: 'browser-pass-42' };
let platform: Platform;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  platform = await startUiPlatform(ADMIN, { DEMO: '1' });
  browser = await launchChromium();
  ({ page } = await openPage(browser, { height: 720 }, consoleErrors));
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/** Calls the API with the browser's own session, as a second tab would. */
const apiAsPage = (path: string, body?: unknown) => apiAs(page, path, body);

describe('reception inbox in the browser', () => {
  it('when reception logs in, then the three panes and the handover queue show, in Spanish', async () => {
    await page.goto(platform.url);
    await page.getByLabel('Correo electrónico').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/login.png` });
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Necesita una persona' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Con el bot' }).count()).toBe(1);
  });

  it('when a patient writes, then the conversation appears live; reception replies and the patient receives it', async () => {
    const sent = await apiAsPage('/simulator/messages', { from: '+34600123456', text: 'Hola, ¿tenéis hueco mañana?' });
    expect(sent.status).toBe(201);
    const row = page.locator(`[data-conversation="${sent.body.conversationId}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await row.textContent()).toContain('+34600123456');

    await row.click();
    await page.locator('.messages').getByText('Hola, ¿tenéis hueco mañana?').waitFor({ timeout: 5000 });
    // No bot ever spoke in this conversation: the banner says it needs a person, not that a bot disconnected.
    const banner = page.getByTestId('handover-banner');
    await banner.filter({ hasText: /Necesita una persona · nuevo mensaje · \d{2}:\d{2}/ }).waitFor({ timeout: 5000 });
    expect(await banner.textContent()).not.toContain('Bot desconectado');
    await page.getByLabel(/Escribe una respuesta/).fill('Sí, a las 10:30. ¿Le va bien?');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await apiAsPage('/simulator/messages?phone=%2B34600123456')).body.items.map((m: { text: string }) => m.text), { timeout: 8000 })
      .toContain('Sí, a las 10:30. ¿Le va bien?');
    await page.screenshot({ path: `${ARTIFACTS}/inbox-reply.png` });

    const picker = page.getByLabel('Insertar plantilla');
    const firstEvent = await picker.locator('option').nth(1).getAttribute('value');
    await picker.selectOption(firstEvent!);
    await expect.poll(() => page.getByLabel(/Escribe una respuesta/).inputValue(), { timeout: 5000 }).not.toBe('');
    expect(await page.getByLabel(/Escribe una respuesta/).inputValue()).not.toContain('{{');
    await page.getByLabel(/Escribe una respuesta/).fill('');
  });

  it('when a patient accepts a recall in the simulator, then the bot hands over and the inbox shows why', async () => {
    const patients = (await apiAsPage('/patients?limit=1')).body.items as Array<{ id: string; phones: string[] }>;
    const patient = patients[0]!;
    const recall = await apiAsPage('/recalls', { patientId: patient.id, reason: 'Limpieza', dueDate: '2026-12-15' });
    const started = await apiAsPage('/bots/start', { flow: 'recall', recallId: recall.body.id });
    expect(started.status).toBe(201);

    // The patient plays in a second tab while reception keeps the inbox open: the handover must arrive live.
    const phone = await page.context().newPage();
    phone.on('pageerror', (error) => consoleErrors.push(String(error)));
    phone.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await phone.goto(`${platform.url}/#/simulador`);
    await phone.getByLabel('Teléfono del paciente').fill(patient.phones[0]!);
    const accept = phone.getByRole('button', { name: 'Agendar cita' });
    await accept.waitFor({ timeout: 8000 });
    await accept.click();
    await phone.getByText('¿Prefieres mañanas o tardes?').first().waitFor({ timeout: 8000 });
    await phone.screenshot({ path: `${ARTIFACTS}/simulator.png` });
    await phone.close();

    const queueTab = page.getByRole('tab', { name: 'Necesita una persona' });
    await expect.poll(async () => Number(await queueTab.locator('.count').textContent().catch(() => '0')), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    await queueTab.click();
    const row = page.locator(`[data-conversation="${started.body.conversationId}"]`);
    await row.waitFor({ timeout: 8000 });
    expect(await row.textContent()).toContain('revisión aceptada');
    await row.click();
    await page.getByRole('status').filter({ hasText: 'Bot desconectado · revisión aceptada' }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${ARTIFACTS}/inbox-handover.png` });
  });

  it('when the admin opens the settings, then channels and a template preview show', async () => {
    await page.getByRole('link', { name: 'Ajustes' }).click();
    await page.getByRole('heading', { name: 'Canales' }).waitFor({ timeout: 5000 });
    await page.locator('table.grid').getByText('Simulador').first().waitFor({ timeout: 5000 });
    await page.getByRole('list', { name: 'Plantillas' }).getByRole('button').first().click();
    await page.locator('.bubble-preview').waitFor({ timeout: 5000 });
    expect((await page.locator('.bubble-preview').textContent())?.trim().length).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/settings.png` });
    await page.getByRole('link', { name: 'Bandeja de entrada' }).click();
  });

  it('when several demo patients write, then the "Todas" tab lists them by name and the patient panel shows their appointments', async () => {
    const patients = (await apiAsPage('/patients?limit=50')).body.items as Array<{ id: string; firstName: string; phones: string[] }>;
    const booked = new Set(((await apiAsPage('/appointments?limit=200')).body.items as Array<{ patientId: string }>).map((a) => a.patientId));
    // Patients with appointments first, so the patient panel has something to show.
    const named = patients.filter((p) => p.firstName).sort((a, b) => Number(booked.has(b.id)) - Number(booked.has(a.id))).slice(0, 5);
    const texts = ['Hola, ¿puedo cambiar mi cita del jueves?', 'Gracias, allí estaré', '¿Cuánto cuesta una limpieza?', 'No puedo ir mañana, lo siento', '¿Tenéis parking cerca?'];
    for (const [i, p] of named.entries()) expect((await apiAsPage('/simulator/messages', { from: p.phones[0], text: texts[i] })).status).toBe(201);

    await page.getByRole('tab', { name: 'Todas' }).click();
    const first = named.at(-1)!;
    const row = page.locator('[data-conversation]', { hasText: first.firstName }).first();
    await row.waitFor({ timeout: 8000 });
    await row.click();
    await page.locator('.patient h3', { hasText: first.firstName }).waitFor({ timeout: 5000 });
    await page.locator('.messages').getByText(texts[named.length - 1]!).waitFor({ timeout: 5000 });
    expect(await page.locator('[data-conversation]').count()).toBeGreaterThanOrEqual(named.length);
    const waiting = page.getByRole('tab', { name: 'Necesita una persona' }).locator('.count');
    await expect.poll(async () => Number(await waiting.textContent()), { timeout: 5000 }).toBeGreaterThanOrEqual(named.length);
    await page.screenshot({ path: `${ARTIFACTS}/inbox-main.png` });
  });

  it('when the language switch is set to English, then the inbox speaks English, and back', async () => {
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('tab', { name: 'Needs a person' }).waitFor({ timeout: 3000 });
    await page.screenshot({ path: `${ARTIFACTS}/inbox-en.png` });
    await page.getByLabel('Idioma').selectOption('es');
    await page.getByRole('tab', { name: 'Necesita una persona' }).waitFor({ timeout: 3000 });
  });

  it('when all of that happened, then the page logged no errors', () => {
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
