import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { MEASURES, measureIn, scoreResponse } from '../../src/shared/measures';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { MeasuresPages } from './pages/measures';
import { ProgramsPages } from './pages/programs';
import { ADMIN_PASSPHRASE } from './pages/vault';

const PROGRAM = 'Synthetic Kiosk IOP';
const TRACK = 'Depression & Anxiety';
const CLIENT = { firstName: 'Kioskina', lastName: 'Synthetica', dateOfBirth: '1990-04-04', name: 'Synthetica, Kioskina' };
const STAFF = 'Admin Synthetic, LCSW';
const ALERT_TITLE = 'Thoughts of death or self-harm (PHQ-9 item 9)';
const SCREENSHOTS = resolve('out/screenshots');
const PHQ9_ES = measureIn(MEASURES.phq9, 'es-US')!.def;

describe('the measures kiosk in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('runs a Spanish PHQ-9 and an English-only PCL-5 with every way out closed; item 9 reaches the clinician; scored as in English', async () => {
    app = await AppSession.start();
    const page = app.page;
    const today = isoToday(Date.now());
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const measures = new MeasuresPages(page);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await clients.create(CLIENT);
    await programs.admit(addDays(today, -14), { programme: PROGRAM, track: TRACK });
    await clients.openTab('Measures');
    await measures.setSchedule(['PHQ-9', 'PCL-5']);

    // The clinician starts the kiosk with what is due; the client chooses the language.
    await measures.section.getByRole('button', { name: 'Start the kiosk (2 due)' }).click();
    await page.getByRole('heading', { name: /Choose your language\s*Elija su idioma/ }).waitFor();
    expect(page.url()).toContain('#/kiosk');
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByText(CLIENT.lastName).count()).toBe(0);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'kiosk-language.png') });
    await page.getByRole('button', { name: 'Español' }).click();

    const phq9 = measures.clientForm(PHQ9_ES.name);
    await phq9.waitFor();
    await phq9.getByText('Cuestionario 1 de 2').waitFor();
    await phq9.getByText(PHQ9_ES.instructions).waitFor();
    expect(await page.locator('main').getAttribute('lang')).toBe('es-US');
    for (let n = 1; n <= 4; n++) await measures.answer(phq9, n, 'Varios días');

    // Ways out: shortcuts, Escape, back, the app's own keys, another address typed or linked.
    for (const key of ['Escape', 'Alt+ArrowLeft', 'Control+k', 'Alt+1', 'F5', 'Control+r', 'Control+p']) await page.keyboard.press(key);
    await page.goBack();
    await page.evaluate(() => {
      window.location.hash = '#/dashboard';
    });
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    await page.waitForTimeout(300);
    await phq9.waitFor();
    expect(page.url()).toContain('#/kiosk');
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Nothing reloaded or remounted: the four answers are still there.
    expect(await phq9.getByRole('radio', { name: 'Varios días', checked: true }).count()).toBe(4);

    await page.mouse.move(1, 1);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'kiosk-es-1366x768.png') });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'kiosk-es-tablet-820x1180.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // Submitting with questions left names them in Spanish; then item 9 "Varios días" (1).
    await phq9.getByRole('button', { name: 'Enviar mis respuestas' }).click();
    await phq9.getByRole('alert').getByText('Falta responder la pregunta 9').waitFor();
    for (let n = 5; n <= 9; n++) await measures.answer(phq9, n, 'Varios días');
    await phq9.getByRole('button', { name: 'Enviar mis respuestas' }).click();

    // The PCL-5 has no authorised Spanish version: in English, and the screen says so in Spanish.
    const pcl5 = measures.clientForm(MEASURES.pcl5.name);
    await pcl5.waitFor();
    await pcl5.getByText('Cuestionario 2 de 2').waitFor();
    await pcl5.getByText('Este cuestionario está en inglés').waitFor();
    await pcl5.getByText(MEASURES.pcl5.instructions).waitFor();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'kiosk-es-english-only.png') });
    for (let n = 1; n <= 20; n++) await measures.answer(pcl5, n, 'Not at all');
    await pcl5.getByRole('button', { name: 'Enviar mis respuestas' }).click();

    // Finished: a locked thank-you that back and other addresses cannot leave.
    const thanks = page.getByRole('heading', { name: '¡Gracias! Por favor, devuelva el dispositivo al personal' });
    await thanks.waitFor();
    expect(await page.getByText('Total').count()).toBe(0);
    await page.goBack();
    await page.evaluate(() => {
      window.location.hash = `#/clients`;
    });
    await page.waitForTimeout(300);
    await thanks.waitFor();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'kiosk-es-finished.png') });
    const staffReturn = page.getByRole('form', { name: 'Return to Waypoint' });
    await staffReturn.getByLabel('Passphrase of Admin Synthetic').fill('not the staff passphrase');
    await staffReturn.getByRole('button', { name: 'Return to Waypoint' }).click();
    await staffReturn.getByRole('alert').getByText('That passphrase is not correct.').waitFor();
    await thanks.waitFor();
    await staffReturn.getByLabel('Passphrase of Admin Synthetic').fill(ADMIN_PASSPHRASE);
    await staffReturn.getByRole('button', { name: 'Return to Waypoint' }).click();

    // The clinician: the item 9 alert at the top of the chart, the score and band as the English form scores them.
    await clients.chartHeading(CLIENT.name).waitFor();
    const alert = measures.alerts.filter({ hasText: ALERT_TITLE });
    await alert.getByText(`PHQ-9 given ${today} · question 9 answered “Several days” by the client.`).waitFor();
    const answers = Object.fromEntries(MEASURES.phq9.items.filter((i) => i.scored).map((i) => [i.id, 1]));
    const english = scoreResponse(MEASURES.phq9, answers);
    expect(scoreResponse(PHQ9_ES, answers)).toEqual(english);
    const row = measures.table.getByRole('row').filter({ hasText: 'PHQ-9' });
    expect(await row.getByRole('cell').allTextContents()).toEqual([today, 'PHQ-9', `${english.total} / 27`, english.band.label, `Client, handed over by ${STAFF}`, 'Alert: follow-up needed today']);
    expect([english.total, english.band.label]).toEqual([9, 'Mild']);
    await measures.section.getByText('Nothing due today.').waitFor();

    // Released: the app is reachable again, and the dashboard lists the alert.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Dashboard/ }).click();
    await page.getByRole('region', { name: 'Open measure alerts' }).getByRole('alert').filter({ hasText: ALERT_TITLE }).getByRole('link', { name: CLIENT.name }).waitFor();
  });
});
