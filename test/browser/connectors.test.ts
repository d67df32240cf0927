// Settings › Connectors in a real browser (Debian's chromium driven by playwright-core) against the real platform
// on an in-memory database and a local FHIR stand-in: an admin adds a FHIR connector (the token never shown
// again), tests the connection, syncs and sees the counts; checks a CSV export with one bad row in a dry run,
// sees the row error with nothing written, imports it and finds the patients; a webhook connector shows its
// address; and the UI speaks Italian and French, remembering the choice.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/platform.ts';
import { FhirStandIn, type FhirResource } from '../stand-ins/fhir/fhir-stand-in.ts';
import { apiAsPage as apiAs, ARTIFACTS, launchChromium, openPage, startUiPlatform } from '../support/browser.ts';

const ADMIN = { email: 'recepcion@sonrisa.test', password: 'browser-pass-42' };
const TOKEN = 'fhir-browser-token-5521';
const DAY = 86_400_000;
let platform: Platform;
let fhir: FhirStandIn;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const PATIENTS_CSV = [
  'Nº Historia;Nombre;Apellidos;Teléfono móvil;Email',
  '7001;Carmen;Vidal;612 00 11 22;carmen@example.es',
  ';Sin;Historia;600 11 22 33;',
  '7002;Jorge;Martín;+34 699 22 33 44;',
].join('\n');

const fhirPatient = (id: string, given: string, family: string, phone: string): FhirResource => ({
  resourceType: 'Patient',
  id,
  active: true,
  name: [{ use: 'official', family, given: [given] }],
  telecom: [{ system: 'phone', value: phone, use: 'mobile', rank: 1 }],
});

function seedPms(standIn: FhirStandIn): void {
  const startsAt = new Date(Date.now() + 5 * DAY);
  startsAt.setUTCHours(9, 0, 0, 0);
  standIn.put({ resourceType: 'Location', id: 'loc-1', name: 'Clínica Centro', address: { line: ['Calle Mayor 1'], city: 'Madrid' } });
  standIn.put({ resourceType: 'Practitioner', id: 'pr-1', name: [{ family: 'Ruiz', given: ['Elena'] }] });
  standIn.put({ resourceType: 'HealthcareService', id: 'hs-1', name: 'Limpieza dental' });
  standIn.put(fhirPatient('pat-1', 'Lucía', 'García', '612 34 56 78'));
  standIn.put(fhirPatient('pat-2', 'Mario', 'López', '+34 699 11 12 22'));
  standIn.put({
    resourceType: 'Appointment',
    id: 'ap-1',
    status: 'booked',
    start: startsAt.toISOString(),
    end: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    participant: [
      { actor: { reference: 'Patient/pat-1' }, status: 'accepted' },
      { actor: { reference: 'Practitioner/pr-1' }, status: 'accepted' },
      { actor: { reference: 'Location/loc-1' }, status: 'accepted' },
      { actor: { reference: 'HealthcareService/hs-1' }, status: 'accepted' },
    ],
  });
}

beforeAll(async () => {
  fhir = await FhirStandIn.start({ token: TOKEN });
  seedPms(fhir);
  // No scheduler: the connector is created with an hourly sync, and a scheduled first sync racing the
  // "Sincronizar ahora" below would make its counts unpredictable. The scheduler has its own tests.
  platform = await startUiPlatform(ADMIN, { WORKER: '0' });
  browser = await launchChromium();
  ({ page } = await openPage(browser, { height: 900 }, consoleErrors));
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await fhir?.close();
});

const apiAsPage = (path: string) => apiAs(page, path);

const patients = async () => ((await apiAsPage('/patients?limit=200')).body.items as Array<{ firstName: string; lastName: string; phones: string[] }>).map((p) => `${p.firstName} ${p.lastName} ${p.phones.join(',')}`).sort();
const connectorCard = (name: string) => page.locator('article.connector', { has: page.getByRole('heading', { name, exact: true }) });

describe('connectors settings page in the browser', () => {
  it('when an admin adds a FHIR connector, then it is listed and its token is never shown again', async () => {
    await page.goto(platform.url);
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Ajustes' }).click();
    await page.getByRole('navigation', { name: 'Ajustes' }).getByRole('link', { name: 'Conectores' }).click();
    await page.getByRole('heading', { name: 'Conectores' }).waitFor({ timeout: 5000 });
    await page.getByText('Todavía no hay conectores.').waitFor({ timeout: 5000 });

    await page.getByRole('button', { name: 'Añadir conector' }).click();
    const form = page.locator('form.connector-form');
    expect(await form.getByLabel('Tipo').inputValue()).toBe('fhir');
    await form.getByRole('textbox', { name: 'Nombre (obligatorio)' }).fill('PMS FHIR');
    await form.getByLabel('URL base del servidor FHIR').fill(fhir.baseUrl);
    expect(await form.getByLabel('Autenticación').inputValue()).toBe('token');
    await form.getByLabel('Token (Bearer)').fill(TOKEN);
    await page.screenshot({ path: `${ARTIFACTS}/connectors-fhir-form.png` });
    await form.getByRole('button', { name: 'Crear conector' }).click();

    const card = connectorCard('PMS FHIR');
    await card.waitFor({ timeout: 5000 });
    expect(await card.getByTestId('connector-status').textContent()).toBe('Activo');
    expect(await card.textContent()).toContain('Nunca');
    await card.getByRole('button', { name: 'Editar' }).click();
    expect(await card.getByTestId('secret-token').textContent()).toBe('configurado');
    expect(await card.getByLabel('Token (Bearer)').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);
    await card.getByRole('button', { name: 'Cancelar' }).click();
  });

  it('when the admin edits the connector without retyping the token, then the change is saved and the stored token still works', async () => {
    const card = connectorCard('PMS FHIR');
    expect(await card.getByTestId('sync-interval').textContent()).toBe('Cada hora');
    await card.getByRole('button', { name: 'Editar' }).click();
    await card.getByLabel('Sincronización automática').selectOption({ label: 'Solo manual' });
    await card.getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect.poll(() => card.getByTestId('sync-interval').textContent(), { timeout: 5000 }).toBe('Solo manual');
  });

  it('when the admin tests the connection and syncs now, then the result shows the counts and the patients arrive', async () => {
    const card = connectorCard('PMS FHIR');
    await card.getByRole('button', { name: 'Probar conexión' }).click();
    await card.getByTestId('connection-test').filter({ hasText: 'Conexión correcta' }).waitFor({ timeout: 10_000 });

    const [answer] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/sync') && response.request().method() === 'POST'), card.getByRole('button', { name: 'Sincronizar ahora' }).click()]);
    const synced = (await answer.json()) as { created: number; updated: number; unchanged: number; errors: unknown[] };
    expect(synced.created).toBeGreaterThanOrEqual(5);
    const result = card.getByTestId('sync-result');
    await result.waitFor({ timeout: 10_000 });
    expect(await result.locator('[data-count="created"]').textContent()).toBe(String(synced.created));
    expect(await result.locator('[data-count="errors"]').textContent()).toBe(String(synced.errors.length));
    expect(await card.locator('.last-sync time').count()).toBe(1);
    expect(await patients()).toEqual(['Lucía García +34612345678', 'Mario López +34699111222']);
    await page.screenshot({ path: `${ARTIFACTS}/connectors-fhir-synced.png`, fullPage: true });

    // Nothing changed in the PMS: a full resync reads everything again and finds it all unchanged.
    await card.getByLabel('Resincronización completa').check();
    const [again] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/sync') && response.request().method() === 'POST'), card.getByRole('button', { name: 'Sincronizar ahora' }).click()]);
    expect(JSON.parse(again.request().postData() ?? '{}')).toEqual({ full: true });
    await expect.poll(() => result.locator('[data-count="unchanged"]').textContent().catch(() => ''), { timeout: 10_000 }).toBe(String(synced.created));
    expect(await result.locator('[data-count="created"]').textContent()).toBe('0');
    expect(await result.locator('[data-count="updated"]').textContent()).toBe('0');
  });

  it('when a CSV export with one bad row is checked, then the row error shows and nothing is written until "Importar"', async () => {
    await page.getByRole('button', { name: 'Añadir conector' }).click();
    const form = page.locator('form.connector-form');
    await form.getByLabel('Tipo').selectOption('csv');
    await form.getByRole('textbox', { name: 'Nombre (obligatorio)' }).fill('Exportación Gesden');
    expect(await form.getByLabel('Contenido del archivo').inputValue()).toBe('patients');
    await form.getByRole('button', { name: 'Crear conector' }).click();

    const card = connectorCard('Exportación Gesden');
    await card.waitFor({ timeout: 5000 });
    expect(await card.getByRole('button', { name: 'Sincronizar ahora' }).count()).toBe(0);
    const importButton = card.getByRole('button', { name: 'Importar', exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await card.getByLabel('Archivo CSV', { exact: true }).setInputFiles({ name: 'pacientes.csv', mimeType: 'text/csv', buffer: Buffer.from(PATIENTS_CSV, 'utf8') });
    await card.getByRole('button', { name: 'Comprobar sin guardar' }).click();

    const dryRun = card.getByTestId('csv-dry-run');
    await dryRun.waitFor({ timeout: 10_000 });
    expect(await dryRun.locator('[data-count="created"]').textContent()).toBe('2');
    expect(await dryRun.locator('[data-count="errors"]').textContent()).toBe('1');
    const rowError = dryRun.locator('tr[data-row-error]');
    expect(await rowError.count()).toBe(1);
    expect(await rowError.textContent()).toContain('Pacientes');
    expect(await rowError.textContent()).toMatch(/line 3: externalId/);
    expect(await patients()).toHaveLength(2);
    await page.screenshot({ path: `${ARTIFACTS}/connectors-csv-dry-run.png`, fullPage: true });

    await importButton.click();
    const imported = card.getByTestId('csv-imported');
    await imported.waitFor({ timeout: 10_000 });
    expect(await imported.locator('[data-count="created"]').textContent()).toBe('2');
    expect(await patients()).toEqual(['Carmen Vidal +34612001122', 'Jorge Martín +34699223344', 'Lucía García +34612345678', 'Mario López +34699111222']);
    await expect.poll(() => card.locator('.last-sync time').count(), { timeout: 5000 }).toBe(1);

    // Its reading options can be changed afterwards, header names the presets do not know included.
    await card.getByRole('button', { name: 'Editar' }).click();
    await card.getByText('Cabeceras con otro nombre').click();
    await card.getByLabel('Teléfono 2').fill('Tlf. fijo');
    await card.getByLabel('Separador').selectOption({ label: 'Punto y coma (;)' });
    await page.screenshot({ path: `${ARTIFACTS}/connectors-csv-edit.png` });
    await card.getByRole('button', { name: 'Guardar', exact: true }).click();
    await card.getByRole('button', { name: 'Editar' }).waitFor({ timeout: 5000 });
    const id = await card.getAttribute('data-connector');
    expect((await apiAsPage(`/connectors/${id}`)).body.config).toMatchObject({ resource: 'patients', delimiter: ';', columns: { phone2: 'Tlf. fijo' } });
  });

  it('when a webhook connector is added, then its address shows and its secret is write-only', async () => {
    await page.getByRole('button', { name: 'Añadir conector' }).click();
    const form = page.locator('form.connector-form');
    await form.getByLabel('Tipo').selectOption('webhook');
    await form.getByRole('textbox', { name: 'Nombre (obligatorio)' }).fill('Integración push');
    await form.getByRole('button', { name: 'Generar secreto' }).click();
    const secret = await form.getByLabel('Secreto de firma').inputValue();
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    await form.getByRole('button', { name: 'Crear conector' }).click();

    const card = connectorCard('Integración push');
    await card.waitFor({ timeout: 5000 });
    const id = await card.getAttribute('data-connector');
    // The address is built from PUBLIC_URL (here the test's default, since the port is only known once listening).
    expect(await card.locator('.webhook code').textContent()).toMatch(new RegExp(`^https?://[^/]+/webhooks/pms/${id}$`));
    expect(await page.content()).not.toContain(secret);
    await card.getByRole('button', { name: 'Editar' }).click();
    expect(await card.getByTestId('secret-secret').textContent()).toBe('configurado');
    await card.getByRole('button', { name: 'Cancelar' }).click();
  });

  it('when the UI is switched to Italian and then French, then the navigation is translated, <html lang> follows and the choice survives a reload', async () => {
    await page.getByLabel('Idioma').selectOption('it');
    const nav = page.getByRole('navigation', { name: 'Sezioni' });
    await nav.waitFor({ timeout: 3000 });
    for (const name of ['Posta in arrivo', 'Richiami', 'Simulatore paziente', 'Impostazioni']) expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(1);
    await page.getByRole('heading', { name: 'Connettori' }).waitFor({ timeout: 3000 });
    expect(await connectorCard('PMS FHIR').getByRole('button', { name: 'Sincronizza ora' }).count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    await page.screenshot({ path: `${ARTIFACTS}/connectors-it.png`, fullPage: true });

    await page.getByLabel('Idioma').selectOption('fr');
    const navFr = page.getByRole('navigation', { name: 'Sections' });
    await navFr.waitFor({ timeout: 3000 });
    for (const name of ['Boîte de réception', 'Rappels de suivi', 'Simulateur patient', 'Paramètres']) expect(await navFr.getByRole('link', { name, exact: true }).count()).toBe(1);
    await page.getByRole('heading', { name: 'Connecteurs' }).waitFor({ timeout: 3000 });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');

    await page.reload();
    await page.getByRole('heading', { name: 'Connecteurs' }).waitFor({ timeout: 5000 });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await connectorCard('PMS FHIR').getByRole('button', { name: 'Synchroniser maintenant' }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${ARTIFACTS}/connectors-fr.png`, fullPage: true });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Boîte de réception' }).click();
    await page.getByRole('tab', { name: 'À prendre en charge' }).waitFor({ timeout: 3000 });
    await page.getByLabel('Idioma').selectOption('es');
    await page.getByRole('tab', { name: 'Necesita una persona' }).waitFor({ timeout: 3000 });
    expect(await page.getAttribute('html', 'lang')).toBe('es');
  });

  it('when all of that happened, then the page logged no errors', () => {
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
