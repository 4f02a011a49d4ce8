import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { MeasuresPages } from './pages/measures';
import { ProgramsPages } from './pages/programs';
import { ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const PROGRAM = 'Synthetic Measures IOP';
const TRACK = 'Depression & Anxiety';
const CLIENT = { firstName: 'Mesurella', lastName: 'Synthetique', dateOfBirth: '1988-03-03', name: 'Synthetique, Mesurella' };
const STAFF = 'Admin Synthetic, LCSW';
const ALERT_TITLE = 'Thoughts of death or self-harm (PHQ-9 item 9)';
const FOLLOW_UP = 'Synthetic follow-up: phoned the client, risk assessed, safety plan reviewed';
const SCREENSHOT = resolve('out/screenshots/measures-trend.png');
// The chart's chunk (recharts), as the build's manifest names it.
const CHART_CHUNK = (JSON.parse(readFileSync(resolve('out/renderer/.vite/manifest.json'), 'utf8')) as Record<string, { file: string }>)['src/features/measures/TrendLines.tsx']!.file;

describe('outcome measures in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('raises the PHQ-9 item 9 alert until a follow-up is recorded, takes answers in the kiosk behind the passphrase, and charts the trend', async () => {
    app = await AppSession.start();
    const page = app.page;
    const today = isoToday(Date.now());
    const admitted = addDays(today, -14);
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const measures = new MeasuresPages(page);
    const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    // Set up and on the dashboard: the charts' code has not been fetched.
    expect((await loaded()).some((path) => path.endsWith('.js'))).toBe(true);
    expect((await loaded()).filter((path) => path.endsWith(CHART_CHUNK))).toEqual([]);

    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await clients.create(CLIENT);
    await clients.openTab('Measures');
    await measures.section.getByText('admit the client first').waitFor();
    await programs.admit(admitted, { programme: PROGRAM, track: TRACK });

    // The suggested schedule: admission, then every two weeks; two weeks in, both are due today.
    await measures.setSchedule(['PHQ-9', 'GAD-7']);
    await measures.due.getByText(`PHQ-9 · Scheduled · due ${today}`).waitFor();
    await measures.due.getByText(`GAD-7 · Scheduled · due ${today}`).waitFor();

    // The admission PHQ-9, entered late by the clinician: item 9 "Several days" raises the alert.
    await measures.give('PHQ-9', ['More than half the days', 'More than half the days', 'More than half the days', 'Nearly every day', 'Several days', 'Several days', 'Several days', 'Several days', 'Several days'], admitted);
    const alert = measures.alerts.filter({ hasText: ALERT_TITLE });
    await alert.waitFor();
    await alert.getByText(`PHQ-9 given ${admitted} · question 9 answered “Several days”.`).waitFor();
    await alert.getByText('Overdue: not followed up on the day it was given').waitFor();
    const first = measures.table.getByRole('row').filter({ hasText: admitted });
    await first.waitFor();
    expect(await first.getByRole('cell').allTextContents()).toEqual([admitted, 'PHQ-9', '14 / 27', 'Moderate', `Clinician: ${STAFF}`, 'Alert: follow-up needed today']);

    // It shows across clients on the dashboard, and leads back to the chart.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Dashboard/ }).click();
    const practiceAlerts = page.getByRole('region', { name: 'Open measure alerts' });
    await practiceAlerts.getByRole('alert').filter({ hasText: ALERT_TITLE }).getByRole('link', { name: CLIENT.name }).click();
    await clients.chartHeading(CLIENT.name).waitFor();

    // Acknowledging needs a note of the follow-up; then the alert clears and the acknowledgement shows.
    await alert.getByRole('button', { name: 'Record the follow-up' }).click();
    const followUp = page.getByRole('dialog', { name: 'Record the follow-up' });
    await followUp.getByRole('button', { name: 'Acknowledge the alert' }).click();
    await followUp.getByRole('alert').getByText('Describe the follow-up: what was done, and with whom').waitFor();
    await followUp.getByRole('button', { name: 'Cancel' }).click();
    await alert.waitFor();
    await measures.acknowledge(FOLLOW_UP);
    await alert.waitFor({ state: 'detached' });
    await first.getByText(new RegExp(`^Alert acknowledged by ${STAFF}, ${today} \\d\\d:\\d\\d: ${FOLLOW_UP}$`)).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Dashboard/ }).click();
    await practiceAlerts.getByText('No open alerts').waitFor();
    await page.goBack();
    await clients.chartHeading(CLIENT.name).waitFor();

    // Today's PHQ-9: nothing is saved until every question is answered; the total shows live.
    await measures.start('PHQ-9');
    const dialog = measures.dialog;
    for (let n = 1; n <= 8; n++) await measures.answer(dialog, n, 'Several days');
    await dialog.getByText('1 question still to answer').waitFor();
    await dialog.getByRole('button', { name: 'Save the measure' }).click();
    await dialog.getByText('Answer every question marked *: 1 still needs an answer.').waitFor();
    expect(await dialog.getByText('Answer this question').count()).toBe(1);
    await measures.answer(dialog, 9, 'Not at all');
    await dialog.getByText('Total 8 of 27 · Mild').waitFor();
    await dialog.getByRole('button', { name: 'Save the measure' }).click();
    await dialog.waitFor({ state: 'detached' });
    await measures.table.getByRole('row').nth(2).waitFor();
    expect(await measures.table.getByRole('row').count()).toBe(3);

    // The GAD-7 in the kiosk: the questionnaire alone, no frame, no way out without the passphrase.
    await measures.start('GAD-7');
    await dialog.getByRole('button', { name: 'Hand to the client' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    const questionnaire = measures.clientForm('Generalized Anxiety Disorder 7-item scale');
    await questionnaire.waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('banner').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lock' }).count()).toBe(0);
    expect(await page.getByText(CLIENT.lastName).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+1');
    await page.goBack();
    await page.waitForTimeout(300);
    await questionnaire.waitFor();
    expect(page.url()).toContain('#/kiosk');
    await questionnaire.getByRole('button', { name: 'Submit my answers' }).click();
    await questionnaire.getByRole('alert').getByText('Some questions still need an answer').waitFor();
    // Keyboard only, as a client might: Tab into each question, arrow to "Several days", on to the next.
    await questionnaire.getByRole('radio', { name: 'Not at all' }).first().focus();
    for (let n = 1; n <= 7; n++) {
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Tab');
    }
    expect(await questionnaire.getByRole('radio', { name: 'Several days', checked: true }).count()).toBe(7);
    await questionnaire.getByRole('button', { name: 'Submit my answers' }).click();
    await page.getByRole('heading', { name: 'Thank you! Please hand the device back' }).waitFor();
    expect(await page.getByText('Total').count()).toBe(0);
    await page.goBack();
    await page.getByRole('heading', { name: 'Thank you! Please hand the device back' }).waitFor();
    // A reload locks; unlocking returns to the thank-you, not to the questionnaire or the chart.
    await page.reload();
    await new VaultPages(page).unlock(ADMIN_PASSPHRASE);
    await page.getByRole('heading', { name: 'Thank you! Please hand the device back' }).waitFor();
    expect(await questionnaire.count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    const staffReturn = page.getByRole('form', { name: 'Return to Waypoint' });
    await staffReturn.getByLabel('Passphrase of Admin Synthetic').fill('not the staff passphrase');
    await staffReturn.getByRole('button', { name: 'Return to Waypoint' }).click();
    await staffReturn.getByRole('alert').getByText('That passphrase is not correct.').waitFor();
    await staffReturn.getByLabel('Passphrase of Admin Synthetic').fill(ADMIN_PASSPHRASE);
    await staffReturn.getByRole('button', { name: 'Return to Waypoint' }).click();
    await clients.chartHeading(CLIENT.name).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const gad7 = measures.table.getByRole('row').filter({ hasText: 'GAD-7' });
    await gad7.waitFor();
    expect(await gad7.getByRole('cell').allTextContents()).toEqual([today, 'GAD-7', '7 / 21', 'Mild', `Client, handed over by ${STAFF}`, '—']);
    await measures.section.getByText('Nothing due today.').waitFor();

    // The PHQ-9 trend with its bands, and the same points as a table for screen readers.
    const figure = await measures.openTrend('PHQ-9');
    await figure.getByText(`Latest 8 (Mild) on ${today}; 6 lower than the first, 14 (Moderate) on ${admitted}. Lower is better.`).waitFor();
    expect(await figure.getByRole('table', { name: 'PHQ-9 total by date' }).getByRole('row').count()).toBe(3);
    await figure.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await page.mouse.move(1, 1); // no tooltip in the picture
    await mkdir(resolve('out/screenshots'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    for (const band of ['Minimal', 'Mild', 'Moderate', 'Moderately severe', 'Severe']) expect(await figure.locator('svg text').getByText(band, { exact: true }).count()).toBe(1);
    expect((await loaded()).filter((path) => path.endsWith(CHART_CHUNK))).toHaveLength(1);
    expect(app.consoleErrors).toEqual([]);
  });
});
