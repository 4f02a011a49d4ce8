import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday, weekDays } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SessionPage } from './pages/session';
import { SettingsPage } from './pages/settings';
import { ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const MEMBERS = [
  { firstName: 'Zyxwvut', lastName: 'Quibbleworth', dateOfBirth: '1984-02-29', name: 'Quibbleworth, Zyxwvut' },
  { firstName: 'Testa', lastName: 'Exampleton', dateOfBirth: '1990-07-14', name: 'Exampleton, Testa' },
  { firstName: 'Sample', lastName: 'Fictionale', dateOfBirth: '2001-11-03', name: 'Fictionale, Sample' },
];
const GIRP_FIELDS = ['Goal', 'Intervention', 'Participation and response', 'Affect / mental status', 'Risk observations', 'Plan'];

describe('the group session workspace in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('takes attendance, guards the shared part, signs notes written with quick picks and copy-forward, adds an addendum, and keeps typing across a reload', async () => {
    app = await AppSession.start();
    const page = app.page;
    const start = addDays(weekDays(isoToday(Date.now()))[0]!, -14); // Monday two weeks ago: sessions already held
    const programs = new ProgramsPages(page);
    await programs.open();
    await programs.createProgram('Synthetic Adult IOP');
    await programs.createTrack('Synthetic Adult IOP', 'Depression & Anxiety');
    await programs.createGroup('Synthetic Adult IOP · Depression & Anxiety', 'Morning Process Group', 'Admin Synthetic, LCSW');
    await programs.openGroup('Morning Process Group');
    const schedule = page.getByRole('form', { name: 'Schedule' });
    await schedule.getByLabel('First session on or after').fill(start);
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    const generate = page.getByRole('form', { name: 'Generate sessions' });
    await generate.getByLabel('From').fill(start);
    await generate.getByLabel('Weeks').fill('2');
    await generate.getByLabel('Skip practice holidays').uncheck(); // dated from today, which may be a holiday
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await programs.status.getByText('Sessions: 6 created', { exact: false }).waitFor();

    const clients = new ClientsPages(page);
    for (const member of MEMBERS) {
      await clients.openList();
      await clients.startNew();
      await clients.type(member);
      await clients.saveAndOpenChart(member.name);
    }
    await programs.open();
    await programs.openGroup('Morning Process Group');
    await programs.addMembers(MEMBERS.map((m) => m.name), start);

    // The first session: one late, one absent.
    await programs.sessionsTable().getByRole('link', { name: start }).click();
    await page.getByRole('table', { name: 'Attendance' }).waitFor();
    await page.getByLabel(`Attendance of ${MEMBERS[1]!.name}`).selectOption('late');
    await page.getByLabel(`Arrival of ${MEMBERS[1]!.name}`).fill('09:20');
    await page.getByLabel(`Attendance of ${MEMBERS[2]!.name}`).selectOption('absent-unexcused');
    const members = page.getByRole('navigation', { name: 'Members' });
    await members.getByText('Absent participants get no progress note.').waitFor();
    expect(await members.getByRole('link').or(members.locator('a, button')).count()).toBe(2);
    const attendanceRow = page.getByRole('table', { name: 'Attendance' }).getByRole('row').filter({ hasText: MEMBERS[1]!.name });
    await attendanceRow.getByRole('cell', { name: '160' }).waitFor(); // 09:20–12:00

    // The printable sign-in sheet is the whole page on paper and absent on screen.
    const sheet = page.getByText('Sign-in sheet · Morning Process Group');
    expect(await sheet.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    await sheet.waitFor();
    expect(await page.getByRole('heading', { name: 'Attendance' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The shared part: the guard catches a member's name.
    await page.getByLabel('Topic').fill('Coping with worry');
    await page.getByLabel('Interventions used').fill('Zyxwvut shared a story about sleep');
    await page.getByText('The shared part names a group member').waitFor();
    await page.getByLabel('Interventions used').fill('Psychoeducation on the worry cycle; grounding practice');
    await page.getByText('The shared part names a group member').waitFor({ state: 'detached' });

    // Member notes from quick picks; signing with fields missing says which.
    const note = (name: string) => page.getByRole('region', { name: `Note for ${name}` });
    const pick = async (name: string) => {
      for (const field of GIRP_FIELDS) await note(name).getByRole('group', { name: `Quick picks for ${field}` }).getByRole('button').first().click();
    };
    // Members in sign-in-sheet order: Exampleton, then Quibbleworth (Fictionale is absent).
    await note(MEMBERS[1]!.name).waitFor();
    await note(MEMBERS[1]!.name).getByRole('button', { name: 'Sign note' }).click();
    // The intervention started from the shared part; the rest is to write.
    expect(await note(MEMBERS[1]!.name).getByRole('textbox', { name: 'Intervention' }).inputValue()).toBe('Psychoeducation on the worry cycle; grounding practice');
    await note(MEMBERS[1]!.name).getByText('Complete before signing: Goal, Participation and response, Affect / mental status, Risk observations, Plan').waitFor();
    await pick(MEMBERS[1]!.name);
    await note(MEMBERS[1]!.name).getByRole('button', { name: 'Sign note' }).click();
    await note(MEMBERS[1]!.name).getByText(/^Signed by Admin Synthetic, LCSW/).waitFor();

    // Signing a saved note is one write (one revision: no save of the unchanged note before it).
    const memberNotes = () =>
      page.evaluate(async () => {
        const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => /--\d+--notes$/.test(n))!;
        return new Promise<{ id: string; rev: number; status: string; kind: string }[]>((done, fail) => {
          const open = indexedDB.open(name);
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('docs').objectStore('docs').getAll();
            all.onsuccess = () => done((all.result as { id: string; rev: number; status: string; kind: string }[]).filter((doc) => doc.kind !== 'shared'));
            all.onerror = () => fail(all.error);
          };
        });
      });
    await page.keyboard.press('Alt+ArrowDown');
    await pick(MEMBERS[0]!.name);
    await note(MEMBERS[0]!.name).locator('[data-save-state="saved"]').waitFor();
    const draft = (await memberNotes()).find((doc) => doc.status === 'draft')!;
    await note(MEMBERS[0]!.name).getByRole('button', { name: 'Sign note' }).click();
    await note(MEMBERS[0]!.name).getByText(/^Signed by/).waitFor();
    expect((await memberNotes()).find((doc) => doc.id === draft.id)).toMatchObject({ rev: draft.rev + 1, status: 'signed' });

    // A signed note is final: corrections are addenda.
    await note(MEMBERS[0]!.name).getByRole('textbox', { name: 'Goal' }).waitFor({ state: 'detached' });
    await note(MEMBERS[0]!.name).getByRole('textbox', { name: 'Addendum' }).fill('Synthetic correction: arrived with a sponsor.');
    await note(MEMBERS[0]!.name).getByRole('button', { name: 'Add addendum' }).click();
    await note(MEMBERS[0]!.name).getByText('Synthetic correction: arrived with a sponsor.').waitFor();

    // The next session: copy forward the last note, then a reload in the middle of typing.
    await page.getByRole('link', { name: 'Back to the group' }).click();
    await programs.sessionsTable().getByRole('link', { name: addDays(start, 2) }).click();
    await note(MEMBERS[1]!.name).waitFor(); // everyone present: Exampleton, Fictionale, Quibbleworth
    await page.keyboard.press('Alt+ArrowDown'); // from outside the notes: into the first one
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await note(MEMBERS[0]!.name).getByRole('button', { name: 'Copy forward last note' }).click();
    await note(MEMBERS[0]!.name).getByText('Carried forward from the last note: Goal, Plan.', { exact: false }).waitFor();
    const goal = note(MEMBERS[0]!.name).getByRole('textbox', { name: 'Goal' });
    expect(await goal.inputValue()).not.toBe('');
    // What is observed in each session is never carried: Risk, Response and Affect start empty.
    for (const field of ['Risk observations', 'Participation and response', 'Affect / mental status']) expect(await note(MEMBERS[0]!.name).getByRole('textbox', { name: field }).inputValue(), field).toBe('');
    // Carried text is marked until edited, visibly and for screen readers.
    expect(await new SessionPage(page).descriptionOf(goal)).toContain('From the last note, not edited yet');
    const plan = note(MEMBERS[0]!.name).getByRole('textbox', { name: 'Plan' });
    await plan.fill(`${await plan.inputValue()} Synthetic typed-before-reload.`);
    await page.waitForTimeout(1000); // "at most the last second"
    await app.reloadAndUnlock();
    await page.goto(`${app.url}#/groups`);
    await programs.openGroup('Morning Process Group');
    await programs.sessionsTable().getByRole('link', { name: addDays(start, 2) }).click();
    await note(MEMBERS[1]!.name).waitFor();
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => note(MEMBERS[0]!.name).getByRole('textbox', { name: 'Plan' }).inputValue()).toContain('Synthetic typed-before-reload.');
  }, 180_000);

  // Adding a colleague now includes their setup at the unlock screen: more Argon2id derivations at the calibrated cost.
  it('sends a pre-licensed clinician’s signed note to the supervisor’s queue, where it is co-signed', { timeout: 120_000 }, async () => {
    app = await AppSession.start();
    const page = app.page;
    const programs = new ProgramsPages(page);
    const vault = new VaultPages(page);
    const associatePassphrase = 'maple quartz harbor lantern';

    // The administrator adds a pre-licensed clinician.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Settings/ }).click();
    await new SettingsPage(page).addStaffProfile({ name: 'Assoc Synthetic', credentials: 'LPC-Associate', needsCosignature: true, passphrase: associatePassphrase }, ADMIN_PASSPHRASE);

    const start = addDays(weekDays(isoToday(Date.now()))[0]!, -7);
    await programs.open();
    await programs.createProgram('Synthetic Adult IOP');
    await programs.createTrack('Synthetic Adult IOP', 'Trauma');
    await programs.createGroup('Synthetic Adult IOP · Trauma', 'Evening Skills Group', 'Assoc Synthetic, LPC-Associate');
    await programs.openGroup('Evening Skills Group');
    const schedule = page.getByRole('form', { name: 'Schedule' });
    await schedule.getByLabel('First session on or after').fill(start);
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    const generate = page.getByRole('form', { name: 'Generate sessions' });
    await generate.getByLabel('From').fill(start);
    await generate.getByLabel('Weeks').fill('1');
    await generate.getByLabel('Skip practice holidays').uncheck(); // dated from today, which may be a holiday
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await programs.status.getByText('Sessions: 3 created', { exact: false }).waitFor();
    const clients = new ClientsPages(page);
    await clients.openList();
    await clients.startNew();
    await clients.type(MEMBERS[0]!);
    await clients.saveAndOpenChart(MEMBERS[0]!.name);
    await programs.open();
    await programs.openGroup('Evening Skills Group');
    await programs.addMember(MEMBERS[0]!.name, start);

    // The associate unlocks, writes and signs: the note waits for co-signature.
    await vault.lock();
    await programs.choose(vault.unlockForm, 'Staff profile', 'Assoc Synthetic — Clinician');
    await vault.unlock(associatePassphrase);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await programs.open();
    await programs.openGroup('Evening Skills Group');
    await programs.sessionsTable().getByRole('link', { name: start }).click();
    const note = page.getByRole('region', { name: `Note for ${MEMBERS[0]!.name}` });
    for (const field of GIRP_FIELDS) await note.getByRole('group', { name: `Quick picks for ${field}` }).getByRole('button').first().click();
    await note.getByRole('button', { name: 'Sign note' }).click();
    await note.getByText('Awaiting co-signature', { exact: false }).waitFor();
    await note.getByText(/^Signed by Assoc Synthetic, LPC-Associate/).waitFor();

    // The supervisor (here the administrator) finds it in the queue and co-signs.
    await vault.lock();
    await programs.choose(vault.unlockForm, 'Staff profile', 'Admin Synthetic — Administrator');
    await vault.unlock(ADMIN_PASSPHRASE);
    // Unlocked first: unlocking puts the next person on their own screen, whatever the address was.
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${app.url}#/notes`);
    await page.getByRole('heading', { name: 'Awaiting co-signature (1)' }).waitFor();
    const item = page.getByRole('article', { name: `Note for ${MEMBERS[0]!.name}, ${start}` });
    await item.getByRole('button', { name: 'Co-sign' }).click();
    await page.getByText(`Co-signed the note for ${MEMBERS[0]!.name}.`).waitFor();
    await page.getByRole('heading', { name: 'Awaiting co-signature (0)' }).waitFor();
  });
});
