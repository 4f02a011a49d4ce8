import { mkdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addDays, isoToday, isoWeekday } from '../../src/shared/calendar';
import { closedDays, DEFAULT_HOLIDAYS } from '../../src/shared/holidays';
import { AppSession } from './support/app';
import { expectFocused, tabTo } from './support/keyboard';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SessionPage } from './pages/session';
import { SettingsPage } from './pages/settings';
import { ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const SHOTS = 'out/screenshots';
const ALPHA = { firstName: 'Alphonse', lastName: 'Syntheticson', dateOfBirth: '1981-03-04', name: 'Syntheticson, Alphonse' };
const BRAVO = { firstName: 'Bravona', lastName: 'Examplewood', dateOfBirth: '1979-11-12', name: 'Examplewood, Bravona' };
const CHARLIE = { firstName: 'Charlot', lastName: 'Fictionby', dateOfBirth: '1992-06-30', name: 'Fictionby, Charlot' };
const DELTA = { firstName: 'Deltara', lastName: 'Mockington', dateOfBirth: '1988-01-21', name: 'Mockington, Deltara' };

/** The first Mon/Wed/Fri on or after `from` that is not a practice holiday: where the new group's first session falls. */
function firstMwf(from: string): string {
  const closed = new Set(closedDays(DEFAULT_HOLIDAYS, { from, to: addDays(from, 60) }).map((c) => c.date));
  let day = from;
  while (![1, 3, 5].includes(isoWeekday(day)) || closed.has(day)) day = addDays(day, 1);
  return day;
}

async function tabAndPress(page: Page, target: Locator, what: string): Promise<void> {
  await tabTo(page, target, what);
  await page.keyboard.press('Enter');
}

/** Clicks made on the page (the keyboard-only run asserts there were none). */
async function countClicks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    (window as unknown as { clicks: number }).clicks = 0;
    document.addEventListener('mousedown', () => (window as unknown as { clicks: number }).clicks++, true);
  });
  return () => page.evaluate(() => (window as unknown as { clicks: number }).clicks);
}

describe('starting quickly in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('creates programme, track, group, schedule, members and first sessions in one form, by keyboard alone, and lands on the first session', async () => {
    app = await AppSession.start();
    const page = app.page;
    await mkdir(SHOTS, { recursive: true });
    const clients = new ClientsPages(page);
    await clients.create(ALPHA);
    await clients.create(BRAVO);
    const today = isoToday(Date.now());
    // The practice closes on what would be the first session day: a closure of its own, added in Settings.
    const training = firstMwf(today);
    const settings = new SettingsPage(page);
    await settings.open();
    const holidays = page.getByRole('form', { name: 'Practice holidays' });
    await holidays.getByRole('checkbox', { name: /^Christmas Day/ }).waitFor();
    expect(await holidays.getByRole('checkbox', { checked: true }).count()).toBe(11);
    await holidays.getByLabel('Closure date').fill(training);
    await holidays.getByLabel('Closure name').fill('Synthetic staff training day');
    await holidays.getByRole('button', { name: 'Add closure' }).click();
    await holidays.getByRole('button', { name: 'Save holidays' }).click();
    await holidays.getByRole('status').getByText('Holidays saved.', { exact: false }).waitFor();
    await holidays.getByRole('table', { name: 'Practice closures' }).getByText('Synthetic staff training day').waitFor();
    await holidays.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/settings-holidays.png` });

    const clicks = await countClicks(page);
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 2, name: 'Groups & Sessions' }).waitFor();
    await tabAndPress(page, page.getByRole('link', { name: 'New group' }), 'New group');
    const programs = new ProgramsPages(page);
    const form = programs.newGroupForm;
    await form.waitFor();
    // Nothing exists yet: a new programme and track are preselected, and the typing starts at the programme's name.
    await expectFocused(page, form.getByLabel('Programme name'), 'the programme name');
    expect(await form.getByRole('combobox', { name: 'Programme' }).inputValue()).toBe('New programme…');
    await page.screenshot({ path: `${SHOTS}/new-group-empty.png` });
    await page.keyboard.type('Synthetic Adult IOP');
    await tabTo(page, form.getByLabel('Track name'), 'the track name');
    await page.keyboard.type('Depression & Anxiety');
    await tabTo(page, form.getByLabel('Group name'), 'the group name');
    await page.keyboard.type('Morning Process Group');
    await tabTo(page, form.getByLabel('Location'), 'the location');
    await page.keyboard.type('Synthetic Room 2');
    // Two members, picked from the list by typing and the arrow keys.
    await tabTo(page, form.getByLabel('Clients', { exact: true }), 'the members');
    for (const client of [ALPHA, BRAVO]) {
      await page.keyboard.type(client.lastName);
      await page.getByRole('option', { name: client.name }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Escape');
    expect(await form.locator('.mantine-MultiSelect-pill').allTextContents()).toEqual(['Admin Synthetic, LCSW', ALPHA.name, BRAVO.name]);
    await page.screenshot({ path: `${SHOTS}/new-group-filled.png`, fullPage: true });
    await tabAndPress(page, form.getByRole('button', { name: 'Create and open the first session' }), 'Create and open the first session');

    // The first Mon/Wed/Fri after the training day that is not a holiday, with both members on the roster.
    const first = firstMwf(addDays(training, 1));
    await page.getByRole('heading', { level: 2, name: 'Morning Process Group' }).waitFor();
    // Its id says nothing (a keyed hash): the date is read on the page.
    expect(decodeURIComponent(new URL(page.url()).hash)).toMatch(/^#\/sessions\/session-[A-Za-z0-9_-]{22}$/);
    const longDate = new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${first}T00:00:00Z`));
    await page.getByText(`${longDate} · `).first().waitFor();
    const attendance = new SessionPage(page).attendanceTable;
    await attendance.getByText(ALPHA.name).waitFor();
    await attendance.getByText(BRAVO.name).waitFor();
    await page.screenshot({ path: `${SHOTS}/new-group-first-session.png` });
    expect(await clicks()).toBe(0);

    // The group page: the schedule, the programme path and four weeks of sessions with no holiday among them.
    await page.keyboard.press('Alt+2');
    await programs.openGroup('Morning Process Group');
    await page.getByText('Synthetic Adult IOP · Depression & Anxiety · Morning Process Group').waitFor();
    const dates = (await programs.sessionsTable().getByRole('link').allTextContents()).sort();
    const closed = closedDays(DEFAULT_HOLIDAYS, { from: today, to: addDays(today, 27) }).map((c) => c.date);
    expect(dates[0]).toBe(first);
    expect(dates.filter((d) => closed.includes(d) || d === training)).toEqual([]);
    expect(dates.every((d) => [1, 3, 5].includes(isoWeekday(d)) && d >= today && d <= addDays(today, 27))).toBe(true);
  });

  it('preselects the only programme and track, refuses a nameless group with nothing written, admits at intake with single choices, and adds several clients at once', async () => {
    app = await AppSession.start();
    const page = app.page;
    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const today = isoToday(Date.now());
    await programs.open();
    // Every dialog starts at its first field, never at the close button.
    await page.getByRole('button', { name: 'New programme' }).click();
    await expectFocused(page, page.getByRole('dialog', { name: 'New programme' }).getByLabel('Programme name'), 'the programme name in New programme');
    await page.keyboard.press('Escape');
    await programs.createProgram('Synthetic Adult IOP');
    await page.getByRole('button', { name: 'New track' }).click();
    await expectFocused(page, page.getByRole('dialog', { name: 'New track' }).getByRole('combobox', { name: 'Programme' }), 'the programme in New track');
    await page.keyboard.press('Escape');
    await programs.createTrack('Synthetic Adult IOP', 'Depression & Anxiety');

    await programs.startNewGroup();
    const form = programs.newGroupForm;
    expect(await form.getByRole('combobox', { name: 'Programme' }).inputValue()).toBe('Synthetic Adult IOP');
    expect(await form.getByRole('combobox', { name: 'Track' }).inputValue()).toBe('Depression & Anxiety');
    await expectFocused(page, form.getByLabel('Group name'), 'the group name');
    await page.screenshot({ path: `${SHOTS}/new-group-preselected.png` });
    await form.getByRole('button', { name: 'Create and open the first session' }).click();
    // The message is under its field, which takes focus; nothing was written.
    const groupName = form.getByLabel('Group name');
    await expectFocused(page, groupName, 'the invalid group name');
    expect(await groupName.getAttribute('aria-invalid')).toBe('true');
    expect(await new SessionPage(page).descriptionOf(groupName)).toContain('Group name is required');
    await page.screenshot({ path: `${SHOTS}/new-group-error.png` });
    await programs.open();
    await page.getByText('Synthetic Adult IOP').first().waitFor();
    expect(await page.getByRole('region', { name: 'Programmes' }).getByRole('link').count()).toBe(0);

    await programs.startNewGroup();
    await form.getByLabel('Group name').fill('Evening Skills Group');
    await form.getByRole('button', { name: 'Create and open the first session' }).click();
    await page.getByRole('heading', { level: 2, name: 'Evening Skills Group' }).waitFor();

    // Intake with "Admit now": the only programme, track and group are already chosen.
    await clients.openList();
    await clients.startNew();
    await clients.type(ALPHA);
    await clients.form.getByLabel('Admit now').check();
    expect(await clients.form.getByRole('combobox', { name: 'Programme' }).inputValue()).toBe('Synthetic Adult IOP');
    expect(await clients.form.getByRole('combobox', { name: 'Track' }).inputValue()).toBe('Depression & Anxiety');
    expect(await clients.form.getByRole('combobox', { name: 'Group (optional)' }).inputValue()).toBe('Evening Skills Group');
    await clients.form.getByRole('button', { name: 'Save and admit' }).click();
    await clients.chartHeading(ALPHA.name).waitFor();
    await clients.openTab('Episodes');
    await page.getByText(`Admitted ${today} at Intensive outpatient (IOP)`).waitFor();
    await page.getByText(`Groups: Evening Skills Group (from ${today}`).waitFor();
    // The chart's own admission dialog starts at its first field too.
    await clients.create(BRAVO);
    await page.getByRole('button', { name: 'Admit to a programme' }).click();
    const admit = page.getByRole('dialog', { name: 'Admit to a programme' });
    await expectFocused(page, admit.getByRole('combobox', { name: 'Programme' }), 'the programme in Admit');
    expect(await admit.getByRole('combobox', { name: 'Group (optional)' }).inputValue()).toBe('Evening Skills Group');
    await page.keyboard.press('Escape');

    // Two more clients join the roster in one go.
    await clients.create(CHARLIE);
    await clients.create(DELTA);
    await programs.open();
    await programs.openGroup('Evening Skills Group');
    await programs.addMembers([CHARLIE.name, DELTA.name, BRAVO.name], today);
    const roster = page.getByRole('table', { name: 'Roster' });
    for (const client of [ALPHA, BRAVO, CHARLIE, DELTA]) await roster.getByText(client.name).waitFor();
    await page.getByRole('heading', { name: 'Roster (4 of 12 today)' }).waitFor();
  });

  // Adding a colleague now includes their setup at the unlock screen: more Argon2id derivations at the calibrated cost.
  it('lands the next person on their dashboard after a lock, never on the screen the last one left; the same person resumes', { timeout: 120_000 }, async () => {
    app = await AppSession.start();
    const page = app.page;
    const vault = new VaultPages(page);
    const settings = new SettingsPage(page);
    const clients = new ClientsPages(page);
    const associate = { name: 'Assoc Synthetic', credentials: 'LPC-Associate', passphrase: 'maple quartz harbor lantern' };
    await settings.open();
    // The staff dialog starts at its first field.
    await page.getByRole('button', { name: 'Add staff profile' }).click();
    await expectFocused(page, page.getByRole('form', { name: 'Add a staff profile' }).getByRole('textbox', { name: 'Name', exact: true }), 'the name in Add a staff profile');
    await page.keyboard.press('Escape');
    await settings.addStaffProfile(associate, ADMIN_PASSPHRASE);
    await clients.create(ALPHA);
    const chart = new URL(page.url()).hash;
    expect(chart).toMatch(/^#\/clients\/client-/);

    // The administrator leaves a chart open and locks; the associate unlocks onto their dashboard.
    await vault.switchTo('Assoc Synthetic — Clinician', associate.passphrase);
    await page.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/dashboard');
    expect(await clients.chartHeading(ALPHA.name).count()).toBe(0);

    // The associate opens Groups, locks and unlocks: back on Groups.
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 2, name: 'Groups & Sessions' }).waitFor();
    await vault.switchTo('Assoc Synthetic — Clinician', associate.passphrase);
    await page.getByRole('heading', { level: 2, name: 'Groups & Sessions' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/groups');

    // The administrator comes back to where they left off, not to the associate's screen.
    await vault.switchTo('Admin Synthetic — Administrator', ADMIN_PASSPHRASE);
    await clients.chartHeading(ALPHA.name).waitFor();
    expect(new URL(page.url()).hash).toBe(chart);
  });
});
