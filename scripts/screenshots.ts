/**
 * `npm run screenshots`: walks the main screens at 1366×768 in Debian's Chromium with synthetic
 * data and writes PNGs to out/screenshots/, for people to look at after changing a screen.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, isoToday } from '../src/shared/calendar';
import { ClientsPages } from '../test/e2e/pages/clients';
import { MeasuresPages } from '../test/e2e/pages/measures';
import { ADMIN_PASSPHRASE, VaultPages } from '../test/e2e/pages/vault';
import { launchChromium, newProfileDir, removeProfileDir } from './lib/chromium';
import { serveStatic } from './lib/static-server';

const OUT = resolve('out/screenshots');

async function main(): Promise<void> {
  const server = await serveStatic(resolve('out/renderer'));
  const dir = await newProfileDir();
  const context = await launchChromium(dir);
  const page: Page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1366, height: 768 });
  await mkdir(OUT, { recursive: true });
  const shot = async (name: string) => {
    await page.waitForTimeout(300); // let transitions settle
    await page.screenshot({ path: `${OUT}/${name}.png` });
    console.log(`${OUT}/${name}.png`);
  };
  try {
    await page.goto(server.url);
    const vault = new VaultPages(page);
    await page.getByRole('form', { name: 'Practice set-up' }).waitFor();
    await shot('01-setup');
    await page.getByRole('form', { name: 'Practice set-up' }).getByRole('button', { name: 'Continue' }).click();
    await shot('02-setup-errors');
    await page.reload();
    const code = await vault.setUp(undefined, { demo: true });
    const clients = new ClientsPages(page);
    await page.goto(`${server.url}#/clients`);
    await clients.table.getByRole('row').nth(20).waitFor(); // the demo practice has loaded
    await shot('03-clients');
    await page.getByRole('textbox', { name: 'Search clients' }).fill('zor');
    await shot('04-clients-search');
    await page.getByRole('textbox', { name: 'Search clients' }).fill('');
    await page.getByText('Discharged', { exact: true }).click();
    await clients.table.getByRole('link').first().click();
    await page.getByRole('region', { name: 'Chart summary' }).waitFor();
    await shot('05-client-chart');
    await clients.openTab('Episodes');
    await shot('06-client-chart-episodes');
    // Outcome measures on an active client's chart: an open alert, the form, the trend, the kiosk in Spanish.
    await page.goto(`${server.url}#/clients`);
    await page.getByText('Active', { exact: true }).click();
    await clients.table.getByRole('link').first().click();
    const measures = new MeasuresPages(page);
    const today = isoToday(Date.now());
    await clients.openTab('Measures');
    await measures.setSchedule(['PHQ-9', 'GAD-7']);
    await measures.give('PHQ-9', ['Nearly every day', 'Nearly every day', 'More than half the days', 'Nearly every day', 'More than half the days', 'More than half the days', 'Several days', 'Several days', 'Several days'], addDays(today, -14));
    await measures.give('PHQ-9', ['More than half the days', 'More than half the days', 'Several days', 'More than half the days', 'Several days', 'Several days', 'Several days', 'Not at all', 'Not at all'], addDays(today, -7));
    await measures.section.evaluate((element) => element.scrollIntoView());
    await shot('06a-measures-alert');
    await (await measures.openTrend('PHQ-9')).evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await page.mouse.move(1, 1);
    await shot('06b-measures-trend');
    await measures.start('PHQ-9');
    for (let n = 1; n <= 9; n++) await measures.answer(measures.dialog, n, n < 6 ? 'Several days' : 'Not at all');
    await shot('06c-give-measure');
    await measures.dialog.getByRole('button', { name: 'Hand to the client' }).click();
    await page.getByRole('button', { name: 'Español' }).click();
    const kioskForm = measures.clientForm('Cuestionario sobre la salud del paciente-9 (PHQ-9)');
    await kioskForm.waitFor();
    await shot('06d-kiosk-es');
    for (let n = 1; n <= 9; n++) await measures.answer(kioskForm, n, 'Varios días');
    await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
    await page.getByRole('heading', { name: '¡Gracias! Por favor, devuelva el dispositivo al personal' }).waitFor();
    await shot('06e-kiosk-thank-you');
    await page.getByLabel(/^Passphrase of /).fill(ADMIN_PASSPHRASE);
    await page.getByRole('button', { name: 'Return to Waypoint' }).click();
    await measures.section.waitFor();
    await page.goto(`${server.url}#/clients/new`);
    await clients.form.waitFor();
    await clients.save();
    await shot('07-new-client-errors');
    await page.goto(`${server.url}#/groups/new`);
    await page.getByRole('form', { name: 'New group' }).waitFor();
    await shot('07b-new-group');
    await page.goto(`${server.url}#/groups`);
    await page.getByRole('table', { name: 'Week' }).waitFor();
    await shot('08-groups-week');
    await page.getByRole('button', { name: 'Previous week' }).click();
    await shot('09-groups-previous-week');
    await page.getByRole('table', { name: 'Week' }).getByRole('link').filter({ hasNotText: /\d\d:\d\d/ }).first().click();
    await page.getByRole('heading', { name: 'Roster', exact: false }).waitFor();
    await shot('10-group');
    await page.goto(`${server.url}#/groups`);
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('table', { name: 'Week' }).getByRole('link', { name: /Open the session/ }).first().click();
    await page.getByRole('table', { name: 'Attendance' }).waitFor();
    const firstNote = page.getByRole('region', { name: /^Note for/ });
    for (const field of ['Goal', 'Intervention', 'Participation']) await firstNote.getByRole('group', { name: `Quick picks for ${field}` }).getByRole('button').first().click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('11-session-workspace');
    await page.mouse.wheel(0, 700);
    await shot('12-session-workspace-notes');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.emulateMedia({ media: 'print' });
    await shot('12a-sign-in-sheet-printed');
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${server.url}#/notes`);
    await page.getByRole('heading', { name: /Notes due/ }).waitFor();
    await shot('13-notes-due');
    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Find a client or a section' }).fill('vantle');
    await shot('14-command-palette');
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}#/settings`);
    await page.getByRole('heading', { name: 'Settings' }).first().waitFor();
    await shot('15-settings');
    await vault.lock();
    await shot('16-unlock');
    await vault.unlock('not the right passphrase');
    await vault.error.getByText('The passphrase is not correct').waitFor();
    await shot('17-unlock-wrong');
    await page.getByRole('button', { name: 'Forgot your passphrase? Use the recovery code' }).click();
    await page.getByRole('form', { name: 'Recover access' }).getByLabel('Recovery code').fill(code);
    await shot('18-recover');
  } finally {
    await context.close();
    await removeProfileDir(dir);
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
