import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { expectAccessible } from './support/axe';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { parseCsv, ReportsPages } from './pages/reports';
import { SessionPage } from './pages/session';
import { SettingsPage } from './pages/settings';

const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Depression & Anxiety';
const GROUP = 'Synthetic Skills Group';
const FACILITATOR = 'Admin Synthetic, LCSW';
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CLIENT = { firstName: 'Testa', lastName: 'Authworth', dateOfBirth: '1980-01-11', name: 'Authworth, Testa' };
const PAYER = 'Synthetic Health Plan';
const NUMBER = 'AUTH-SYNTH-1001';

describe('payers, authorizations, utilization review and the billing gate, as an office manager', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('adds a payer and a 10-unit authorization, uses it up by attended sessions, warns at 2 left, lists the review due, records it, and exports claims that refuse unsigned notes and flag a session outside the authorization', async () => {
    app = await AppSession.start();
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await mkdir(resolve('out/screenshots'), { recursive: true });
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const session = new SessionPage(page);
    const reports = new ReportsPages(page);
    const settings = new SettingsPage(page);
    // Tests date sessions from the real today: the group meets every day from 9 days ago; the
    // authorization runs two weeks from the day after the first session, so that session is outside it.
    const today = isoToday(Date.now());
    const first = addDays(today, -9);
    const startOn = addDays(first, 1);
    const endOn = addDays(startOn, 13);

    // A payer in Settings: a commercial plan counting sessions; this one pays group psychotherapy on its own.
    await settings.open();
    await page.getByRole('button', { name: 'Add a payer' }).click();
    const payerForm = page.getByRole('dialog', { name: 'Add a payer' });
    await payerForm.getByRole('textbox', { name: 'Name' }).fill(PAYER);
    await payerForm.getByLabel('Warn at units left').fill('-1');
    await payerForm.getByRole('button', { name: 'Save the payer' }).click();
    // The shared schema's message, under the field it is about.
    await payerForm.getByText('The units warning must be between 0 and 100').waitFor();
    expect(await payerForm.getByLabel('Warn at units left').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: resolve('out/screenshots/settings-payer-form.png') });
    await expectAccessible(page, 'the payer dialog');
    await payerForm.getByLabel('Warn at units left').fill('2');
    await payerForm.getByLabel('Group psychotherapy is part of the per diem (never billed on a per-diem day)').uncheck();
    await programs.choose(payerForm, 'Per-diem line', 'None: each service billed');
    await payerForm.getByRole('button', { name: 'Save the payer' }).click();
    await payerForm.waitFor({ state: 'detached' });
    const payers = page.getByRole('table', { name: 'Payers' });
    await payers.getByRole('row').filter({ hasText: PAYER }).filter({ hasText: 'a session' }).filter({ hasText: '2 units or 3 days left' }).filter({ hasText: 'None' }).waitFor();
    await page.getByRole('region', { name: 'Payers' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/settings-payers.png') });

    // A group meeting every day, and the client admitted into it from the first session.
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, FACILITATOR);
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(first, 3, EVERY_DAY);
    await clients.openList();
    await clients.startNew();
    await clients.type(CLIENT);
    await clients.saveAndOpenChart(CLIENT.name);
    await programs.admit(first, { programme: PROGRAM, track: TRACK, group: GROUP });

    // The authorization: 10 sessions, review due today; a level that differs from the clinical one needs its reason.
    await clients.openTab('Authorizations');
    const panel = page.getByRole('region', { name: 'Authorizations' });
    await panel.getByRole('button', { name: 'Add an authorization' }).click();
    const form = page.getByRole('dialog', { name: 'Add an authorization' });
    await programs.choose(form, 'Payer', PAYER);
    await form.getByLabel('Authorization number').fill(NUMBER);
    await programs.choose(form, 'Status', 'Approved');
    await form.getByLabel('Units authorized').fill('10');
    await form.getByLabel('Frequency').fill('5 days a week');
    await form.getByLabel('Start').fill(startOn);
    await form.getByLabel('End').fill(endOn);
    await form.getByLabel('Next review', { exact: true }).fill(today);
    await programs.choose(form, 'Level of care authorized', 'Outpatient');
    await form.getByRole('button', { name: 'Add the authorization' }).click();
    // Under the reason's field, which has the focus.
    await form.getByText('The payer authorized Outpatient but the client is clinically at Intensive outpatient (IOP): give the reason').waitFor();
    const reason = form.getByLabel('Why the authorized level differs from the clinical level');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await programs.choose(form, 'Level of care authorized', 'Intensive outpatient (IOP)');
    await form.getByLabel("Payer's care manager").fill('Care Manager Quillfeather');
    await form.getByRole('button', { name: 'Add the authorization' }).click();
    await form.waitFor({ state: 'detached' });
    const authorization = panel.getByRole('article', { name: `${PAYER} · authorization ${NUMBER}` });
    await authorization.getByText('0 of 10', { exact: true }).waitFor();

    // Attendance on the first nine days: the first is before the authorization, eight use it.
    const attend = async (date: string, { sign = false } = {}) => {
      await programs.open();
      await programs.openGroup(GROUP);
      await programs.sessionsTable().getByRole('link', { name: date, exact: true }).click();
      await session.attendanceTable.waitFor();
      await session.attendanceTaken.click();
      await page.getByText('1 present · 0 absent').first().waitFor();
      if (!sign) return;
      for (const field of ['Goal', 'Intervention', 'Participation and response', 'Affect / mental status', 'Risk observations', 'Plan']) {
        await session.quickPicks(CLIENT.name, field).getByRole('button').first().click();
      }
      await session.signButton(CLIENT.name).click();
      await session.signature(CLIENT.name).waitFor();
    };
    const chart = async () => {
      await clients.openList();
      await clients.table.getByRole('link', { name: CLIENT.name }).click();
      await clients.openTab('Authorizations');
      await authorization.waitFor();
    };
    // The notes of the first two days are signed: one is outside the authorization, one inside.
    for (let day = 0; day < 8; day++) await attend(addDays(first, day), { sign: day < 2 });
    await chart();
    await authorization.getByText('7 of 10', { exact: true }).waitFor();
    expect(await authorization.getByRole('status', { name: 'Authorization warnings' }).count()).toBe(0);
    await attend(addDays(first, 8));
    await chart();
    await authorization.getByText('8 of 10', { exact: true }).waitFor();
    await authorization.getByRole('status', { name: 'Authorization warnings' }).getByText('2 units left').waitFor();
    await authorization.getByText('Today', { exact: true }).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/chart-authorization.png') });
    await expectAccessible(page, 'the chart with an authorization');

    // Reviews due: on the dashboard and on a page of its own.
    await reports.openDashboard();
    const dueCard = page.getByRole('region', { name: /^Authorization reviews due/ });
    await dueCard.getByRole('table', { name: 'Authorization reviews due' }).getByRole('row').filter({ hasText: CLIENT.name }).filter({ hasText: 'Today' }).filter({ hasText: NUMBER }).waitFor();
    await dueCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/dashboard-authorization-reviews.png') });
    await dueCard.getByRole('link', { name: 'All authorization reviews due' }).click();
    await page.getByRole('heading', { level: 2, name: 'Authorization reviews due' }).waitFor();
    await page.getByRole('table', { name: 'Authorization reviews due' }).getByRole('row').filter({ hasText: CLIENT.name }).filter({ hasText: today }).waitFor();
    await page.screenshot({ path: resolve('out/screenshots/authorization-reviews-due.png') });
    await expectAccessible(page, 'authorization reviews due');

    // The review: what was sent and the outcome; six more sessions, the next review in a week.
    await page.getByRole('link', { name: CLIENT.name }).click();
    await authorization.getByRole('button', { name: 'Record a review' }).click();
    const review = page.getByRole('dialog', { name: 'Record a utilization review' });
    await review.getByLabel('What was sent').fill('Synthetic progress summary and attendance');
    await review.getByLabel('Outcome').fill('Six more sessions approved');
    await review.getByLabel('Units authorized afterwards').fill('16');
    await review.getByLabel('Next review', { exact: true }).fill(addDays(today, 8));
    await review.getByRole('button', { name: 'Record the review' }).click();
    await review.waitFor({ state: 'detached' });
    await authorization.getByText('8 of 16', { exact: true }).waitFor();
    await authorization.getByRole('table', { name: /^Utilization reviews/ }).getByRole('row').filter({ hasText: 'Six more sessions approved' }).waitFor();
    expect(await authorization.getByRole('status', { name: 'Authorization warnings' }).count()).toBe(0);
    await reports.openDashboard();
    await page.getByRole('heading', { name: 'Authorization reviews due (0)' }).waitFor();

    // Claims: unsigned notes are refused; the signed one outside the authorization is flagged for review; on screen and in the file.
    await reports.openReports();
    await reports.setRange(first, today);
    await reports.tab('Billing export');
    const [claims] = await reports.exportCsv({ rows: 'Claim lines by payer rules', files: 1 });
    expect(claims!.name).toBe(`waypoint-claims-${first}-to-${today}.csv`);
    const [header, ...rows] = parseCsv(claims!.text);
    expect(header!.slice(-4)).toEqual(['Payer', 'Authorization', 'Status', 'Reason']);
    expect(rows).toHaveLength(9);
    const reasonOf = (date: string) => rows.find((r) => r[1] === date)!.slice(-4);
    expect(reasonOf(first)).toEqual([PAYER, '', 'Review', `Outside any approved authorization with ${PAYER} on ${first}`]);
    expect(reasonOf(startOn)).toEqual([PAYER, NUMBER, 'Ready', '']);
    expect(reasonOf(addDays(startOn, 1))).toEqual([PAYER, NUMBER, 'Not billable', 'No signed note for this service']);
    // A refused line has no code, so it cannot be billed by accident.
    expect(rows.map((r) => r[4])).toEqual(['90853', '90853', ...Array<string>(7).fill('')]);
    const onScreen = page.getByRole('region', { name: 'Attendance and services for the billing office' });
    await onScreen.getByText(`${first} 09:00: Review: Outside any approved authorization with ${PAYER} on ${first}`).waitFor();
    await onScreen.getByText(`${addDays(startOn, 1)} 09:00: Not billable: No signed note for this service`).waitFor();
    await onScreen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/claims-export-flagged.png') });

    // The Authorizations report: utilisation by payer and by authorization, and the services at risk of these dates.
    await reports.tab('Authorizations');
    expect(await reports.rowOf('Utilisation by payer', PAYER)).toEqual([PAYER, '1', '16', '8', '0', '0']);
    await page.getByRole('table', { name: 'Utilisation by authorization' }).getByRole('row').filter({ hasText: NUMBER }).filter({ hasText: '8 of 16' }).waitFor();
    const atRisk = page.getByRole('table', { name: 'Services at risk' });
    await atRisk.getByRole('row').filter({ hasText: first }).filter({ hasText: `Outside any approved authorization with ${PAYER} on ${first}` }).waitFor();
    expect(await atRisk.getByRole('row').count()).toBe(1 + 8);
    await page.screenshot({ path: resolve('out/screenshots/reports-authorizations.png') });
    await expectAccessible(page, 'Reports → Authorizations');

    // Medicare's rules read from its payer: a day of 3 services is a unit, the physician certifies at admission, 9 hours a week.
    await settings.open();
    await page.getByRole('button', { name: 'Add a payer' }).click();
    const medicareForm = page.getByRole('dialog', { name: 'Add a payer' });
    await medicareForm.getByRole('textbox', { name: 'Name' }).fill('Synthetic Medicare');
    await programs.choose(medicareForm, 'Kind', 'Medicare');
    await medicareForm.getByRole('button', { name: 'Save the payer' }).click();
    await medicareForm.waitFor({ state: 'detached' });
    await payers.getByRole('row').filter({ hasText: 'Synthetic Medicare' }).filter({ hasText: 'a day with 3+ services' }).filter({ hasText: 'Not required' }).waitFor();
    await chart();
    await panel.getByRole('button', { name: 'Add an authorization' }).click();
    const medicare = page.getByRole('dialog', { name: 'Add an authorization' });
    await programs.choose(medicare, 'Payer', 'Synthetic Medicare');
    await programs.choose(medicare, 'Status', 'Approved');
    await medicare.getByLabel('Units authorized').fill('20');
    await medicare.getByLabel('Start').fill(first);
    await medicare.getByLabel('End').fill(endOn);
    await medicare.getByRole('button', { name: 'Add the authorization' }).click();
    await medicare.waitFor({ state: 'detached' });
    const medicareCard = panel.getByRole('article', { name: 'Synthetic Medicare · no authorization number' });
    // One group a day is fewer than 3 services: no day is a unit yet.
    await medicareCard.getByText('0 of 20', { exact: true }).waitFor();
    await medicareCard.getByText(`Physician certification: due ${first}`).waitFor();
    await medicareCard.getByText('Overdue', { exact: true }).waitFor();
    await medicareCard.getByText('the payer expects', { exact: false }).waitFor();
    await medicareCard.getByRole('button', { name: 'Record a certification' }).click();
    const certify = page.getByRole('dialog', { name: 'Record a physician certification' });
    await certify.getByLabel('Signed on').fill(first);
    await certify.getByLabel('Certifying physician').fill('Dr Synthetic Certifier');
    await certify.getByRole('button', { name: 'Record the certification' }).click();
    await certify.waitFor({ state: 'detached' });
    await medicareCard.getByText(`Physician recertification: due ${addDays(first, 60)}`).waitFor();
    expect(await medicareCard.getByText('Overdue', { exact: true }).count()).toBe(0);
    await medicareCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/chart-authorization-medicare.png') });
    expect(app.consoleErrors).toEqual([]);
  }, 300_000);
});
