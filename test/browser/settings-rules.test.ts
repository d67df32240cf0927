// Settings › Automations and Settings › Hours and holidays in a real browser (Debian's chromium driven by
// playwright-core) against the real platform on an in-memory database, at 1280×720: an admin sets a second
// reminder for unreliable patients and a new sending window, the server's refusal shows at the field it
// names, the clinic closes on Saturdays and gets a holiday, and the header badge follows.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { apiAsPage as apiAs, ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';

const ADMIN = { email: 'ajustes@sonrisa.test', password: 'browser-pass-42' };
const HOLIDAY = 'Fiesta del navegador';
let platform: Platform;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  platform = await startUiPlatform(ADMIN);
  browser = await launchChromium();
  ({ page } = await openPage(browser, {}, consoleErrors));
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

const apiAsPage = (path: string, body?: unknown, method?: string) => apiAs(page, path, body, method);

/** The message a field points at with aria-describedby (where the page shows the server's refusal). */
async function messageOf(field: Locator): Promise<string> {
  const describedBy = await field.getAttribute('aria-describedby');
  if (!describedBy) return '';
  return (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '';
}

/** Today's date where the clinic is, as a holiday is written. */
const todayIn = (timezone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('automation rules and business hours in the browser', () => {
  it('when an admin turns on a second reminder for unreliable patients and moves the sending window, then the API returns those rules', async () => {
    await page.goto(platform.url);
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Ajustes' }).click();
    await page.getByRole('link', { name: 'Automatizaciones' }).click();
    await page.getByRole('heading', { name: 'Automatizaciones' }).waitFor();
    // No voice channel exists yet: the page says so instead of pretending a call would be made; WhatsApp and SMS
    // (the simulator stands in for them) are not flagged.
    const voiceNote = page.locator('[data-unavailable-channel="voice"]');
    await voiceNote.waitFor();
    expect(await voiceNote.textContent()).toContain('la clínica aún no tiene un canal para esto');
    expect(await page.locator('[data-unavailable-channel="whatsapp"], [data-unavailable-channel="sms"]').count()).toBe(0);

    await page.getByLabel('Enviar un segundo recordatorio').check();
    await page.getByLabel('Segundo recordatorio (horas antes)').fill('2');
    await page.getByLabel('Solo pacientes poco fiables sin confirmar').check();
    await page.getByLabel('Poco fiable desde (% de inasistencias)').fill('40');
    await page.getByLabel('Desde (HH:MM)').fill('08:30');
    await page.getByLabel('Hasta (HH:MM)').fill('19:00');
    await page.getByLabel('Sábado', { exact: true }).uncheck();
    await page.getByLabel('Cita cancelada: SMS').uncheck();
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Guardado' }).waitFor({ timeout: 5000 });

    const saved = (await apiAsPage('/automations')).body;
    expect(saved.reminders).toMatchObject({ offsetsHours: [24, 2], secondTo: 'unreliable', unreliableThreshold: 0.4 });
    expect(saved.sendingWindow).toEqual({ start: '08:30', end: '19:00', days: [1, 2, 3, 4, 5] });
    expect(saved.events.appointmentCancelled.channels).toEqual(['whatsapp', 'email']);
    await page.screenshot({ path: `${ARTIFACTS}/settings-automations.png` });
    await page.getByRole('heading', { name: 'Horario de envío' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/settings-automations-window.png` });
  });

  it('when the sending window closes before it opens, then the server refuses and its error shows at that field', async () => {
    const end = page.getByLabel('Hasta (HH:MM)');
    await end.fill('07:00');
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect.poll(() => end.getAttribute('aria-invalid'), { timeout: 5000 }).toBe('true');
    expect(await messageOf(end)).toContain('start must be before end');
    expect(await messageOf(page.getByLabel('Desde (HH:MM)'))).toBe('');
    await page.screenshot({ path: `${ARTIFACTS}/settings-automations-error.png` });
    expect((await apiAsPage('/automations')).body.sendingWindow.end).toBe('19:00');
  });

  it('when an interval closes before it opens, then the business-hours page shows the server error at that interval', async () => {
    await page.getByRole('link', { name: 'Horario y festivos' }).click();
    await page.getByRole('heading', { name: 'Horario y festivos' }).waitFor();
    const mondayCloses = page.getByLabel('Cierra (lunes, franja 1)');
    await mondayCloses.fill('08:00');
    await page.getByRole('button', { name: 'Guardar horario' }).click();
    await expect.poll(() => mondayCloses.getAttribute('aria-invalid'), { timeout: 5000 }).toBe('true');
    expect(await messageOf(mondayCloses)).toContain('open must be before close');
    expect((await apiAsPage('/clinic/business-hours')).body.source).toBe('none');
    await mondayCloses.fill('20:00');
  });

  it('when the clinic closes on Saturdays and adds today as a holiday, then business hours and the header badge say closed', async () => {
    const clinic = (await apiAsPage('/clinic')).body;
    expect((await apiAsPage('/clinic', { settings: { ...clinic.settings, keptByTest: 'yes' } }, 'PATCH')).status).toBe(200);
    const today = todayIn(clinic.timezone);

    await page.getByLabel('Abierto el sábado').uncheck();
    await page.getByRole('button', { name: 'Añadir festivo' }).click();
    await page.getByLabel('Fecha del festivo 1').fill(today);
    await page.getByLabel('Nombre del festivo 1 (opcional)').fill(HOLIDAY);
    await page.getByRole('button', { name: 'Añadir franja el martes' }).click();
    await page.getByLabel('Abre (martes, franja 2)').fill('21:00');
    await page.getByLabel('Cierra (martes, franja 2)').fill('22:00');
    await page.getByRole('button', { name: 'Guardar horario' }).click();
    await page.getByRole('status').filter({ hasText: 'Guardado' }).waitFor({ timeout: 5000 });

    const hours = (await apiAsPage('/clinic/business-hours')).body;
    expect(hours.source).toBe('clinic');
    expect(hours.weekly.sat).toBeUndefined();
    expect(hours.weekly.tue).toEqual([{ open: '09:00', close: '20:00' }, { open: '21:00', close: '22:00' }]);
    expect(hours.holidays).toEqual([{ date: today, name: HOLIDAY }]);
    expect(hours.open).toBe(false);
    expect(hours.holiday).toEqual({ date: today, name: HOLIDAY });
    expect((await apiAsPage('/clinic')).body.settings.keptByTest).toBe('yes');
    expect(await page.getByTestId('clinic-open-now').textContent()).toContain(HOLIDAY);

    await page.reload();
    const badge = page.getByTestId('business-hours');
    await badge.waitFor({ timeout: 5000 });
    expect(await badge.textContent()).toContain('Cerrado');
    expect(await badge.textContent()).toContain(HOLIDAY);
    await page.getByLabel('Abierto el sábado').waitFor();
    expect(await page.getByLabel('Abierto el sábado').isChecked()).toBe(false);
    expect(await page.getByLabel('Nombre del festivo 1 (opcional)').inputValue()).toBe(HOLIDAY);
    await page.screenshot({ path: `${ARTIFACTS}/settings-business-hours.png` });
  });

  it('when a location gets its own holiday, then the locations API stores it on top of the clinic hours', async () => {
    const location = (await apiAsPage('/locations', { name: 'Centro Norte' })).body;
    await page.reload();
    const form = page.getByRole('form', { name: 'Centro Norte' });
    await form.waitFor({ timeout: 5000 });
    await form.getByRole('button', { name: 'Añadir festivo' }).click();
    await form.getByLabel('Fecha del festivo 1').fill('2030-08-15');
    await form.getByRole('button', { name: 'Guardar Centro Norte' }).click();
    await form.getByRole('status').filter({ hasText: 'Guardado' }).waitFor({ timeout: 5000 });
    expect((await apiAsPage(`/locations/${location.id}`)).body.openingHours).toEqual({ holidays: [{ date: '2030-08-15', name: null }] });
  });

  it('when the language switch is set to English, then both pages speak English', async () => {
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Hours and holidays' }).waitFor({ timeout: 3000 });
    await page.getByLabel('Open on Saturday').waitFor();
    await page.getByRole('link', { name: 'Automations' }).click();
    await page.getByLabel('Send a second reminder').waitFor({ timeout: 3000 });
    await page.getByText('Holidays come from “Hours and holidays”', { exact: false }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/settings-automations-en.png` });
    await page.getByLabel('Idioma').selectOption('es');
  });

  it('when all of that happened, then the page logged no errors but the two refusals it provoked', () => {
    // Chromium logs every 4xx answer; the two refused saves above are the only ones expected.
    const refusals = consoleErrors.filter((error) => error.includes('status of 400 (Bad Request)'));
    const others = consoleErrors.filter((error) => !refusals.includes(error));
    expect(refusals).toHaveLength(2);
    expect(others, others.join('\n')).toEqual([]);
  });
});
