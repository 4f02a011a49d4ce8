import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ActionCounter, expectFocused } from './support/keyboard';
import { ClientsPages } from './pages/clients';
import { MeasuresPages } from './pages/measures';
import { ProgramsPages } from './pages/programs';

const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Depression & Anxiety';
const GROUP = 'Synthetic Finders Group';
const PLANNED = { firstName: 'Alpha', lastName: 'Findable', dateOfBirth: '1985-02-03', name: 'Findable, Alpha' };
const UNPLANNED = { firstName: 'Beta', lastName: 'Clientson', dateOfBirth: '1991-07-08', name: 'Clientson, Beta' };
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SHOTS = resolve('out/screenshots');

describe('finding things from the dashboard, counted in actions, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('a first-run checklist that goes with what is done, a form that shows each error under its field, and four things found in few actions', async () => {
    app = await AppSession.start();
    const page = app.page;
    await mkdir(SHOTS, { recursive: true });
    const today = isoToday(Date.now());
    // Signed 25 days ago with a 30-day cadence: the review is due in 5 days.
    const admitted = addDays(today, -25);

    // First run: the checklist says what is left; one step is done (the practice is set up).
    const checklist = page.getByRole('region', { name: /^Getting started/ });
    await checklist.getByRole('heading', { name: 'Getting started: 1 of 6 done' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/first-run-dashboard.png` });

    const programs = new ProgramsPages(page);
    const clients = new ClientsPages(page);
    const measures = new MeasuresPages(page);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, 'Admin Synthetic, LCSW');
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(admitted, 4, EVERY_DAY, { skipHolidays: false });
    for (const client of [PLANNED, UNPLANNED]) {
      await clients.create(client);
      await programs.admit(admitted, { group: GROUP });
    }

    // A dialog submitted with two invalid fields: each message under its field, focus on the first.
    await clients.openTab('Contacts and consents');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contact = page.getByRole('dialog', { name: 'Add a family or support contact' });
    const name = contact.getByRole('textbox', { name: 'Name', exact: true });
    const email = contact.getByRole('textbox', { name: 'Email' });
    await contact.getByLabel('Relationship').fill('sibling');
    await email.fill('not an address');
    await contact.getByRole('button', { name: 'Save contact' }).click();
    // The field's own wrapper holds its message (the inner locator is relative to the wrapper).
    const under = (label: string) => contact.locator('.mantine-InputWrapper-root').filter({ has: page.getByRole('textbox', { name: label, exact: true }) });
    await under('Name').getByText('Name is required').waitFor();
    await under('Email').getByText('Email is not a valid address').waitFor();
    expect(await under('Name').getByText('Email is not a valid address').count()).toBe(0);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await contact.getByRole('alert').count()).toBe(0); // no line of schema keys
    await page.screenshot({ path: `${SHOTS}/form-errors-under-fields.png` });
    await page.keyboard.type('Gamma Synthetic');
    await email.fill('');
    await contact.getByRole('button', { name: 'Save contact' }).click();
    await contact.waitFor({ state: 'detached' });

    // The second client's two PHQ-9s, and a signed plan from the library for the first.
    await clients.openList();
    await clients.table.getByRole('link', { name: PLANNED.name }).click();
    await clients.openTab('Measures');
    await measures.give('PHQ-9', ['Several days', 'Several days', 'Several days', 'Several days', 'Not at all', 'Not at all', 'Not at all', 'Not at all', 'Not at all'], addDays(today, -14));
    await measures.give('PHQ-9', ['Several days', 'Not at all', 'Not at all', 'Not at all', 'Not at all', 'Not at all', 'Not at all', 'Not at all', 'Not at all'], addDays(today, -1));
    await clients.openTab('Plan');
    await page.getByRole('button', { name: 'Write a treatment plan' }).click();
    await page.getByLabel('Plan date').fill(admitted);
    await page.getByRole('button', { name: 'Add from the library' }).click();
    const picker = page.getByRole('dialog', { name: 'Add a problem from the library' });
    await picker.getByLabel('Topic').selectOption('depression-anxiety');
    await picker.getByRole('radio', { name: /^Depressed mood most days/ }).check();
    await picker.getByRole('group', { name: 'Goals and objectives to add' }).getByRole('checkbox', { name: /^Identifies and challenges two unhelpful thoughts/ }).uncheck();
    await picker.getByRole('button', { name: 'Add to the plan' }).click();
    await picker.waitFor({ state: 'detached' });
    await page.getByLabel('Goal 1: target date').fill(addDays(today, 60));
    await page.getByLabel('Objective 1.1: target date').fill(addDays(today, 30));
    for (const n of ['1.1.1', '1.1.2']) {
      await page.getByRole('combobox', { name: `Intervention ${n}: responsible staff` }).focus();
      await page.keyboard.press('ArrowDown');
      await page.getByRole('option', { name: 'Admin Synthetic, LCSW' }).click();
      await page.keyboard.press('Escape');
    }
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('Or: signed on paper on').fill(admitted);
    await page.getByRole('button', { name: 'Record the paper signature' }).click();
    await page.getByRole('button', { name: 'Sign the plan' }).click();
    await page.getByText('Signed by Admin Synthetic, LCSW').waitFor();

    const fromDashboard = async () => {
      await page.keyboard.press('Alt+0');
      await page.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();
      return new ActionCounter(page);
    };
    const palette = page.getByRole('textbox', { name: 'Find a client or a section' });
    // Ctrl+K, then typing once the search box has focus: Mantine focuses it a task after it opens,
    // and keys typed before that go to the page. A search cut short can put another entry first
    // ("ck" lists "Settings: Backup" before the auto-lock time), the likely cause of a CI failure.
    const search = async (counter: ActionCounter, text: string) => {
      await counter.press('Control+K');
      await expectFocused(page, palette, 'the command palette search');
      expect(await palette.inputValue()).toBe('');
      await counter.type(text);
      expect(await palette.inputValue()).toBe(text);
    };

    // 1. A client's latest PHQ-9 result: find the client, open Measures.
    let counter = await fromDashboard();
    await search(counter, 'findable');
    await page.getByRole('button', { name: /Findable, Alpha/ }).waitFor();
    await counter.press('Enter');
    await clients.chartHeading(PLANNED.name).waitFor();
    await counter.press('Alt+Shift+4');
    const latest = measures.table.getByRole('row').filter({ hasText: addDays(today, -1) });
    expect(await latest.getByRole('cell').nth(2).textContent()).toBe('1 / 27');
    expect(counter.total, counter.summary()).toBeLessThanOrEqual(3);

    // 2. Whether a client's plan review is due: in the chart's header.
    counter = await fromDashboard();
    // Each search starts from an empty box, whatever was searched before (search() checks it).
    await search(counter, 'findable');
    await page.getByRole('button', { name: /Findable, Alpha/ }).waitFor();
    await counter.press('Enter');
    const summary = page.getByRole('region', { name: 'Chart summary' });
    await summary.getByText('Review due in 5 days').waitFor();
    expect(counter.total, counter.summary()).toBeLessThanOrEqual(2);
    await summary.getByText(`${TRACK} · ${GROUP}`).waitFor();
    await page.screenshot({ path: `${SHOTS}/chart-header.png` });

    // 3. Which clients in a group have no signed plan: the group's roster says.
    counter = await fromDashboard();
    await counter.press('Alt+2');
    await counter.click(page.getByRole('link', { name: GROUP, exact: true }).first(), GROUP);
    const roster = page.getByRole('table', { name: 'Roster' });
    await roster.getByRole('row').filter({ hasText: UNPLANNED.name }).getByText('No plan').waitFor();
    await roster.getByRole('row').filter({ hasText: PLANNED.name }).getByText('Review due in 5 days').waitFor();
    expect(counter.total, counter.summary()).toBeLessThanOrEqual(2);
    // Sorted by family name.
    expect((await roster.locator('tbody tr td:first-child').allTextContents()).slice(0, 2)).toEqual([UNPLANNED.name, PLANNED.name]);

    // 4. Change the auto-lock time: the palette links straight to the setting.
    counter = await fromDashboard();
    await search(counter, 'auto-lock');
    await page.getByRole('button', { name: 'Settings: Auto-lock time' }).waitFor();
    await counter.press('Enter');
    const autoLock = page.getByLabel('Auto-lock after inactivity (minutes)');
    await expect.poll(() => autoLock.evaluate((el) => el === document.activeElement)).toBe(true);
    await counter.type('20');
    await counter.press('Enter');
    await page.getByRole('form', { name: 'Security settings' }).getByText('Settings saved.').waitFor();
    expect(await autoLock.inputValue()).toBe('20');
    expect(counter.total, counter.summary()).toBeLessThanOrEqual(3);
    await page.screenshot({ path: `${SHOTS}/settings-security.png` });

    // The plans page and the plan library, for people to look at.
    await page.keyboard.press('Alt+3');
    await page.getByRole('table', { name: 'Clients in care and their plans' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/plans-page.png` });
    await app.open('/settings#plans-and-measures');
    await page.getByRole('table', { name: 'Plan library' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/settings-plan-library.png` });

    // The checklist has moved on: groups and clients are done.
    await page.keyboard.press('Alt+0');
    await checklist.getByRole('heading', { name: 'Getting started: 3 of 6 done' }).waitFor();
    expect(app.consoleErrors).toEqual([]);
  }, 300_000);
});
