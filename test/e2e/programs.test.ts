import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday, weekDays } from '../../src/shared/calendar';
import { closedDays, DEFAULT_HOLIDAYS } from '../../src/shared/holidays';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { VaultPages } from './pages/vault';

const PROGRAM = 'Synthetic Adult IOP';
const TRACK = 'Depression & Anxiety';
const GROUP = 'Morning Process Group';
const FIRST = { firstName: 'Zyxwvut', lastName: 'Quibbleworth', dateOfBirth: '1984-02-29' };
const SECOND = { firstName: 'Testa', lastName: 'Exampleton', dateOfBirth: '1990-07-14' };
const FIRST_NAME = 'Quibbleworth, Zyxwvut';
const SECOND_NAME = 'Exampleton, Testa';

describe('clients, programmes and schedules in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('runs a client from the waitlist through admission, a group, a step-down and discharge, with a month of generated sessions', async () => {
    app = await AppSession.start();
    const page = app.page;
    // Dates relative to the real today: the series starts on Monday next week.
    // The first four weeks from next Monday on with no practice holiday, so the counts below hold whatever today is.
    let weeksAhead = 1;
    const mondayIn = (weeks: number) => addDays(weekDays(isoToday(Date.now()))[0]!, 7 * weeks);
    while (closedDays(DEFAULT_HOLIDAYS, { from: mondayIn(weeksAhead), to: addDays(mondayIn(weeksAhead), 27) }).length > 0) weeksAhead++;
    const monday = mondayIn(weeksAhead);
    const mwf = [0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 25].map((n) => addDays(monday, n));
    const holiday = mwf[5]!; // Friday of the second week
    const secondJoins = mwf[6]!; // Monday of the third week

    const programs = new ProgramsPages(page);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, 'Admin Synthetic, LCSW');
    await programs.openGroup(GROUP);

    // Mon/Wed/Fri 09:00–12:00 in Chicago, a month of sessions, then a holiday.
    const schedule = page.getByRole('form', { name: 'Schedule' });
    await schedule.getByLabel('First session on or after').fill(monday);
    await schedule.getByRole('combobox', { name: 'Time zone' }).fill('America/Chicago');
    await page.getByRole('option', { name: 'America/Chicago', exact: true }).click();
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Mon, Wed, Fri 09:00–12:00 (America/Chicago)').waitFor();
    const generate = page.getByRole('form', { name: 'Generate sessions' });
    await generate.getByLabel('From').fill(monday);
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await programs.status.getByText('Sessions: 12 created, 0 updated, 0 cancelled, 0 unchanged.').waitFor();
    const cancel = page.getByRole('form', { name: 'Add a cancellation' });
    await cancel.getByLabel('Date').fill(holiday);
    await cancel.getByLabel('Reason').fill('Synthetic holiday');
    await cancel.getByRole('button', { name: 'Add cancellation' }).click();
    await programs.status.getByText(`No session on ${holiday}`).waitFor();
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await programs.status.getByText('Sessions: 0 created, 0 updated, 1 cancelled, 11 unchanged.').waitFor();
    const rows = programs.sessionsTable().getByRole('row');
    expect(await rows.count()).toBe(13); // header + 12
    await rows.filter({ hasText: holiday }).getByText('cancelled (Synthetic holiday)').waitFor();
    // Generating again changes nothing.
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await programs.status.getByText('Sessions: 0 created, 0 updated, 0 cancelled, 11 unchanged.').waitFor();
    // One session moves to the afternoon of the next day: the same session, updated, not a new one.
    const change = page.getByRole('form', { name: 'Change one session' });
    // Neither the session nor the reason: each message under its own field, the focus on the first.
    await change.getByRole('button', { name: 'Change session' }).click();
    const sessionOf = change.getByLabel('Session of');
    const noDate = change.getByText('Date must be a date (YYYY-MM-DD)');
    await noDate.waitFor();
    expect(await sessionOf.getAttribute('aria-describedby')).toContain(await noDate.getAttribute('id'));
    const noReason = change.getByText('A reason is required');
    expect(await change.getByLabel('Reason for the change').getAttribute('aria-describedby')).toContain(await noReason.getAttribute('id'));
    await expect.poll(() => sessionOf.evaluate((el) => el === document.activeElement)).toBe(true);
    await mkdir(resolve('out/screenshots'), { recursive: true });
    await page.screenshot({ path: resolve('out/screenshots/group-change-errors.png') });
    // A change that changes nothing: said under the new date.
    await sessionOf.fill(mwf[1]!);
    await change.getByLabel('Reason for the change').fill('Synthetic room clash');
    await change.getByRole('button', { name: 'Change session' }).click();
    const nothingChanged = change.getByText('A change needs a new start time, end time or date');
    await nothingChanged.waitFor();
    expect(await change.getByLabel('Move to (optional)').getAttribute('aria-describedby')).toContain(await nothingChanged.getAttribute('id'));
    await change.getByLabel('Move to (optional)').fill(addDays(mwf[1]!, 1));
    await change.getByLabel('New start').fill('13:00');
    await change.getByLabel('New end').fill('16:00');
    await change.getByRole('button', { name: 'Change session' }).click();
    await programs.status.getByText(`The session of ${mwf[1]} is changed.`, { exact: false }).waitFor();
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await programs.status.getByText('Sessions: 0 created, 1 updated, 0 cancelled, 10 unchanged.').waitFor();
    await rows.filter({ hasText: addDays(mwf[1]!, 1) }).getByText('13:00–16:00').waitFor();
    expect(await rows.count()).toBe(13);

    // Intake onto the waitlist, then admission into the track and the group from the first Monday.
    const clients = new ClientsPages(page);
    await clients.openList();
    await clients.startNew();
    await clients.type(FIRST);
    await clients.form.getByLabel('Add to the waitlist instead of admitting now').check();
    await clients.form.getByLabel('Reason for waiting').fill('Synthetic: waiting for a morning place');
    await clients.saveAndOpenChart(FIRST_NAME);
    await page.getByText(/On the waitlist since/).waitFor();
    const attempt = page.getByRole('form', { name: 'Record a contact attempt' });
    await attempt.getByRole('button', { name: 'Record attempt' }).click();
    await attempt.getByText('Record what happened').waitFor();
    await attempt.getByLabel('Outcome').fill('Synthetic: left a voicemail');
    await attempt.getByRole('button', { name: 'Record attempt' }).click();
    await page.getByRole('list', { name: 'Contact attempts' }).getByText(/phone: Synthetic: left a voicemail/).waitFor();
    // Editing the intake keeps the waitlist and its history.
    await page.getByRole('link', { name: 'Edit details' }).click();
    const edit = page.getByRole('form', { name: 'Edit client' });
    await edit.getByLabel('Pronouns').fill('they/them');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/they\/them/).waitFor();
    await page.getByRole('list', { name: 'Contact attempts' }).getByText(/left a voicemail/).waitFor();
    await programs.admit(monday, { programme: PROGRAM, track: TRACK, group: GROUP });
    await page.getByText(/On the waitlist since/).waitFor({ state: 'detached' });
    await clients.openTab('Episodes');
    await page.getByText(`Admitted ${monday} at Intensive outpatient (IOP)`).waitFor();

    // A second client joins the running group mid-series: earlier sessions keep their roster.
    await clients.openList();
    await clients.startNew();
    await clients.type(SECOND);
    await clients.saveAndOpenChart(SECOND_NAME);
    await programs.open();
    await programs.openGroup(GROUP);
    await programs.addMember(SECOND_NAME, secondJoins);
    await programs.status.getByText(`${SECOND_NAME} joins from ${secondJoins}. Earlier sessions are unchanged.`).waitFor();
    const rosterOf = async (date: string) => (await rows.filter({ hasText: date }).getByRole('cell').nth(3).textContent())!.trim();
    expect(await rosterOf(mwf[0]!)).toBe(FIRST_NAME);
    expect(await rosterOf(mwf[4]!)).toBe(FIRST_NAME);
    expect(await rosterOf(secondJoins)).toBe(`${SECOND_NAME}; ${FIRST_NAME}`); // by family name

    // Step down to outpatient, then discharge with an aftercare plan.
    await clients.openList();
    await clients.table.getByRole('link', { name: FIRST_NAME }).click();
    await clients.chartHeading(FIRST_NAME).waitFor();
    await clients.openTab('Episodes');
    await page.getByRole('button', { name: 'Change level of care' }).click();
    const level = page.getByRole('dialog', { name: 'Change level of care' });
    await programs.choose(level, 'New level of care', 'Outpatient');
    await level.getByLabel('Date of the change').fill(mwf[9]!);
    await level.getByLabel('Reason').fill('Synthetic: symptoms improved, PHQ-9 below 10');
    await level.getByRole('button', { name: 'Save change' }).click();
    await level.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Level of care changes' }).getByText('Intensive outpatient (IOP) → Outpatient').waitFor();

    await page.getByRole('button', { name: 'Discharge' }).click();
    const discharge = page.getByRole('dialog', { name: 'Discharge' });
    await discharge.getByLabel('Discharge date').fill(mwf[10]!);
    await programs.choose(discharge, 'Reason for discharge', 'Completed the programme');
    await discharge.getByLabel('Aftercare referrals').fill('Synthetic Alumni Group\nWeekly outpatient therapy');
    await discharge.getByLabel('Relapse-prevention plan').fill('Synthetic plan: sleep routine, call sponsor');
    await discharge.getByLabel('Joins the alumni group').check();
    await discharge.getByRole('button', { name: 'Discharge' }).click();
    await discharge.waitFor({ state: 'detached' });
    await page.getByText('Aftercare: Synthetic Alumni Group; Weekly outpatient therapy · alumni group').waitFor();
    // Whole sentences with their bold labels (one catalogue key each), looked at on a laptop screen.
    await page.getByText('Discharge: Completed the programme').waitFor();
    await page.getByText('Relapse-prevention plan: Synthetic plan: sleep routine, call sponsor').waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByText('Discharge: Completed the programme').scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/chart-discharged-episode.png') });
    await page.getByText(`Groups: ${GROUP} (from ${monday} to ${mwf[10]})`).waitFor();

    // The roster: the discharged client stays on sessions up to the discharge date, not after.
    await programs.open();
    await programs.openGroup(GROUP);
    expect(await rosterOf(mwf[10]!)).toBe(`${SECOND_NAME}; ${FIRST_NAME}`);
    expect(await rosterOf(mwf[11]!)).toBe(SECOND_NAME);

    // The week view shows next week's sessions, the holiday week with its cancellation.
    await programs.open();
    for (let i = 0; i <= weeksAhead; i++) await page.getByRole('button', { name: 'Next week' }).click();
    const week = page.getByRole('table', { name: 'Week' });
    await week.getByText(/Cancelled: Synthetic holiday/).waitFor();
    expect(await week.getByText('09:00–12:00').count()).toBe(3);
  });
});

describe('client chart tools in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('warns of a duplicate at intake and merges it, records a release of information, schedules a family session, and finds clients with Ctrl+K', async () => {
    app = await AppSession.start();
    const page = app.page;
    const clients = new ClientsPages(page);
    await clients.openList();
    await clients.startNew();
    await clients.type({ ...FIRST, preferredName: 'Zee' });
    await clients.form.getByRole('textbox', { name: 'Phone', exact: true }).fill('555-0100');
    await clients.saveAndOpenChart('Quibbleworth, Zyxwvut (Zee)');

    // The same person typed again, this time with an email instead of a phone.
    await clients.openList();
    await clients.startNew();
    await clients.type({ firstName: 'Zyxwvut', lastName: 'Quibbleworth', dateOfBirth: '1984-02-29' });
    await clients.form.getByLabel('Email').fill('zq@example.org');
    await clients.save();
    const warning = clients.form.getByRole('alert');
    await warning.getByText('This client may already be on record').waitFor();
    await warning.getByText(/same name and date of birth/).waitFor();
    await warning.getByRole('button', { name: 'Not the same person: save as new' }).click();
    await clients.chartHeading(FIRST_NAME).waitFor();

    // On the new chart: merge the first record into this one; nothing of either is lost.
    await page.getByText('Possible duplicate records').waitFor();
    await page.getByRole('button', { name: 'Merge into this record' }).click();
    await page.getByRole('dialog', { name: 'Merge duplicate record' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText('Possible duplicate records').waitFor({ state: 'detached' });
    await page.getByText('555-0100').waitFor();
    await page.getByText('zq@example.org').waitFor();
    await clients.openList();
    expect(await clients.table.getByRole('row').count()).toBe(2); // header + the surviving record

    // A family contact, a release of information, and a family session with them.
    await clients.table.getByRole('link', { name: FIRST_NAME }).click();
    await clients.openTab('Contacts and consents');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contact = page.getByRole('dialog', { name: 'Add a family or support contact' });
    await contact.getByRole('textbox', { name: 'Name', exact: true }).fill('Partner Synthetic');
    await contact.getByLabel('Relationship').fill('spouse');
    await contact.getByLabel('Takes part in family sessions').check();
    await contact.getByRole('button', { name: 'Save contact' }).click();
    await contact.waitFor({ state: 'detached' });
    const contacts = page.getByRole('table', { name: 'Contacts' });
    await contacts.getByText('No release: share nothing').waitFor();
    await contacts.getByRole('button', { name: 'Record release' }).click();
    const release = page.getByRole('dialog', { name: 'Release of information to Partner Synthetic' });
    await release.getByLabel('Progress in treatment').check();
    await release.getByLabel('Expires on').fill(addDays(isoToday(Date.now()), 180));
    await release.getByRole('button', { name: 'Record release' }).click();
    await release.waitFor({ state: 'detached' });
    await contacts.getByText('in force').waitFor();

    await clients.openTab('Sessions and notes');
    await page.getByRole('button', { name: 'Schedule a session' }).click();
    const session = page.getByRole('dialog', { name: 'Schedule a session' });
    const programs = new ProgramsPages(page);
    await programs.choose(session, 'Kind of session', 'Family therapy');
    await session.getByLabel('Date').fill(addDays(isoToday(Date.now()), 3));
    await session.getByLabel('Clinicians').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Admin Synthetic, LCSW' }).click();
    await page.keyboard.press('Escape');
    await session.getByLabel('Family members taking part').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Partner Synthetic (spouse)' }).click();
    await page.keyboard.press('Escape');
    await session.getByRole('button', { name: 'Schedule' }).click();
    await session.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Client sessions' }).getByText('Family therapy').waitFor();
    // The family session's workspace names who takes part and uses the family note; three days
    // ahead it is read-only until it opens, so the note's fields are shown, not editable.
    await page.getByRole('link', { name: `Open the family therapy session of ${addDays(isoToday(Date.now()), 3)}` }).click();
    await page.getByText('With Partner Synthetic (spouse)').waitFor();
    await page.getByText('Who attended', { exact: true }).first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Who attended', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Open the chart' }).click();

    // Revoking the release: the contact is no longer offered for family sessions.
    await clients.openTab('Contacts and consents');
    await contacts.getByRole('button', { name: 'Revoke' }).click();
    await contacts.getByText('revoked', { exact: true }).waitFor();

    // Ctrl+K finds the client by a fragment of the name and by date of birth, and opens the chart.
    await clients.openList();
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('textbox', { name: 'Find a client or a section' });
    await palette.fill('quibb');
    await page.getByRole('button', { name: /Quibbleworth, Zyxwvut/ }).waitFor();
    await palette.fill('02/29/1984');
    await page.getByRole('button', { name: /Quibbleworth, Zyxwvut/ }).click();
    await clients.chartHeading('Quibbleworth, Zyxwvut (Zee)').waitFor();
  });
});

describe('the demo practice in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('fills a new practice with synthetic clients, groups and sessions when chosen at first run', async () => {
    app = await AppSession.startEmpty();
    const page = app.page;
    await new VaultPages(page).setUp(undefined, { demo: true });
    const clients = new ClientsPages(page);
    await clients.openList();
    await page.getByText('120 of 120').waitFor();
    const programs = new ProgramsPages(page);
    await programs.open();
    await page.getByText('Adult IOP', { exact: true }).waitFor();
    await page.getByText('Adolescent IOP', { exact: true }).waitFor();
    // The demo keeps loading after the practice opens: wait for this week's sessions to arrive.
    await expect.poll(() => page.getByRole('table', { name: 'Week' }).getByText(/\d\d:\d\d–\d\d:\d\d/).count(), { timeout: 20_000 }).toBeGreaterThan(5);
  });
});
