import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday, weekDays } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { expectAccessible } from './support/axe';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { ReportsPages } from './pages/reports';
import { SessionPage } from './pages/session';
import { SettingsPage } from './pages/settings';

const PROGRAM = 'Synthetic Recovery IOP';
const TRACK = 'Substance Use';
const GROUP = 'Synthetic Recovery Group';
const FACILITATOR = 'Admin Synthetic, LCSW';
/** An obviously synthetic client whose record is a 42 CFR Part 2 record. */
const CLIENT = { firstName: 'Partia', lastName: 'Testerwell', dateOfBirth: '1984-04-14', name: 'Testerwell, Partia' };
const BILLER = { name: 'Synthetic Claims Desk', organisation: 'Synthetic Billing Service' };
const shot = (name: string) => resolve(`out/screenshots/${name}.png`);

describe('42 CFR Part 2: consent, the disclosure gate, the ledger; ASAM placement and drug screens on the chart', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('refuses a billing export without a consent, allows it under a signed consent and records it, prints the accounting, refuses again once revoked; ASAM and an unexpected screen on the chart', async () => {
    app = await AppSession.start();
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await mkdir(resolve('out/screenshots'), { recursive: true });
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const reports = new ReportsPages(page);
    const session = new SessionPage(page);
    const today = isoToday(Date.now());
    const monday = weekDays(addDays(today, -7))[0]!;

    // A group meeting on Mondays from last week; the client, flagged Part 2 at intake, admitted into it; present last Monday.
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, FACILITATOR);
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(monday, 2, ['Mon']);
    await clients.openList();
    await clients.startNew();
    await clients.type(CLIENT);
    await clients.form.getByLabel('42 CFR Part 2 (substance-use record)').check();
    await clients.saveAndOpenChart(CLIENT.name);
    await programs.admit(monday, { programme: PROGRAM, track: TRACK, group: GROUP });
    await programs.open();
    await programs.openGroup(GROUP);
    await programs.sessionsTable().getByRole('link', { name: monday, exact: true }).click();
    await session.attendanceTable.waitFor();
    await session.attendanceOf(CLIENT.name).selectOption('present');
    await expect.poll(() => session.minutesOf(CLIENT.name).textContent(), { timeout: 10_000 }).toBe('180');

    // No consent: the export to an outside billing service is refused with the reason, and nothing is saved.
    const panel = page.getByRole('region', { name: 'Attendance and services for the billing office' });
    const exportTo = async () => {
      await reports.openReports();
      await reports.setRange(monday, addDays(monday, 6));
      await reports.tab('Billing export');
      await reports.exportRecipient(BILLER);
    };
    let downloads = 0;
    page.on('download', () => downloads++);
    await exportTo();
    await panel.getByRole('button', { name: 'Export CSV' }).click();
    const refusal = panel.getByRole('alert').filter({ hasText: 'Not exported: a 42 CFR Part 2 consent does not allow this disclosure' });
    await refusal.getByText(`${CLIENT.name}: There is no Part 2 consent on file for this client`).waitFor();
    expect(downloads).toBe(0);
    await refusal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('part2-export-refused') });
    await expectAccessible(page, 'the refused billing export');

    // The consent, every element filled in, signed on screen.
    await clients.openList();
    await clients.table.getByRole('link', { name: CLIENT.name }).click();
    await clients.openTab('Substance use');
    const part2 = page.getByRole('region', { name: 'Part 2 consents and disclosures' });
    await part2.getByRole('button', { name: 'Record a Part 2 consent' }).click();
    const form = page.getByRole('dialog', { name: 'Consent to disclose substance use disorder records (42 CFR 2.31)' });
    await form.getByRole('status').getByText('It is not signed and dated').waitFor();
    await page.screenshot({ path: shot('part2-consent-form-top') });
    const pad = form.getByRole('img', { name: /Signature area/ });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 30, box.y + box.height / 2 + (i % 2 ? -15 : 15));
    await page.mouse.up();
    await form.getByRole('button', { name: 'Save the client\'s signature' }).click();
    await form.getByRole('status').getByText('Every element of 42 CFR 2.31 is present.').waitFor();
    await form.getByRole('img', { name: 'The signature' }).waitFor();
    await page.screenshot({ path: shot('part2-consent-form') });
    await expectAccessible(page, 'the Part 2 consent form');
    await form.getByRole('button', { name: 'Save the signed consent' }).click();
    await form.waitFor({ state: 'detached' });
    const consents = part2.getByRole('table', { name: 'Part 2 consents' });
    await consents.getByRole('row').filter({ hasText: `${today} (on screen)` }).getByText('in force').waitFor();

    // With the consent: allowed, saved with the notice and the explanation of its scope, and in the ledger.
    await exportTo();
    const files = await reports.exportCsv({ files: 2 });
    expect(files[0]!.text.split('\r\n')).toHaveLength(3);
    expect(files[1]!.text).toContain('42 CFR part 2');
    expect(files[1]!.text).toContain(`Under the written consent of ${CLIENT.firstName} ${CLIENT.lastName}, signed on ${today}`);
    await reports.exportStatus.getByText('Recorded in the disclosure ledger of 1 client.').waitFor();
    await clients.openList();
    await clients.table.getByRole('link', { name: CLIENT.name }).click();
    await clients.openTab('Substance use');
    const ledger = part2.getByRole('table', { name: 'Accounting of disclosures' });
    await expect.poll(() => ledger.getByRole('row').nth(1).locator('td').allTextContents()).toEqual([
      today,
      `${BILLER.name}, ${BILLER.organisation} (Third-party payers)`,
      `Attendance and participation; Billing and claims information: One row per client per service, ${monday} to ${addDays(monday, 6)} (waypoint-services-${monday}-to-${addDays(monday, 6)}.csv)`,
      'Payment',
      `Signed ${today}`,
      'Admin Synthetic, LCSW',
      'Exported to a file',
    ]);
    await ledger.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('part2-chart-ledger') });

    // The accounting of disclosures prints.
    await part2.getByRole('link', { name: 'Print the accounting of disclosures' }).click();
    const accounting = page.getByRole('article', { name: 'Accounting of disclosures' });
    await accounting.getByRole('table', { name: 'Accounting of disclosures' }).getByText(BILLER.organisation, { exact: false }).waitFor();
    expect(await accounting.textContent()).toContain(CLIENT.name);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: shot('part2-accounting-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // A written revocation: the next export is refused, naming it.
    await page.getByRole('link', { name: 'Back to the chart' }).click();
    await part2.getByRole('button', { name: 'Revoke' }).click();
    const revoke = page.getByRole('dialog', { name: 'Record a written revocation' });
    await revoke.getByRole('button', { name: 'Record the revocation' }).click();
    await revoke.getByText('A revocation is recorded from a written request').waitFor();
    await revoke.getByLabel(/received in writing/).check();
    await revoke.getByRole('button', { name: 'Record the revocation' }).click();
    await revoke.waitFor({ state: 'detached' });
    await consents.getByText(`Revoked in writing on ${today}`).waitFor();
    await exportTo();
    await panel.getByRole('button', { name: 'Export CSV' }).click();
    await panel.getByRole('alert').getByText(`${CLIENT.name}: The consent signed on ${today} was revoked in writing on ${today}`).waitFor();
    expect(downloads).toBe(2);

    // A print for someone outside the programme goes through the same gate: refused, with the reason.
    await clients.openList();
    await clients.table.getByRole('link', { name: CLIENT.name }).click();
    await clients.openTab('Documents');
    await page.getByRole('region', { name: 'Printable documents' }).getByRole('link', { name: 'Client summary' }).click();
    await page.getByRole('button', { name: 'Print or save as PDF' }).click();
    const printing = page.getByRole('region', { name: 'Who receives this document' });
    await printing.getByRole('radio', { name: /Someone outside the programme/ }).check();
    await printing.getByRole('textbox', { name: 'Recipient’s name' }).fill('Synthetic Doctor Elsewhere');
    await printing.getByRole('button', { name: 'Check the consent and print' }).click();
    await printing.getByRole('alert').filter({ hasText: 'Not printed: a 42 CFR Part 2 consent does not allow this disclosure' }).getByText(`was revoked in writing on ${today}`, { exact: false }).waitFor();
    await page.screenshot({ path: shot('part2-print-refused') });

    // ASAM at admission, then a review that starts from the previous answers.
    await clients.openList();
    await clients.table.getByRole('link', { name: CLIENT.name }).click();
    await clients.openTab('Substance use');
    const asam = page.getByRole('region', { name: 'ASAM placement' });
    await asam.getByRole('button', { name: 'Assess at admission' }).click();
    const assess = page.getByRole('form', { name: 'ASAM assessment' });
    for (const dimension of ['3. Emotional', '4. Readiness', '5. Relapse']) {
      await assess.getByRole('combobox', { name: new RegExp(`^${dimension}`) }).click();
      await page.getByRole('option', { name: '3 · Significant' }).click();
    }
    await assess.getByRole('status').getByText('Partial hospitalisation (PHP)').waitFor();
    await assess.getByRole('textbox', { name: 'Why it differs from the recommendation' }).fill('Synthetic reason: works days, PHP not possible');
    await assess.getByRole('button', { name: 'Save the assessment' }).click();
    await assess.waitFor({ state: 'detached' });
    await asam.getByRole('button', { name: 'Review the assessment' }).click();
    const review = page.getByRole('form', { name: 'ASAM assessment' });
    expect(await review.getByRole('combobox', { name: /^3\. Emotional/ }).inputValue()).toBe('3 · Significant');
    await review.getByRole('combobox', { name: /^5\. Relapse/ }).click();
    await page.getByRole('option', { name: '2 · Moderate' }).click();
    // Emotional still at 3: the table still recommends PHP, so the reason is asked for again.
    await review.getByRole('button', { name: 'Save the assessment' }).click();
    // The message is under the reason's field, which takes the focus.
    const reason = review.getByRole('textbox', { name: 'Why it differs from the recommendation' });
    await review.getByText('Give the reason the level of care differs from the recommended one').waitFor();
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement && el.getAttribute('aria-invalid'))).toBe('true');
    await reason.fill('Synthetic reason: still working days');
    await review.getByRole('button', { name: 'Save the assessment' }).click();
    await review.waitFor({ state: 'detached' });
    const history = asam.getByRole('table', { name: 'ASAM assessments' });
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    expect(await history.getByRole('row').nth(1).locator('td').allTextContents()).toEqual([today, 'Admission', '0', '0', '3', '3', '3', '0', 'Partial hospitalisation (PHP)', 'Intensive outpatient (IOP)Differs: Synthetic reason: works days, PHP not possible']);
    await asam.getByText(`${monday} to ${today}`, { exact: false }).waitFor();
    await asam.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('part2-asam-history') });

    // Buprenorphine expected; a screen negative for it and positive for fentanyl is flagged on the chart.
    const screens = page.getByRole('region', { name: 'Drug screens and medications' });
    await screens.getByRole('button', { name: 'Add expected medication' }).click();
    const medication = page.getByRole('dialog', { name: 'Add an expected medication' });
    await medication.getByLabel('Taken since').fill(monday);
    await medication.getByRole('button', { name: 'Add the medication' }).click();
    await medication.waitFor({ state: 'detached' });
    await screens.getByText(`Buprenorphine (with or without naloxone) (since ${monday})`, { exact: false }).waitFor();
    await screens.getByRole('button', { name: 'Confirm the sobriety date' }).click();
    const sobriety = page.getByRole('dialog', { name: 'Confirm the sobriety date' });
    await sobriety.getByLabel(/^Sobriety date/).fill(monday);
    await sobriety.getByLabel('Why it is set or changed').fill('Synthetic reason: reported at intake, screens agree');
    await sobriety.getByRole('button', { name: 'Confirm' }).click();
    await sobriety.waitFor({ state: 'detached' });
    await screens.getByText(`Sobriety date: ${monday}, confirmed by Admin Synthetic, LCSW`).waitFor();
    await screens.getByRole('button', { name: 'Record a drug screen' }).click();
    const screen = page.getByRole('dialog', { name: 'Record a drug screen' });
    await screen.getByRole('combobox', { name: 'Buprenorphine' }).selectOption('negative');
    await screen.getByRole('combobox', { name: 'Fentanyl' }).selectOption('positive');
    await screen.getByRole('button', { name: 'Save the screen' }).click();
    await screen.waitFor({ state: 'detached' });
    const table = screens.getByRole('table', { name: 'Drug screens' });
    await table.getByText('Unexpected: Buprenorphine (with or without naloxone) is expected but the screen was negative for Buprenorphine').waitFor();
    await table.getByText('Unexpected: Fentanyl positive: not explained by an expected medication').waitFor();
    // Since the sobriety date: a review is suggested; the date itself stays as confirmed.
    await table.getByText('After the sobriety date: review it with the client.').waitFor();
    await screens.getByText(`Sobriety date: ${monday}, confirmed by Admin Synthetic, LCSW`).waitFor();
    await screens.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('part2-drug-screens') });
    await expectAccessible(page, 'a Part 2 chart: consents, ledger, ASAM, drug screens');
    expect(app.consoleErrors).toEqual([]);
  }, 300_000);

  it('keeps the breach log: a suspected breach with its 60-day deadline warned about, the risk assessment, a notification', async () => {
    app = await AppSession.start();
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await mkdir(resolve('out/screenshots'), { recursive: true });
    const today = isoToday(Date.now());
    const discovered = addDays(today, -50);
    const deadline = addDays(discovered, 60);
    await new SettingsPage(page).open();
    const section = page.getByRole('region', { name: 'Breach log' });
    await section.getByRole('link', { name: 'Open the breach log' }).click();
    await page.getByRole('heading', { name: 'Breach log', level: 2 }).waitFor();
    await page.getByText('No incident recorded.').waitFor();

    await page.getByRole('button', { name: 'Record a suspected breach' }).click();
    const form = page.getByRole('dialog', { name: 'Record a suspected breach' });
    await form.getByRole('button', { name: 'Record the incident' }).click();
    // The message is under its field, and the field has the focus.
    const description = form.getByRole('textbox', { name: 'What happened' });
    await form.getByText('Describe what happened').waitFor();
    await expect.poll(() => description.evaluate((el) => el === document.activeElement)).toBe(true);
    await form.getByLabel(/^Discovered on/).fill(discovered);
    await description.fill('Synthetic: an unencrypted USB stick with an attendance export was lost');
    await form.getByRole('textbox', { name: /^Which records/ }).fill('Synthetic: attendance of the Tuesday group');
    await form.getByRole('textbox', { name: /^Individuals affected/ }).fill('3');
    // Not a breach needs all four factors answered.
    await form.getByRole('radio', { name: /^Not a breach/ }).check();
    await form.getByRole('button', { name: 'Record the incident' }).click();
    await form.getByText('Deciding it is not a breach needs the risk assessment: answer all four factors').waitFor();
    await form.getByRole('radio', { name: /^Not decided yet/ }).check();
    await form.getByRole('textbox', { name: /^The nature and extent/ }).fill('Synthetic: names and attendance dates');
    await form.getByRole('button', { name: 'Record the incident' }).click();
    await form.waitFor({ state: 'detached' });

    const incident = page.getByRole('article', { name: `Discovered ${discovered}` });
    await incident.getByRole('alert').getByText(`10 days left to notify the affected individuals (by ${deadline})`).waitFor();
    await incident.getByText(/HHS: in the yearly report, by/).waitFor();
    await page.screenshot({ path: shot('part2-breach-log-due') });
    await expectAccessible(page, 'the breach log');

    await incident.getByRole('button', { name: 'Record a notification' }).click();
    const notify = page.getByRole('dialog', { name: 'Record a notification' });
    await notify.getByRole('textbox', { name: /^On/ }).fill(addDays(discovered, -1));
    await notify.getByRole('button', { name: 'Record the notification' }).click();
    await notify.getByText(`Not before the discovery (${discovered})`).waitFor();
    await notify.getByText('Who was notified?').waitFor();
    await notify.getByRole('textbox', { name: /^On/ }).fill(today);
    await notify.getByRole('combobox', { name: /^Who was notified/ }).click();
    await page.getByRole('option', { name: 'Affected individuals' }).click();
    await notify.getByRole('textbox', { name: /^How/ }).fill('Synthetic: letters by first-class mail');
    await notify.getByRole('button', { name: 'Record the notification' }).click();
    await notify.waitFor({ state: 'detached' });
    await incident.getByRole('status').getByText(`Individuals notified on ${today} (deadline ${deadline})`).waitFor();
    await incident.getByRole('table', { name: `Notifications of the incident discovered ${discovered}` }).getByText('Synthetic: letters by first-class mail').waitFor();
    await page.screenshot({ path: shot('part2-breach-log') });
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);

  it('records a paper consent with its scanned page: refused file types say why; the page shows on the chart and prints', async () => {
    app = await AppSession.start();
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await mkdir(resolve('out/screenshots'), { recursive: true });
    const clients = new ClientsPages(page);
    const today = isoToday(Date.now());
    await clients.openList();
    await clients.startNew();
    await clients.type(CLIENT);
    await clients.form.getByLabel('42 CFR Part 2 (substance-use record)').check();
    await clients.saveAndOpenChart(CLIENT.name);
    await clients.openTab('Substance use');
    const part2 = page.getByRole('region', { name: 'Part 2 consents and disclosures' });
    await part2.getByRole('button', { name: 'Record a Part 2 consent' }).click();
    const form = page.getByRole('dialog', { name: 'Consent to disclose substance use disorder records (42 CFR 2.31)' });
    // On screen, unsigned: the message is under the signature and nothing is saved.
    await form.getByRole('button', { name: 'Save the signed consent' }).click();
    const unsigned = form.getByText('The client signs in the box above, then chooses Save the client’s signature');
    await unsigned.waitFor();
    await expect.poll(() => unsigned.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: shot('part2-consent-form-unsigned') });
    await form.getByRole('radio', { name: 'Signed on a paper form' }).check();
    // A real PNG to stand for the scanned page: a picture of the form itself.
    const png = await form.getByRole('radiogroup', { name: 'Kind of consent' }).screenshot();
    const pick = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
      const chooser = page.waitForEvent('filechooser');
      await form.getByRole('button', { name: 'Add a scanned page or PDF' }).click();
      await (await chooser).setFiles(file);
    };
    await pick({ name: 'synthetic-notes.txt', mimeType: 'application/pdf', buffer: Buffer.from('Not a scan at all') });
    await form.getByRole('alert').getByText('synthetic-notes.txt is not a PDF, PNG or JPEG file').waitFor();
    await pick({ name: 'synthetic-consent-page-1.png', mimeType: 'image/png', buffer: png });
    const listed = form.getByRole('list', { name: 'Scanned pages to keep with the consent' });
    await listed.getByText(/synthetic-consent-page-1\.png \(PNG image, \d+ KB\)/).waitFor();
    await page.screenshot({ path: shot('part2-consent-paper-scan') });
    await form.getByRole('button', { name: 'Save the signed consent' }).click();
    await form.waitFor({ state: 'detached' });
    const consents = part2.getByRole('table', { name: 'Part 2 consents' });
    await consents.getByRole('row').filter({ hasText: `${today} (paper)` }).getByText('in force').waitFor();

    await consents.getByRole('button', { name: 'View' }).click();
    const copy = page.getByRole('dialog', { name: 'Part 2 consent' });
    const scanned = copy.getByRole('img', { name: 'Scanned page 1 of the paper consent' });
    await scanned.waitFor();
    await expect.poll(() => scanned.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await scanned.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('part2-consent-scan-view') });
    await expectAccessible(page, 'a paper consent with its scan');
    await copy.getByRole('link', { name: 'Print the consent' }).click();
    const printed = page.getByRole('article', { name: 'Consent to disclose substance use disorder records (42 CFR 2.31)' });
    await printed.getByRole('img', { name: 'Scanned page 1 of the paper consent' }).waitFor();
    expect(await printed.textContent()).toContain(CLIENT.name);

    // Revoked by a letter, scanned and kept with the consent the same way.
    await page.getByRole('link', { name: 'Back to the chart' }).click();
    await part2.getByRole('button', { name: 'Revoke' }).click();
    const revoke = page.getByRole('dialog', { name: 'Record a written revocation' });
    const date = revoke.getByLabel('Date of the written revocation');
    await date.fill('');
    await revoke.getByRole('button', { name: 'Record the revocation' }).click();
    // Two fields wrong: each message under its own field, the focus on the first.
    const dateError = revoke.getByText('The date of the written revocation');
    await dateError.waitFor();
    expect(await date.getAttribute('aria-describedby')).toBe(await dateError.getAttribute('id'));
    const writing = revoke.getByLabel(/received in writing/);
    const writingError = revoke.getByText('A revocation is recorded from a written request');
    expect(await writing.getAttribute('aria-describedby')).toContain(await writingError.getAttribute('id'));
    await expect.poll(() => date.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: shot('part2-revocation-errors') });
    await date.fill(today);
    await writing.check();
    const chooser = page.waitForEvent('filechooser');
    await revoke.getByRole('button', { name: 'Add a scanned page or PDF' }).click();
    await (await chooser).setFiles({ name: 'synthetic-revocation-letter.png', mimeType: 'image/png', buffer: png });
    await revoke.getByRole('list', { name: 'Scanned pages to keep with the revocation' }).getByText(/synthetic-revocation-letter\.png \(PNG image, \d+ KB\)/).waitFor();
    await page.screenshot({ path: shot('part2-revocation-scan') });
    await revoke.getByRole('button', { name: 'Record the revocation' }).click();
    await revoke.waitFor({ state: 'detached' });
    await consents.getByText(`Revoked in writing on ${today}`).waitFor();
    await consents.getByRole('button', { name: 'View' }).click();
    const letter = copy.getByRole('img', { name: 'Scanned page 1 of the written revocation' });
    await letter.waitFor();
    await expect.poll(() => letter.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await letter.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('part2-revocation-scan-view') });
    await expectAccessible(page, 'a revoked consent with its scanned letter');
    await copy.getByRole('link', { name: 'Print the consent' }).click();
    await printed.getByRole('img', { name: 'Scanned page 1 of the written revocation' }).waitFor();
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);
});
