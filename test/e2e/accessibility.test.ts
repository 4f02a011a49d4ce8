import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { expectAccessible } from './support/axe';
import { describeFocus, expectFocused, expectFocusVisible, tabTo } from './support/keyboard';
import { ClientsPages } from './pages/clients';
import { MeasuresPages } from './pages/measures';
import { ProgramsPages } from './pages/programs';
import { GIRP_FIELDS, SessionPage } from './pages/session';
import { SettingsPage } from './pages/settings';
import { ADMIN, ADMIN_PASSPHRASE, PRACTICE, VaultPages } from './pages/vault';

const STAFF = 'Admin Synthetic, LCSW';
const ASSOCIATE = { name: 'Assoc Synthetic', credentials: 'LPC-Associate', passphrase: 'maple quartz harbor lantern', needsCosignature: true };
const PSYCHIATRIC = 'Psychiatric evaluation / medication management';

/**
 * axe-core (WCAG 2.1 A and AA) on every main screen, with no serious or critical violation allowed,
 * and the main actions done from the keyboard with a visible focus. One demo practice is set up
 * once and the tests walk through it in order, adding through the UI what the demo lacks (a
 * contact, measures and an alert, a psychiatric visit, a plan, a note awaiting co-signature).
 */
describe('accessibility in Chromium: axe on every main screen, and the keyboard', () => {
  let app: AppSession;
  const today = isoToday(Date.now());
  let chartUrl = '';
  let groupSessionUrl = '';

  // Each test goes on from where the last one left the app: after a failure the rest are skipped.
  let broken = false;

  beforeAll(async () => {
    app = await AppSession.startEmpty();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(({ skip }) => {
    if (broken) skip();
  });
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') broken = true;
  });

  /** Presses Enter on `target` after reaching it with Tab, its focus ring showing. */
  async function tabAndPress(target: Locator, what: string): Promise<void> {
    await tabTo(app.page, target, what);
    await expectFocusVisible(app.page, what);
    await app.page.keyboard.press('Enter');
  }

  it('first-run set-up (with its errors, joining and restoring), the recovery code, the locked screen and recovery', async () => {
    const page = app.page;
    const setUp = page.getByRole('form', { name: 'Practice set-up' });
    await setUp.waitFor();
    await expectAccessible(page, 'First-run set-up');
    await tabAndPress(setUp.getByRole('button', { name: 'Continue' }), 'Continue');
    await setUp.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(page, 'First-run set-up with validation errors');

    await setUp.getByRole('button', { name: 'Join a practice that already syncs' }).click();
    await page.getByRole('form', { name: 'Join a practice' }).waitFor();
    await expectAccessible(page, 'Join a practice');
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await setUp.getByRole('button', { name: 'Restore from a backup' }).click();
    await page.getByRole('button', { name: 'Choose the backup file' }).waitFor();
    await expectAccessible(page, 'Restore from a backup');
    await page.getByRole('button', { name: 'Back', exact: true }).click();

    await setUp.getByLabel('Try Waypoint with a synthetic demo practice').check();
    await setUp.getByLabel('Practice name').fill(PRACTICE);
    await setUp.getByLabel('Your name').fill(ADMIN);
    await setUp.getByLabel('Your credentials').fill('LCSW');
    await setUp.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(ADMIN_PASSPHRASE);
    await setUp.getByLabel('Type it again').fill(ADMIN_PASSPHRASE);
    await setUp.getByRole('button', { name: 'Continue' }).click();
    const code = (await page.getByTestId('recovery-code').textContent())!.trim();
    await expectAccessible(page, 'Recovery code');
    await page.getByLabel('Type the recovery code to confirm you have it').fill(code);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 30_000 });

    // Locked with the shortcut; recovery reached and submitted from the keyboard.
    await page.keyboard.press('Control+Shift+L');
    const vault = new VaultPages(page);
    await vault.unlockForm.waitFor();
    await expectAccessible(page, 'Locked screen');
    await tabAndPress(page.getByRole('button', { name: 'Forgot your passphrase? Use the recovery code' }), 'the recovery link');
    const recover = page.getByRole('form', { name: 'Recover access' });
    await tabAndPress(recover.getByRole('button', { name: 'Unlock and set passphrase' }), 'Unlock and set passphrase');
    // Each missing answer is said under its field.
    await recover.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(page, 'Recovery with an error');
    await recover.getByRole('button', { name: 'Back to passphrase' }).click();
    await expectFocused(page, vault.unlockForm.getByRole('textbox', { name: 'Passphrase', exact: true }), 'the passphrase field');
    await expectFocusVisible(page, 'the passphrase field');
    await page.keyboard.type(ADMIN_PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('the dashboard, the clients list, a new client with validation errors, and the command palette', async () => {
    const page = app.page;
    await page.locator('[data-ready]').waitFor();
    await expectAccessible(page, 'Dashboard (programme)');
    await page.getByRole('tab', { name: 'My day' }).click();
    await page.locator('[data-ready]').waitFor();
    await expectAccessible(page, 'Dashboard (my day)');

    await page.keyboard.press('Alt+1');
    const clients = new ClientsPages(page);
    await clients.table.waitFor();
    await expectAccessible(page, 'Clients');
    await tabAndPress(page.getByRole('link', { name: 'New client' }), 'New client');
    await clients.form.waitFor();
    await expectAccessible(page, 'New client form');
    await tabAndPress(clients.form.getByRole('button', { name: 'Save client' }), 'Save client');
    await clients.form.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(page, 'New client form with validation errors');

    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: 'Find a client or a section' });
    await expectFocused(page, search, 'the command palette search');
    await expectAccessible(page, 'Command palette');
    await page.keyboard.type('Go to Reports');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Reports' }).waitFor();
  });

  it('a client chart with every section, its dialogs, the kiosk, a psychiatric visit and a treatment plan', async () => {
    const page = app.page;
    const clients = new ClientsPages(page);
    const measures = new MeasuresPages(page);
    await clients.openList();
    await page.locator('label').filter({ hasText: /^Active$/ }).click();
    await clients.table.getByRole('link').first().click();
    await page.getByRole('region', { name: 'Chart summary' }).waitFor();
    chartUrl = page.url();
    const name = (await page.getByRole('heading', { level: 2 }).textContent())!;
    await expectAccessible(page, 'Client chart');
    for (const tab of ['Sessions and notes', 'Plan', 'Measures', 'Substance use', 'Authorizations', 'Contacts and consents', 'Episodes', 'Documents']) {
      await clients.openTab(tab);
      await expectAccessible(page, `Client chart, ${tab} tab`);
    }

    await clients.openTab('Contacts and consents');

    // A contact and a release, through their dialogs, from the keyboard.
    await tabAndPress(page.getByRole('button', { name: 'Add contact' }), 'Add contact');
    const contact = page.getByRole('dialog', { name: 'Add a family or support contact' });
    await expectFocused(page, contact.getByRole('textbox', { name: 'Name' }), 'the contact’s name');
    await expectFocusVisible(page, 'the contact’s name');
    await expectAccessible(page, 'Add contact dialog');
    await page.keyboard.type('Synthetic Contactson');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sibling');
    await page.keyboard.press('Enter');
    await contact.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Record release' }).click();
    const release = page.getByRole('dialog', { name: 'Release of information to Synthetic Contactson' });
    await release.getByLabel('Expires on').fill(addDays(today, 180));
    await expectAccessible(page, 'Release of information dialog');
    await release.getByRole('button', { name: 'Record release' }).click();
    await release.waitFor({ state: 'detached' });

    // Measures: the schedule, the clinician's form, then the kiosk answered by keyboard alone.
    await clients.openTab('Measures');
    await measures.section.getByRole('button', { name: /measure schedule/ }).click();
    await page.getByRole('dialog', { name: 'Measure schedule' }).waitFor();
    await expectAccessible(page, 'Measure schedule dialog');
    await page.keyboard.press('Escape');
    await measures.start('PHQ-9');
    await expectAccessible(page, 'Give a measure dialog (PHQ-9)');
    await measures.dialog.getByRole('button', { name: 'Hand to the client' }).click();
    await page.getByRole('button', { name: 'English' }).waitFor();
    await expectAccessible(page, 'Kiosk: language choice');
    await tabAndPress(page.getByRole('button', { name: 'English' }), 'English');
    const questionnaire = measures.clientForm('Patient Health Questionnaire-9');
    await questionnaire.waitFor();
    await expectAccessible(page, 'Kiosk questionnaire');
    await questionnaire.getByRole('radio', { name: 'Not at all' }).first().focus();
    await expectFocusVisible(page, 'the first answer');
    for (let n = 1; n <= 9; n++) {
      await page.keyboard.press('ArrowRight'); // "Several days": question 9 raises the alert
      await page.keyboard.press('Tab');
    }
    await tabAndPress(questionnaire.getByRole('button', { name: 'Submit my answers' }), 'Submit my answers');
    await page.getByRole('heading', { name: 'Thank you! Please hand the device back' }).waitFor();
    await expectAccessible(page, 'Kiosk: thank you');
    const staffReturn = page.getByRole('form', { name: 'Return to Waypoint' });
    await staffReturn.getByLabel(`Passphrase of ${ADMIN}`).fill(ADMIN_PASSPHRASE);
    await page.keyboard.press('Enter');
    await measures.alerts.first().waitFor();
    await measures.alerts.getByRole('button', { name: 'Record the follow-up' }).click();
    await page.getByRole('dialog', { name: 'Record the follow-up' }).waitFor();
    await expectAccessible(page, 'Record the follow-up dialog');
    await page.keyboard.press('Escape');

    // Episode dialogs.
    await clients.openTab('Episodes');
    for (const action of ['Change level of care', 'Discharge']) {
      await page.getByRole('button', { name: action, exact: true }).click();
      await page.getByRole('dialog', { name: action }).waitFor();
      await expectAccessible(page, `${action} dialog`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }

    // A psychiatric visit today, with a medication row and the errors signing shows.
    await clients.openTab('Sessions and notes');
    await page.getByRole('button', { name: 'Schedule a session' }).click();
    const schedule = page.getByRole('dialog', { name: 'Schedule a session' });
    await expectAccessible(page, 'Schedule a session dialog');
    await new ProgramsPages(page).choose(schedule, 'Kind of session', PSYCHIATRIC);
    // At the start of the day: open (not read-only) and, after five minutes, ended, so its note is due.
    await schedule.getByLabel('Start').fill('00:00');
    await schedule.getByLabel('End').fill('00:05');
    await schedule.getByLabel('Clinicians').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: STAFF }).click();
    await page.keyboard.press('Escape');
    await schedule.getByRole('button', { name: 'Schedule' }).click();
    await schedule.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `Open the ${PSYCHIATRIC.toLowerCase()} session of ${today}` }).click();
    const workspace = new SessionPage(page);
    const note = workspace.note(name);
    await tabAndPress(note.getByRole('button', { name: 'Add a medication' }), 'Add a medication');
    await note.getByRole('textbox', { name: 'Medication 1 name' }).fill('Synthetic-sertraline');
    await tabAndPress(workspace.signButton(name), 'Sign note');
    await note.getByText('Complete before signing', { exact: false }).waitFor();
    await expectAccessible(page, 'Psychiatric session workspace with a medication row and signing errors');
    await page.getByRole('button', { name: 'Write a private note' }).click();
    await page.getByRole('region', { name: `Private note about ${name}` }).waitFor();
    await expectAccessible(page, 'Psychiatric session workspace with the private note open');

    // The chart again, now with a contact, measures, an alert and a session; then the plan editor.
    await page.getByRole('link', { name: 'Open the chart' }).click();
    await clients.openTab('Measures');
    await measures.table.waitFor();
    await expectAccessible(page, 'Client chart with contacts, measures, an alert and sessions');
    await clients.openTab('Plan');
    await page.getByRole('button', { name: 'Write a treatment plan' }).click();
    await page.getByRole('heading', { level: 2, name: `Treatment plan · ${name}` }).waitFor();
    await tabAndPress(page.getByRole('button', { name: 'Add a problem' }), 'Add a problem');
    await page.getByRole('textbox', { name: 'Problem 1: statement' }).waitFor();
    await page.getByRole('button', { name: 'Sign the plan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Complete before signing' }).waitFor();
    await expectAccessible(page, 'Treatment plan editor with signing errors');

    await page.goto(chartUrl);
    await clients.openTab('Documents');
    await page.getByRole('link', { name: 'Client summary' }).click();
    await page.getByRole('article').getByRole('table', { name: 'Document details' }).waitFor();
    await expectAccessible(page, 'Printable client summary');
  });

  it('Groups & Sessions: the week, a new group, a group page and a group session', async () => {
    const page = app.page;
    const programs = new ProgramsPages(page);
    await page.keyboard.press('Alt+2');
    // Failed once in CI (no session link in the week within 30 s; not seen in runs since): the failure now says where the page was.
    await page
      .getByRole('table', { name: 'Week' })
      .getByRole('link')
      .first()
      .waitFor()
      .catch(async (error: unknown) => {
        await page.screenshot({ path: 'out/screenshots/groups-week-not-shown.png' });
        const heading = await page.getByRole('heading', { level: 2 }).first().textContent({ timeout: 1_000 }).catch(() => 'none');
        throw new Error(`The week showed no session after Alt+2: at ${page.url()}, heading "${heading}", focus on ${await describeFocus(page)} (screenshot groups-week-not-shown.png)`, { cause: error });
      });
    await expectAccessible(page, 'Groups & Sessions with the week');
    await tabAndPress(page.getByRole('link', { name: 'New group' }), 'New group');
    await programs.newGroupForm.waitFor();
    await expectAccessible(page, 'New group form');
    await page.keyboard.press('Alt+2');

    await page.getByRole('region', { name: 'Programmes' }).getByRole('link').first().click();
    const sessions = programs.sessionsTable();
    await sessions.waitFor();
    await page.getByRole('button', { name: 'Change schedule' }).click();
    await page.getByRole('form', { name: 'Schedule' }).waitFor();
    await expectAccessible(page, 'Group page with the schedule editor open');

    // The latest session before today: its notes are due.
    const dates = (await sessions.getByRole('link').allTextContents()).filter((d) => d < today).sort();
    await sessions.getByRole('link', { name: dates.at(-1)!, exact: true }).click();
    const workspace = new SessionPage(page);
    await workspace.attendanceTable.waitFor();
    groupSessionUrl = page.url();
    const member = await workspace.currentMemberName();
    // From the note's last field, as a clinician who has just written it.
    await workspace.field(member, 'Risk observations').focus();
    await tabAndPress(workspace.signButton(member), 'Sign note');
    await workspace.note(member).getByText('Complete before signing', { exact: false }).waitFor();
    await expectAccessible(page, 'Group session workspace with signing errors');
    await workspace.quickPicks(member, 'Goal').getByRole('button').first().click(); // leaves a draft: a note due
  });

  // Adding a colleague now includes their setup at the unlock screen: more Argon2id derivations at the calibrated cost.
  it('Settings with staff, sync, backup and the audit trail; a note awaiting co-signature', { timeout: 120_000 }, async () => {
    const page = app.page;
    const settings = new SettingsPage(page);
    await page.keyboard.press('Alt+5');
    await settings.waitLoaded();
    await expectAccessible(page, 'Settings');
    await tabAndPress(page.getByRole('button', { name: 'Add staff profile' }), 'Add staff profile');
    await page.getByRole('form', { name: 'Add a staff profile' }).waitFor();
    await expectAccessible(page, 'Settings: add a staff profile');
    await page.keyboard.press('Escape');
    await expectFocused(page, page.getByRole('button', { name: 'Add staff profile' }), 'Add staff profile, after the dialog closes');
    await settings.addStaffProfile(ASSOCIATE, ADMIN_PASSPHRASE);

    await page.getByRole('link', { name: 'Open the audit trail' }).click();
    await page.getByRole('table', { name: 'Audit entries' }).waitFor();
    await page.getByRole('list', { name: 'Chains by device' }).waitFor();
    await expectAccessible(page, 'Audit trail');

    // The associate signs a note in the group session: it waits for the administrator's co-signature.
    const vault = new VaultPages(page);
    await vault.switchTo(`${ASSOCIATE.name} — Clinician`, ASSOCIATE.passphrase);
    await page.goto(groupSessionUrl);
    const workspace = new SessionPage(page);
    await workspace.attendanceTable.waitFor();
    const member = await workspace.currentMemberName();
    for (const field of GIRP_FIELDS) await workspace.quickPicks(member, field).getByRole('button').first().click();
    await workspace.signButton(member).click();
    // The associate does not facilitate the demo's sessions: signing warns first (the practice's default).
    await workspace.confirmSign.getByText('You are not a facilitator of this session.', { exact: false }).waitFor();
    await expectAccessible(page, 'Signing: the confirm step with the non-facilitator warning');
    await workspace.confirmSign.getByRole('button', { name: 'Sign', exact: true }).click();
    await workspace.note(member).getByText('Awaiting co-signature', { exact: false }).waitFor();
    await vault.switchTo(`${ADMIN} — Administrator`, ADMIN_PASSPHRASE);
  });

  it('Notes (due and awaiting co-signature), Treatment plans, the dashboard again, and Reports tab by tab', async () => {
    const page = app.page;
    await page.goto(groupSessionUrl);
    const workspace = new SessionPage(page);
    await tabAndPress(workspace.notesLink, 'Notes due and review queue');
    await workspace.notesDue.waitFor();
    await page.getByRole('heading', { name: 'Awaiting co-signature (1)' }).waitFor();
    await expectAccessible(page, 'Notes due and the co-signature queue');

    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { level: 2, name: 'Treatment plans' }).waitFor();
    await page.getByRole('table', { name: 'Clients in care and their plans' }).waitFor();
    await expectAccessible(page, 'Treatment plans');

    await page.keyboard.press('Alt+0');
    await page.locator('[data-ready]').waitFor();
    await page.getByRole('table', { name: 'Notes due' }).waitFor();
    await expectAccessible(page, 'Dashboard with notes due and an open alert');

    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { level: 2, name: 'Reports' }).waitFor();
    await page.getByRole('table', { name: 'Attendance by group' }).waitFor();
    await expectAccessible(page, 'Reports: Attendance');
    // The tabs are one stop for Tab; arrows move between them.
    await tabTo(page, page.getByRole('tab', { name: 'Attendance' }), 'the Attendance tab');
    await expectFocusVisible(page, 'the Attendance tab');
    for (const tab of ['Hours this week', 'Services per day', 'Billing export', 'Authorizations', 'Outcomes']) {
      await page.keyboard.press('ArrowRight');
      await expectFocused(page, page.getByRole('tab', { name: tab }), `the ${tab} tab`);
      const panel = page.getByRole('tabpanel', { name: tab });
      await panel.waitFor();
      await expect.poll(() => panel.locator('.mantine-Loader-root').count()).toBe(0);
      await expectAccessible(page, `Reports: ${tab}`);
    }
  });
});
