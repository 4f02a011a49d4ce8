import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../src/shared/attendance';
import { englishText } from '../../src/shared/messages';
import { addDays, isoToday, weekDays } from '../../src/shared/calendar';
import { PART2_REDISCLOSURE_NOTICE } from '../../src/shared/exports';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { parseCsv, ReportsPages } from './pages/reports';
import { SessionPage } from './pages/session';

const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Depression & Anxiety';
const GROUP = 'Synthetic Skills Group';
const FACILITATOR = 'Admin Synthetic, LCSW';
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Three obviously synthetic clients; the third is a 42 CFR Part 2 record. */
const A = { firstName: 'Testa', lastName: 'Alphaworth', dateOfBirth: '1980-01-11', name: 'Alphaworth, Testa' };
const B = { firstName: 'Sampla', lastName: 'Betaworth', dateOfBirth: '1981-02-12', name: 'Betaworth, Sampla' };
const C = { firstName: 'Mocka', lastName: 'Gammaworth', dateOfBirth: '1982-03-13', name: 'Gammaworth, Mocka' };
const CLIENTS = [A, B, C];
/** Sessions run 09:00–12:00 (the schedule editor's default): 180 minutes. */
const FULL = 180;

/** Last week's attendance, day by day (Monday first), for whoever is not simply present. */
const PLAN: Record<string, { status: AttendanceStatus; arrivedAt?: string }>[] = [
  { [C.name]: { status: 'absent-unexcused' } },
  { [B.name]: { status: 'late', arrivedAt: '09:30' } },
  { [C.name]: { status: 'absent-unexcused' } },
  { [C.name]: { status: 'absent-excused' } },
  { [C.name]: { status: 'absent-unexcused' } },
  { [B.name]: { status: 'absent-excused' } },
  { [C.name]: { status: 'absent-unexcused' } },
];
const statusOf = (day: number, name: string) => PLAN[day]![name] ?? { status: 'present' as const };
const minutesOf = (entry: { status: AttendanceStatus; arrivedAt?: string }) => (entry.status.startsWith('absent') ? 0 : entry.arrivedAt ? FULL - 30 : FULL);

describe('attendance, hours, the billing export and the dashboard', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('takes a week of attendance, exports it for billing with the Part 2 notice, warns of hours that cannot be reached, and lands on a dashboard with today’s session and the notes due', async () => {
    app = await AppSession.start();
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    const reports = new ReportsPages(page);
    const programs = new ProgramsPages(page);
    const session = new SessionPage(page);
    const today = isoToday(Date.now());
    const lastWeek = weekDays(addDays(today, -7));
    const start = lastWeek[0]!;

    // The landing page after unlock is the dashboard.
    expect(await page.evaluate(() => window.location.hash)).toBe('#/dashboard');
    await page.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();

    // A programme, a track (adults: 9 hours a week) and a group meeting every day from last Monday.
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, FACILITATOR);
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(start, 3, EVERY_DAY);

    // Three clients, the third flagged Part 2 at intake, each admitted into the group from last Monday.
    const clients = new ClientsPages(page);
    for (const client of CLIENTS) {
      await clients.openList();
      await clients.startNew();
      await clients.type(client);
      if (client === C) await clients.form.getByLabel('42 CFR Part 2 (substance-use record)').check();
      await clients.saveAndOpenChart(client.name);
      await programs.admit(start, { programme: PROGRAM, track: TRACK, group: GROUP });
      await clients.openTab('Episodes');
      await page.getByText(`Admitted ${start} at Intensive outpatient (IOP)`).waitFor();
      await clients.openTab('Overview');
    }

    // Last week's attendance, one session a day, through the session workspace.
    for (const [day, date] of lastWeek.entries()) {
      await programs.open();
      await programs.openGroup(GROUP);
      await programs.sessionsTable().getByRole('link', { name: date, exact: true }).click();
      await session.attendanceTable.waitFor();
      for (const [name, entry] of Object.entries(PLAN[day]!)) {
        await session.attendanceOf(name).selectOption(entry.status);
        if (entry.arrivedAt) await session.arrivalOf(name).fill(entry.arrivedAt);
        await expect.poll(() => session.minutesOf(name).textContent(), { timeout: 10_000 }).toBe(String(minutesOf(entry)));
      }
    }
    // The third client leaves the group after today: the sessions left this week cannot make up 9 hours.
    await programs.open();
    await programs.openGroup(GROUP);
    await page.getByRole('table', { name: 'Roster' }).getByRole('row').filter({ hasText: C.name }).getByRole('button', { name: 'End today' }).click();
    await programs.status.getByText(`${C.name} leaves the group after today.`).waitFor();

    // A note started in today's session and not signed yet: a note due.
    await programs.sessionsTable().getByRole('link', { name: today, exact: true }).click();
    await session.members.getByRole('button', { name: A.name }).click();
    await session.field(A.name, 'Goal').fill('Synthetic goal: practise grounding before group.');
    await page.waitForTimeout(1000); // the autosave (400 ms debounce) lands

    await mkdir(resolve('out/screenshots'), { recursive: true });
    // The chart: this week's warning, and last week below the target.
    await clients.openList();
    await clients.table.getByRole('link', { name: C.name }).click();
    const hours = reports.hoursSection;
    await hours.getByText('This week’s target cannot be reached').waitFor({ timeout: 10_000 });
    // Only today's session is left for them (3 h), and nothing is recorded this week yet: 6 h short.
    expect(await hours.getByRole('status').textContent()).toContain('would reach 3 h of 9 h: 6 h short');
    const lastWeekRow = await hours.getByRole('table', { name: 'Hours in previous weeks' }).getByRole('row').filter({ hasText: start }).locator('td').allTextContents();
    expect(lastWeekRow.slice(0, 3)).toEqual([start, '6 h', '9 h']);
    expect(lastWeekRow[3]).toContain('Short');
    await hours.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/chart-hours.png') });

    // Reports: last week's attendance by client, with the missed-session streaks.
    await reports.openReports();
    // A range backwards: the message under "To" as it is typed; the reports wait for a valid range.
    const dates = page.getByRole('form', { name: 'Dates' });
    await reports.setRange(lastWeek[6]!, start);
    await dates.getByText('The last date is before the first').waitFor();
    expect(await dates.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: resolve('out/screenshots/reports-range-error.png') });
    await reports.setRange(start, lastWeek[6]!);
    await page.getByRole('table', { name: 'Attendance by client' }).waitFor();
    // Client, expected, attended, partial, excused, unexcused, not recorded, rate, missed in a row now, longest run.
    await expect.poll(() => reports.rowOf('Attendance by client', C.name)).toEqual([C.name, '7', '2', '0', '1', '4', '0', '29%', '1', '3']);
    expect(await reports.rowOf('Attendance by client', B.name)).toEqual([B.name, '7', '6', '1', '1', '0', '0', '86%', '0', '1']);
    await page.screenshot({ path: resolve('out/screenshots/reports-attendance.png') });
    // One group a day: each of the 15 days someone attended has fewer than 3 services.
    await reports.tab('Services per day');
    await page.getByText('0 with 3, 0 with 4 or more, 15 with fewer than 3', { exact: false }).waitFor();
    expect(await reports.rowOf('Service days by client', C.name)).toEqual([C.name, '2', '0', '0', '2']);

    // The billing export for the programme's own billing staff (not a disclosure): every service of last week, absences included, by name; then the Part 2 notice beside it.
    await reports.tab('Billing export');
    await reports.exportRecipient('within');
    const [csv, notice] = await reports.exportCsv({ identifier: 'Client name', includeAbsences: true, files: 2 });
    expect(csv!.name).toBe(`waypoint-services-${start}-to-${lastWeek[6]}.csv`);
    const [header, ...rows] = parseCsv(csv!.text);
    expect(header).toEqual(['Client name', 'Date', 'Start', 'End', 'Minutes attended', 'Session minutes', 'Service type', 'Service code', 'Group size', 'Facilitators', 'Attendance', 'Note signed']);
    const expected = lastWeek.flatMap((date, day) => {
      const present = CLIENTS.filter((c) => !statusOf(day, c.name).status.startsWith('absent')).length;
      return CLIENTS.map((c) => {
        const entry = statusOf(day, c.name);
        const absent = entry.status.startsWith('absent');
        return [c.name, date, '09:00', '12:00', String(minutesOf(entry)), String(FULL), 'Group therapy', absent ? '' : '90853', String(present), FACILITATOR, englishText(ATTENDANCE_STATUSES[entry.status]), 'No'];
      });
    });
    expect(rows).toEqual(expected);
    expect(notice!.name).toBe(`waypoint-services-${start}-to-${lastWeek[6]}-42-CFR-Part-2-notice.txt`);
    expect(notice!.text).toContain(csv!.name);
    expect(notice!.text).toContain(PART2_REDISCLOSURE_NOTICE.split('\n\n')[0]);
    await reports.exportStatus.getByText(`Saved ${csv!.name}: 21 rows.`).waitFor();
    await page.getByRole('alert').filter({ hasText: 'This export contains 42 CFR Part 2 records' }).waitFor();
    await page.screenshot({ path: resolve('out/screenshots/reports-export.png') });
    // Service codes are a practice setting: a wrong code is refused with the rule, a right one saved.
    await page.getByRole('button', { name: 'Edit service codes' }).click();
    const codes = page.getByRole('dialog', { name: 'Service codes' });
    await codes.getByRole('textbox', { name: 'Individual therapy' }).fill('9083');
    await codes.getByRole('button', { name: 'Save codes' }).click();
    // The message under its field, and the field focused.
    const individual = codes.getByRole('textbox', { name: 'Individual therapy' });
    await codes.getByText('A service code is 5 letters or digits', { exact: false }).waitFor();
    expect(await individual.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => individual.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: resolve('out/screenshots/reports-service-codes-error.png') });
    await codes.getByRole('textbox', { name: 'Individual therapy' }).fill('90834');
    await codes.getByRole('button', { name: 'Save codes' }).click();
    await codes.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Service codes' }).getByRole('row', { name: 'Individual therapy 90834' }).waitFor();
    await reports.tab('Hours this week');
    await page.getByRole('table', { name: 'Hours this week' }).getByRole('link', { name: C.name }).waitFor();
    await page.screenshot({ path: resolve('out/screenshots/reports-hours.png') });

    // The dashboard: today's session, the note due, and the client whose hours are at risk.
    await reports.openDashboard();
    await reports.todaysSessions.getByRole('link', { name: `Open the session ${GROUP}, 09:00` }).waitFor();
    await reports.notesDue.getByRole('row').filter({ hasText: A.name }).filter({ hasText: today }).waitFor();
    await page.getByRole('heading', { name: 'Notes due (1)' }).waitFor();
    await reports.hoursAtRisk.getByRole('link', { name: C.name }).waitFor();
    await page.screenshot({ path: resolve('out/screenshots/dashboard.png') });

    // The client summary prints with the Part 2 notice.
    await reports.hoursAtRisk.getByRole('link', { name: C.name }).click();
    await clients.openTab('Documents');
    await page.getByRole('region', { name: 'Printable documents' }).getByRole('link', { name: 'Client summary' }).click();
    const summary = page.getByRole('article', { name: 'Client summary' });
    await summary.getByRole('complementary', { name: 'Notice: 42 CFR Part 2 (substance use disorder records)' }).waitFor();
    expect(await summary.textContent()).toContain(C.name);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: resolve('out/screenshots/print-client-summary.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The note started today prints from the first client's chart, marked as a draft; no Part 2 notice on their record.
    await clients.openList();
    await clients.table.getByRole('link', { name: A.name }).click();
    await clients.openTab('Documents');
    await page.getByRole('region', { name: 'Printable documents' }).getByRole('link', { name: `Print the note of ${today}` }).click();
    const note = page.getByRole('article', { name: 'Progress note (draft, not signed)' });
    await note.getByText('Synthetic goal: practise grounding before group.').waitFor();
    expect(await note.getByRole('complementary').count()).toBe(0);
    await page.screenshot({ path: resolve('out/screenshots/print-progress-note.png') });
    expect(app.consoleErrors).toEqual([]);
  }, 240_000);
});
