// The inbox in daily use, in a real browser against the real platform: the WhatsApp window countdown and the
// switch to approved templates (a Twilio WhatsApp channel on the local stand-in), "send as template" after a
// 63016 refusal, quick replies typed as "/", the business-hours badge and an @mention reaching a colleague live.
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { apiAsPage as apiAs, ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';
import { freePort } from '../support/freePort.ts';

const ADMIN = { email: 'recepcion@sonrisa.test', password: 'browser-pass-42' };
const COLLEAGUE = { email: 'marta@sonrisa.test', password: 'marta-pass-4242' };
const ACCOUNT = 'AC99998888777766665555444433332222';
const TOKEN = 'twilio-browser-token';
const CLINIC_NUMBER = '+34910000099';
let platform: Platform;
let twilio: TwilioStandIn;
let browser: Browser;
let page: Page;
let channelId: string;
let webhookUrl: string;
let followUpTemplate: string;
let sidCounter = 0;
const consoleErrors: string[] = [];

beforeAll(async () => {
  twilio = await TwilioStandIn.start({ [ACCOUNT]: TOKEN });
  followUpTemplate = twilio.addContentTemplate(ACCOUNT, { friendlyName: 'seguimos_en_contacto', body: 'Hola, le escribimos de la clínica para continuar con su consulta.' });
  twilio.addContentTemplate(ACCOUNT, { friendlyName: 'pendiente', body: 'Aún en revisión', approval: { status: 'pending', category: 'UTILITY' } });
  const port = await freePort();
  platform = await startUiPlatform(ADMIN, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  browser = await launchChromium();
  page = await newPage();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await twilio?.close();
});

async function newPage(): Promise<Page> {
  return (await openPage(browser, { height: 800 }, consoleErrors)).page;
}

async function logIn(on: Page, credentials: { email: string; password: string }) {
  await on.goto(platform.url);
  await on.getByLabel('Correo electrónico').fill(credentials.email);
  await on.getByLabel('Contraseña').fill(credentials.password);
  await on.getByRole('button', { name: 'Entrar' }).click();
  await on.getByRole('tab', { name: 'Necesita una persona' }).waitFor({ timeout: 8000 });
}

/** Calls the API with the browser's own session, as a second tab would. */
const apiAsPage = (path: string, body?: unknown, method?: string) => apiAs(page, path, body, method);

/** A patient writes on the clinic's official WhatsApp number (signed like Twilio); answers the conversation id. */
async function writesOnWhatsApp(phone: string, text: string): Promise<string> {
  const sid = `SM${String(++sidCounter).padStart(32, '0')}`;
  const params = { AccountSid: ACCOUNT, MessageSid: sid, SmsMessageSid: sid, From: `whatsapp:${phone}`, To: `whatsapp:${CLINIC_NUMBER}`, Body: text, NumMedia: '0', ProfileName: 'Paciente', ApiVersion: '2010-04-01' };
  expect((await postAsTwilio(webhookUrl, TOKEN, params)).status).toBe(200);
  const list = await apiAsPage(`/conversations?channel=twilio_whatsapp&q=${encodeURIComponent(phone.slice(-9))}`);
  return list.body.items[0].id as string;
}

async function openConversation(conversationId: string) {
  await page.getByRole('tab', { name: 'Todas' }).click();
  const row = page.locator(`[data-conversation="${conversationId}"]`);
  await row.waitFor({ timeout: 8000 });
  await row.click();
}

describe('the inbox in daily use', () => {
  it('when reception logs in with a Twilio WhatsApp channel and business hours, then the header says the clinic is open', async () => {
    await logIn(page, ADMIN);
    const channel = await apiAsPage('/channels', { type: 'twilio_whatsapp', name: 'WhatsApp oficial', config: { accountSid: ACCOUNT, authToken: TOKEN, from: `whatsapp:${CLINIC_NUMBER}`, apiBaseUrl: twilio.url } });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    webhookUrl = `${platform.url.replace('localhost', '127.0.0.1')}/webhooks/twilio/${channelId}`;
    const clinic = (await apiAsPage('/clinic')).body;
    const allDay = [{ open: '00:00', close: '24:00' }];
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, allDay]));
    expect((await apiAsPage('/clinic', { settings: { ...clinic.settings, autoReply: { enabled: false }, businessHours: { weekly, holidays: [] } } }, 'PATCH')).status).toBe(200);
    await page.reload();
    await page.getByTestId('business-hours').filter({ hasText: 'Abierto' }).waitFor({ timeout: 8000 });
  });

  it('when the 24-hour window is open, then the composer counts it down; once closed, then it offers the approved template instead and sends it', async () => {
    const conversationId = await writesOnWhatsApp('+34600900001', 'Hola, ¿me podéis dar cita?');
    await openConversation(conversationId);
    const countdown = page.getByTestId('window-countdown');
    await countdown.waitFor({ timeout: 5000 });
    expect(await countdown.textContent()).toMatch(/quedan 23 h 5\d min/);
    expect(await page.getByLabel(/Escribe una respuesta/).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/daily-window-open.png` });

    await platform.ctx.db.execute(sql`UPDATE conversations SET last_inbound_at = now() - interval '25 hours' WHERE id = ${conversationId}`);
    await page.reload();
    await openConversation(conversationId);
    await countdown.filter({ hasText: 'Ventana de 24 h cerrada' }).waitFor({ timeout: 5000 });
    expect(await page.getByLabel(/Escribe una respuesta/).count()).toBe(0);
    const picker = page.getByRole('combobox', { name: 'Plantilla aprobada' });
    await picker.waitFor({ timeout: 5000 });
    // Only approved templates are offered.
    expect(await picker.locator('option').allTextContents()).toEqual(['seguimos_en_contacto · es']);
    await page.screenshot({ path: `${ARTIFACTS}/daily-window-closed.png` });
    await page.getByRole('button', { name: 'Enviar plantilla' }).click();
    await expect.poll(() => twilio.requests.filter((r) => r.params.To === 'whatsapp:+34600900001' && r.params.ContentSid === followUpTemplate).length, { timeout: 8000 }).toBe(1);
    await page.locator('.messages').getByText('Hola, le escribimos de la clínica para continuar con su consulta.').waitFor({ timeout: 5000 });
  });

  it('when WhatsApp refuses a reply with 63016, then the message explains why and "Enviar como plantilla" re-sends it in one click', async () => {
    const conversationId = await writesOnWhatsApp('+34600900002', 'Buenas tardes');
    await openConversation(conversationId);
    await page.getByLabel(/Escribe una respuesta/).fill('Le llamamos mañana');
    await page.keyboard.press('Enter');
    let sid: string | undefined;
    await expect.poll(() => (sid = [...twilio.messages.values()].find((m) => m.to === 'whatsapp:+34600900002' && m.body === 'Le llamamos mañana')?.sid), { timeout: 8000 }).toBeDefined();
    expect((await twilio.sendStatusCallback(sid!, 'undelivered', { ErrorCode: '63016' })).status).toBe(204);

    const failed = page.locator('.bubble').filter({ hasText: 'Le llamamos mañana' });
    await failed.getByRole('alert').filter({ hasText: 'más de 24 horas' }).waitFor({ timeout: 8000 });
    await page.screenshot({ path: `${ARTIFACTS}/daily-63016.png` });
    await failed.getByRole('button', { name: 'Enviar como plantilla' }).click();
    await expect.poll(() => twilio.requests.filter((r) => r.params.To === 'whatsapp:+34600900002' && r.params.ContentSid === followUpTemplate).length, { timeout: 8000 }).toBe(1);
  });

  it('when an admin adds a quick reply in the settings, then typing "/" in the composer offers it, filtering as you type, and Enter inserts it filled in', async () => {
    await page.getByRole('link', { name: 'Ajustes' }).click();
    await page.getByRole('heading', { name: 'Respuestas rápidas' }).waitFor({ timeout: 5000 });
    const form = page.locator('form.quick-reply.new');
    await form.locator('input[name="shortcut"]').fill('horario');
    await form.locator('input[name="title"]').fill('Horario de la clínica');
    await form.locator('textarea[name="body"]').fill('Hola {{patient.firstName}}, abrimos de lunes a viernes de 9:00 a 20:00.');
    await form.getByRole('button', { name: 'Añadir' }).click();
    await page.locator('[data-quick-reply]').first().waitFor({ timeout: 5000 });
    expect((await apiAsPage('/quick-replies', { shortcut: 'parking', title: 'Aparcamiento', body: 'Hay parking en la puerta.' })).status).toBe(201);
    await page.screenshot({ path: `${ARTIFACTS}/daily-quick-replies-settings.png` });
    await page.getByRole('link', { name: 'Bandeja de entrada' }).click();

    const patient = await apiAsPage('/patients', { firstName: 'Lucía', lastName: 'García', phones: ['+34600900003'] });
    expect(patient.status).toBe(201);
    const written = await apiAsPage('/simulator/messages', { from: '+34600900003', text: '¿Qué horario tenéis?' });
    await page.reload();
    await openConversation(written.body.conversationId);
    const composer = page.getByLabel(/Escribe una respuesta/);
    await composer.pressSequentially('/');
    const menu = page.getByRole('listbox', { name: 'Respuestas rápidas' });
    await menu.waitFor({ timeout: 5000 });
    expect(await menu.getByRole('option').count()).toBe(2);
    await composer.pressSequentially('hor');
    await expect.poll(() => menu.getByRole('option').allTextContents()).toEqual([expect.stringContaining('/horario')]);
    await page.screenshot({ path: `${ARTIFACTS}/daily-quick-reply-menu.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => composer.inputValue(), { timeout: 5000 }).toBe('Hola Lucía, abrimos de lunes a viernes de 9:00 a 20:00.');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await apiAsPage('/simulator/messages?phone=%2B34600900003')).body.items.map((m: { text: string }) => m.text), { timeout: 8000 })
      .toContain('Hola Lucía, abrimos de lunes a viernes de 9:00 a 20:00.');
  });

  it('when a note mentions a colleague, then the colleague sees it live and can open the conversation', async () => {
    expect((await apiAsPage('/users', { ...COLLEAGUE, name: 'Marta' })).status).toBe(201);
    const marta = await newPage();
    await logIn(marta, COLLEAGUE);
    const written = await apiAsPage('/simulator/messages', { from: '+34600900004', text: 'Necesito hablar con la doctora' });
    await page.reload();
    await openConversation(written.body.conversationId);
    await page.getByText(/Notas internas/).click();
    await page.getByLabel('Nota privada').fill('@Marta ¿puedes llamarle tú?');
    await page.getByRole('button', { name: 'Añadir nota' }).click();

    const alert = marta.getByRole('alert', { name: 'Te han mencionado en una nota' });
    await alert.getByText('@Marta ¿puedes llamarle tú?').waitFor({ timeout: 8000 });
    await marta.screenshot({ path: `${ARTIFACTS}/daily-mention.png` });
    await alert.getByRole('button', { name: 'Abrir conversación' }).click();
    await marta.locator('.messages').getByText('Necesito hablar con la doctora').waitFor({ timeout: 8000 });
    // Whoever wrote the note is not notified of their own mention.
    expect(await page.getByRole('alert', { name: 'Te han mencionado en una nota' }).count()).toBe(0);
    await marta.context().close();
  });

  it('when all of that happened, then the pages logged no errors', () => {
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
