import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday, weekDays } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SessionPage } from './pages/session';

const CLIENT = { firstName: 'Vexa', lastName: 'Syntheticova', dateOfBirth: '1979-05-17', name: 'Syntheticova, Vexa' };
const DROP_IN = { firstName: 'Quill', lastName: 'Placeholderson', dateOfBirth: '1995-09-09', name: 'Placeholderson, Quill' };
const PSYCHIATRIC = ['Reason for visit', 'Interval history', 'Mental status examination', 'Risk observations', 'Assessment', 'Plan'];

describe('other session types and capacity in the workspace, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('a medication-management visit records medications, carries them forward for review, and keeps a private note apart', async () => {
    app = await AppSession.start();
    const page = app.page;
    const clients = new ClientsPages(page);
    const programs = new ProgramsPages(page);
    const workspace = new SessionPage(page);
    await clients.create(CLIENT);
    const today = isoToday(Date.now());
    const schedule = async (date: string) => {
      await clients.openTab('Sessions and notes');
      await page.getByRole('button', { name: 'Schedule a session' }).click();
      const form = page.getByRole('dialog', { name: 'Schedule a session' });
      await programs.choose(form, 'Kind of session', 'Psychiatric evaluation / medication management');
      await form.getByLabel('Date').fill(date);
      // Early in the day, so today's visit is open (not read-only) whenever the test runs.
      await form.getByLabel('Start').fill('00:00');
      await form.getByLabel('End').fill('00:50');
      await form.getByLabel('Clinicians').focus();
      await page.keyboard.press('ArrowDown');
      await page.getByRole('option', { name: 'Admin Synthetic, LCSW' }).click();
      await page.keyboard.press('Escape');
      await form.getByRole('button', { name: 'Schedule' }).click();
      await form.waitFor({ state: 'detached' });
    };
    const lastWeek = addDays(today, -7);
    await schedule(lastWeek);
    await schedule(today);

    // Last week's visit: a new medication; signing says what the medication row lacks.
    await page.getByRole('link', { name: `Open the psychiatric evaluation / medication management session of ${lastWeek}` }).click();
    await page.getByRole('heading', { level: 2, name: `Psychiatric evaluation / medication management · ${CLIENT.name}` }).waitFor();
    expect(await page.getByRole('region', { name: 'Group note: shared part' }).count()).toBe(0);
    const note = workspace.note(CLIENT.name);
    for (const field of PSYCHIATRIC) await workspace.quickPicks(CLIENT.name, field).getByRole('button').first().click();
    await note.getByRole('button', { name: 'Add a medication' }).click();
    await note.getByRole('textbox', { name: 'Medication 1 name' }).fill('Synthetic-sertraline');
    await note.getByRole('textbox', { name: 'Medication 1 dose' }).fill('50 mg');
    await note.getByRole('textbox', { name: 'Medication 1 frequency' }).fill('once daily');
    await workspace.signButton(CLIENT.name).click();
    await note.getByText('Complete before signing: Medication 1 change').waitFor();
    await note.getByRole('combobox', { name: 'Medication 1 change' }).selectOption('started');
    await workspace.signButton(CLIENT.name).click();
    await workspace.signature(CLIENT.name).waitFor();
    const signedRow = note.getByRole('table', { name: 'Medications' }).getByRole('row').filter({ hasText: 'Synthetic-sertraline' });
    await signedRow.getByText('Started').waitFor();
    expect(await note.getByRole('textbox', { name: 'Medication 1 dose' }).count()).toBe(0);

    // A private process note: only its author sees it, and it is not part of the progress note.
    await page.getByRole('button', { name: 'Write a private note' }).click();
    const privateNote = page.getByRole('region', { name: `Private note about ${CLIENT.name}` });
    await privateNote.getByRole('textbox', { name: 'Process note' }).fill('Synthetic private observation Grumblewick');
    await page.waitForTimeout(1000);
    expect(await note.getByText('Grumblewick').count()).toBe(0);

    // Today's visit: copy forward brings the list back with the change to choose again.
    await page.getByRole('link', { name: 'Open the chart' }).click();
    await page.getByRole('link', { name: `Open the psychiatric evaluation / medication management session of ${today}` }).click();
    await workspace.copyForwardButton(CLIENT.name).click();
    await note.getByText('Carried forward from the last note: Plan.', { exact: false }).waitFor();
    expect(await note.getByRole('textbox', { name: 'Medication 1 name' }).inputValue()).toBe('Synthetic-sertraline');
    expect(await note.getByRole('combobox', { name: 'Medication 1 change' }).inputValue()).toBe('');
    await note.getByRole('textbox', { name: 'Medication 1 dose' }).fill('100 mg');
    await note.getByRole('combobox', { name: 'Medication 1 change' }).selectOption('increased');
    await page.waitForTimeout(1000);

    // After a reload both the draft and last week's private note are still there.
    await app.reloadAndUnlock();
    await clients.openList();
    await clients.table.getByRole('link', { name: CLIENT.firstName }).click();
    await clients.openTab('Sessions and notes');
    await page.getByRole('link', { name: `Open the psychiatric evaluation / medication management session of ${today}` }).click();
    await expect.poll(() => note.getByRole('textbox', { name: 'Medication 1 dose' }).inputValue()).toBe('100 mg');
    await page.getByRole('link', { name: 'Open the chart' }).click();
    await page.getByRole('link', { name: `Open the psychiatric evaluation / medication management session of ${lastWeek}` }).click();
    await page.getByRole('button', { name: 'Open my private note' }).click();
    expect(await privateNote.getByRole('textbox', { name: 'Process note' }).inputValue()).toBe('Synthetic private observation Grumblewick');
  });

  it('a drop-in that takes a group over capacity asks for confirmation and records it', async () => {
    app = await AppSession.start();
    const page = app.page;
    const clients = new ClientsPages(page);
    const programs = new ProgramsPages(page);
    const workspace = new SessionPage(page);
    await clients.create(CLIENT);
    await clients.create(DROP_IN);
    const monday = weekDays(isoToday(Date.now()))[0]!;
    await programs.open();
    await programs.createProgram('Synthetic Adult IOP');
    await programs.createTrack('Synthetic Adult IOP', 'Depression & Anxiety');
    await programs.createGroup('Synthetic Adult IOP · Depression & Anxiety', 'Tiny Skills Group', 'Admin Synthetic, LCSW', { capacity: 1 });
    await programs.openGroup('Tiny Skills Group');
    await programs.scheduleAndGenerate(monday, 1);
    await programs.addMember(CLIENT.name, monday);
    await programs.sessionsTable().getByRole('link', { name: monday }).click();
    await workspace.attendanceTable.waitFor();

    await programs.choose(page.locator('body'), 'Add a participant to this session only', DROP_IN.name);
    const warning = page.getByRole('alert').filter({ hasText: "2 present is over the group's capacity of 1" });
    await warning.waitFor();
    expect(await workspace.attendanceOf(DROP_IN.name).count()).toBe(0);
    await warning.getByRole('button', { name: 'Record anyway' }).click();
    await workspace.attendanceOf(DROP_IN.name).waitFor();
    await page.getByText('Recorded over capacity: 2 present, capacity 1', { exact: false }).waitFor();
    await workspace.attendanceTable.getByRole('row').filter({ hasText: DROP_IN.name }).getByText('this session only').waitFor();
    // The drop-in gets a note like any present member; the group's roster is unchanged.
    expect(await workspace.members.getByText(DROP_IN.name).count()).toBe(1);
    await page.getByRole('link', { name: 'Back to the group' }).click();
    expect(await page.getByRole('table', { name: 'Roster' }).getByText(DROP_IN.name).count()).toBe(0);
  });
});
