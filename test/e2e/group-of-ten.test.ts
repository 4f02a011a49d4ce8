import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { expectFocused, tabTo } from './support/keyboard';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { GIRP_FIELDS, SessionPage } from './pages/session';
import { SettingsPage } from './pages/settings';
import { ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

/** Ten obviously synthetic clients; the workspace lists them by last name, as the sign-in sheet does. */
const TEN = [
  ['Testa', 'Alphaton', '1980-01-11'],
  ['Sampla', 'Bravoton', '1981-02-12'],
  ['Mocka', 'Charliton', '1982-03-13'],
  ['Fakea', 'Deltaton', '1983-04-14'],
  ['Dummo', 'Echoton', '1984-05-15'],
  ['Stubba', 'Foxtroton', '1985-06-16'],
  ['Placea', 'Golfaton', '1986-07-17'],
  ['Exemplo', 'Hotelton', '1987-08-18'],
  ['Fictiva', 'Indiaton', '1988-09-19'],
  ['Protota', 'Julietton', '1989-10-20'],
].map(([firstName, lastName, dateOfBirth]) => ({ firstName: firstName!, lastName: lastName!, dateOfBirth: dateOfBirth!, name: `${lastName}, ${firstName}` }));
const name = (lastName: string) => TEN.find((c) => c.lastName === lastName)!.name;

const GROUP = 'Morning Process Group';
const ADMIN_LABEL = 'Admin Synthetic, LCSW';
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Session 09:00–12:00: 180 minutes in full. */
const LATE = [
  { member: name('Bravoton'), typed: '0920', minutes: '160' },
  { member: name('Golfaton'), typed: '0945', minutes: '135' },
];
const ABSENT = name('Deltaton');
const PRESENT = TEN.map((c) => c.name).filter((n) => n !== ABSENT);
/** For what waits on a sealed write or read (the default poll gives up after one second). */
const SAVED = { timeout: 10_000 };
/** Has a signed note from yesterday's session, to copy forward. */
const COPIED = name('Charliton');
/** Whose note is being typed when the page is reloaded. */
const RELOADED = name('Julietton');

/** A programme, track and group facilitated by `facilitator`, meeting every day from a week ago, with `members` on its roster. */
async function groupWithMembers(app: AppSession, facilitator: string, members: typeof TEN): Promise<{ programs: ProgramsPages; start: string }> {
  const today = isoToday(Date.now());
  const start = addDays(today, -7);
  const programs = new ProgramsPages(app.page);
  await programs.open();
  await programs.createProgram('Synthetic Adult IOP');
  await programs.createTrack('Synthetic Adult IOP', 'Depression & Anxiety');
  await programs.createGroup('Synthetic Adult IOP · Depression & Anxiety', GROUP, facilitator);
  await programs.openGroup(GROUP);
  await programs.scheduleAndGenerate(start, 2, EVERY_DAY);
  await programs.sessionsTable().getByRole('link', { name: today, exact: true }).waitFor();
  const clients = new ClientsPages(app.page);
  for (const member of members) await clients.create(member);
  await programs.open();
  await programs.openGroup(GROUP);
  for (const member of members) await programs.addMember(member.name, start);
  return { programs, start };
}

describe('a group of ten in the session workspace, keyboard only', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('takes attendance, writes the shared part past the PHI guard, and writes and signs nine notes with quick picks and copy-forward, surviving a reload', async () => {
    app = await AppSession.start();
    const page = app.page;
    const today = isoToday(Date.now());
    const yesterday = addDays(today, -1);
    const { programs } = await groupWithMembers(app, ADMIN_LABEL, TEN);
    const session = new SessionPage(page);

    // Yesterday (set-up, with the mouse): a signed note for one member, for copy-forward to find.
    await programs.sessionsTable().getByRole('link', { name: yesterday, exact: true }).click();
    await session.members.getByRole('button', { name: COPIED }).click();
    for (const field of GIRP_FIELDS) await session.quickPicks(COPIED, field).getByRole('button').first().click();
    await session.field(COPIED, 'Plan').fill('Synthetic plan from yesterday: practise box breathing before group.');
    await session.signButton(COPIED).click();
    await session.signature(COPIED).waitFor();

    // From here on, the keyboard only. Alt+2 is Groups & Sessions; today's session is listed there.
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 2, name: 'Groups & Sessions' }).waitFor();
    await tabTo(page, programs.todaysSession(GROUP, '09:00'), "today's session under Today");
    await page.keyboard.press('Enter');
    await session.attendanceTable.waitFor();

    // Attendance: everyone starts present; two arrive late (arrow key, then the arrival time typed), one is absent.
    for (const late of LATE) {
      await tabTo(page, session.attendanceOf(late.member), `the attendance of ${late.member}`);
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => session.attendanceOf(late.member).inputValue(), SAVED).toBe('late');
      await page.keyboard.press('Tab');
      await expectFocused(page, session.arrivalOf(late.member), `the arrival time of ${late.member}`);
      await page.keyboard.type(late.typed); // hours, then minutes
      await expect.poll(() => session.minutesOf(late.member).textContent(), SAVED).toBe(late.minutes);
    }
    await tabTo(page, session.attendanceOf(ABSENT), `the attendance of ${ABSENT}`, { back: true });
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown'); // Present → … → Absent (excused)
    await expect.poll(() => session.attendanceOf(ABSENT).inputValue(), SAVED).toBe('absent-excused');
    await expect.poll(() => session.minutesOf(ABSENT).textContent(), SAVED).toBe('0');
    for (const member of PRESENT.filter((m) => !LATE.some((l) => l.member === m))) {
      expect(await session.attendanceOf(member).inputValue()).toBe('present');
      expect(await session.minutesOf(member).textContent()).toBe('180');
    }
    for (const late of LATE) expect(await session.arrivalOf(late.member).inputValue()).toBe(`${late.typed.slice(0, 2)}:${late.typed.slice(2)}`);
    // The absent member is offered no note: nine members, in the sign-in sheet's order.
    await expect.poll(() => session.members.getByRole('button').count(), SAVED).toBe(9);
    expect((await session.members.getByRole('button').allTextContents()).map((t) => t.replace(/(signed|review|returned|cosigned)$/, ''))).toEqual(PRESENT);
    await session.members.getByText(/^Absent .* get no progress note\.$/).waitFor();
    await session.sharedPart.getByText('9 present', { exact: false }).waitFor();

    // The shared part: the guard catches a member's name, and clears once the text describes the group.
    await tabTo(page, session.sharedField('Topic'), 'the topic of the shared part');
    await page.keyboard.type('Coping with worry');
    await page.keyboard.press('Tab');
    await expectFocused(page, session.sharedField('Curriculum or module'), 'the curriculum');
    await page.keyboard.type('Synthetic CBT module 3');
    await page.keyboard.press('Tab');
    await expectFocused(page, session.sharedField('Interventions used'), 'the interventions');
    await page.keyboard.type('Psychoeducation on the worry cycle; Sampla shared a story about sleep');
    await session.phiWarning.getByText(`It mentions ${name('Bravoton')}.`).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Psychoeducation on the worry cycle; grounding practice; peer feedback');
    await session.phiWarning.waitFor({ state: 'detached' });
    expect(await session.sharedField('Interventions used').inputValue()).toBe('Psychoeducation on the worry cycle; grounding practice; peer feedback');

    // Member notes. Tab leads from the shared part into the members list, then the first note.
    await page.keyboard.press('Tab');
    await expectFocused(page, session.members.getByRole('button', { name: PRESENT[0] }), `${PRESENT[0]} in the members list`);
    await tabTo(page, session.field(PRESENT[0]!, 'Goal'), `the Goal of ${PRESENT[0]}`);

    /** Fills every field from its quick picks (Enter, or Space for risk); returns the phrases chosen. */
    const writeWithQuickPicks = async (member: string, nth: number, fields: readonly string[] = GIRP_FIELDS): Promise<string[]> => {
      const chosen: string[] = [];
      for (const field of fields) {
        const pick = session.quickPicks(member, field).getByRole('button').nth(field === 'Risk observations' ? 0 : nth);
        const phrase = (await pick.textContent())!;
        await tabTo(page, pick, `the quick pick "${phrase}" for ${field}`);
        await page.keyboard.press(field === 'Risk observations' ? 'Space' : 'Enter');
        await expect.poll(() => session.field(member, field).inputValue(), SAVED).toBe(phrase);
        chosen.push(phrase);
      }
      return chosen;
    };
    /** Signs with the keyboard; the note becomes read-only and keeps focus. */
    const signAndCheck = async (member: string, texts: string[]): Promise<void> => {
      await tabTo(page, session.signButton(member), `Sign note for ${member}`);
      await page.keyboard.press('Enter');
      await session.note(member).getByText(`Signed by ${ADMIN_LABEL} at `, { exact: false }).waitFor();
      await expectFocused(page, session.note(member), `the signed note of ${member}`);
      for (const field of GIRP_FIELDS) expect(await session.field(member, field).count(), `${field} of ${member} is read-only`).toBe(0);
      expect(await session.signButton(member).count()).toBe(0);
      expect(await session.copyForwardButton(member).count()).toBe(0);
      for (const text of texts) await session.note(member).getByText(text, { exact: true }).first().waitFor();
      await session.members.getByRole('button', { name: member }).getByText('signed', { exact: true }).waitFor();
    };
    /** Alt+↓, the shortcut shown above the members list: the next member, focus in their first field (on the note once signed). */
    const nextMember = async (member: string, signed = false): Promise<void> => {
      await page.keyboard.press('Alt+ArrowDown');
      if (signed) await expectFocused(page, session.note(member), `the signed note of ${member} after Alt+↓`);
      else await expectFocused(page, session.field(member, 'Goal'), `the Goal of ${member} after Alt+↓`);
      expect(await session.currentMember.textContent()).toContain(member);
    };

    for (const [index, member] of PRESENT.entries()) {
      if (member === RELOADED) break;
      if (index > 0) await nextMember(member);
      if (member === COPIED) {
        // Copy-forward: Shift+Tab from the first field reaches it.
        await page.keyboard.press('Shift+Tab');
        await expectFocused(page, session.copyForwardButton(member), `Copy forward for ${member}`);
        await page.keyboard.press('Enter');
        await session.note(member).getByText('Copied from the last note: review every field before signing.').waitFor();
        await expect.poll(() => session.field(member, 'Plan').inputValue(), SAVED).toBe('Synthetic plan from yesterday: practise box breathing before group.');
        await tabTo(page, session.field(member, 'Response'), `the Response of ${member}`);
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' Synthetic: used box breathing twice this week.');
        const response = await session.field(member, 'Response').inputValue();
        expect(response).toMatch(/\S Synthetic: used box breathing twice this week\.$/);
        await signAndCheck(member, ['Synthetic plan from yesterday: practise box breathing before group.', response]);
      } else {
        await signAndCheck(member, await writeWithQuickPicks(member, index % 3));
      }
      if (index === 0) {
        // Once a note is signed, the shared part copied into it is final too.
        expect(await session.sharedField('Topic').getAttribute('readonly')).not.toBeNull();
      }
    }

    // The last member: a reload in the middle of typing loses at most the last second.
    await nextMember(RELOADED);
    await page.keyboard.type('Synthetic: walk after lunch on three days.');
    await page.waitForTimeout(1200);
    await page.keyboard.type(' Typed in the last second');
    await page.reload();
    const vault = new VaultPages(page);
    const passphrase = vault.unlockForm.getByRole('textbox', { name: 'Passphrase', exact: true });
    await expectFocused(page, passphrase, 'the passphrase after the reload');
    await page.keyboard.type(ADMIN_PASSPHRASE);
    await page.keyboard.press('Enter');
    await session.attendanceTable.waitFor();
    // What was recorded before is stored, not just shown: attendance and the shared part.
    for (const late of LATE) expect(await session.minutesOf(late.member).textContent()).toBe(late.minutes);
    expect(await session.attendanceOf(ABSENT).inputValue()).toBe('absent-excused');
    expect(await session.sharedField('Interventions used').inputValue()).toBe('Psychoeducation on the worry cycle; grounding practice; peer feedback');
    for (const member of PRESENT.slice(1)) await nextMember(member, member !== RELOADED);
    expect(await session.field(RELOADED, 'Goal').inputValue()).toMatch(/^Synthetic: walk after lunch on three days\./);

    // Alt+↓ at the last member stays there: nobody after, and never the absent member. Alt+↑ goes back.
    await page.keyboard.press('Alt+ArrowDown');
    await expectFocused(page, session.field(RELOADED, 'Goal'), `the Goal of ${RELOADED}`);
    expect(await session.currentMember.textContent()).toContain(RELOADED);
    expect(await session.note(ABSENT).count()).toBe(0);
    await page.keyboard.press('Alt+ArrowUp');
    await expectFocused(page, session.note(PRESENT[7]!), `the signed note of ${PRESENT[7]} after Alt+↑`);
    await nextMember(RELOADED);

    // Notes due: only the draft is listed, not the eight signed today nor yesterday's.
    await page.keyboard.press('Alt+2');
    await tabTo(page, page.getByRole('link', { name: 'Notes due and review' }), 'Notes due and review');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Notes due \(1\)/ }).waitFor();
    const dueRows = session.notesDue.getByRole('row');
    expect(await dueRows.count()).toBe(2); // header + one
    expect(await dueRows.nth(1).textContent()).toContain(RELOADED);
    expect(await dueRows.nth(1).textContent()).toContain('draft');

    // Back to it from the list, finish it from the quick picks (keeping the typed goal), sign.
    await tabTo(page, session.notesDue.getByRole('link', { name: today }), "the due note's session");
    await page.keyboard.press('Enter');
    await session.attendanceTable.waitFor();
    for (const member of PRESENT.slice(1)) await nextMember(member, member !== RELOADED);
    const goal = await session.field(RELOADED, 'Goal').inputValue();
    const chosen = await writeWithQuickPicks(RELOADED, 1, GIRP_FIELDS.slice(1));
    await signAndCheck(RELOADED, [goal, ...chosen]);

    // Every note is signed: the list is empty, and every present member's note reads signed.
    expect((await session.members.getByRole('button').allTextContents()).filter((t) => t.endsWith('signed'))).toHaveLength(9);
    await page.keyboard.press('Alt+2');
    await tabTo(page, page.getByRole('link', { name: 'Notes due and review' }), 'Notes due and review');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Notes due \(0\)/ }).waitFor();
    await page.getByText('Every note is signed.').waitFor();
    expect(await session.notesDue.count()).toBe(0);
  }, 120_000);
});

describe('co-signature with a correction, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('sends a pre-licensed clinician’s note to the supervisor, who returns it with a comment; the author corrects and signs again; the supervisor co-signs', async () => {
    app = await AppSession.start();
    const page = app.page;
    const today = isoToday(Date.now());
    const member = TEN[0]!.name;
    const associate = { name: 'Assoc Synthetic', credentials: 'LPC-Associate', passphrase: 'maple quartz harbor lantern', needsCosignature: true };
    const settings = new SettingsPage(page);
    await settings.open();
    await settings.addStaffProfile(associate, ADMIN_PASSPHRASE);
    const { programs } = await groupWithMembers(app, 'Assoc Synthetic, LPC-Associate', [TEN[0]!]);
    const session = new SessionPage(page);
    const vault = new VaultPages(page);
    const notesPage = async () => {
      await programs.open();
      await page.getByRole('link', { name: 'Notes due and review' }).click();
      await page.getByRole('heading', { level: 2, name: 'Notes' }).waitFor();
    };
    const reviewQueue = (count: number) => page.getByRole('heading', { name: `Awaiting co-signature (${count})` });
    const item = session.reviewItem(member, today);

    // The associate writes and signs: the note is final for them, and waits for co-signature.
    await vault.switchTo('Assoc Synthetic — Clinician', associate.passphrase);
    await programs.open();
    await programs.todaysSession(GROUP, '09:00').click();
    for (const field of GIRP_FIELDS) await session.quickPicks(member, field).getByRole('button').first().click();
    await session.signButton(member).click();
    await session.note(member).getByText('Awaiting co-signature', { exact: false }).waitFor();
    await session.note(member).getByText(/^Signed by Assoc Synthetic, LPC-Associate/).waitFor();
    expect(await session.field(member, 'Response').count()).toBe(0);

    // The supervisor returns it: a comment is required, and the author will see it.
    await vault.switchTo('Admin Synthetic — Administrator', ADMIN_PASSPHRASE);
    await notesPage();
    await reviewQueue(1).waitFor();
    await item.getByRole('button', { name: 'Return for correction' }).click();
    await item.getByRole('alert').getByText('Say what needs correcting').waitFor();
    await reviewQueue(1).waitFor();
    await item.getByRole('textbox', { name: 'Comment for the author (needed to return the note)' }).fill('Synthetic review: name the coping skill practised in Response.');
    await item.getByRole('button', { name: 'Return for correction' }).click();
    await page.getByRole('status').getByText(`Returned the note for ${member}.`).waitFor();
    await reviewQueue(0).waitFor();
    const due = session.notesDue.getByRole('row').filter({ hasText: member });
    await due.getByText('returned for correction').waitFor();

    // The author finds it among their notes due, reads the comment, corrects and signs again.
    await vault.switchTo('Assoc Synthetic — Clinician', associate.passphrase);
    await notesPage();
    await due.getByText('returned for correction').waitFor();
    await due.getByRole('link', { name: today }).click();
    const returned = session.note(member).getByRole('status').filter({ hasText: 'Returned by Admin Synthetic' });
    await returned.getByText('Synthetic review: name the coping skill practised in Response.').waitFor();
    await session.note(member).getByText('Returned for correction', { exact: false }).waitFor();
    const response = session.field(member, 'Response');
    const corrected = `${await response.inputValue()} Practised box breathing (synthetic).`;
    await response.fill(corrected);
    await session.signButton(member).click();
    await session.note(member).getByText('Awaiting co-signature', { exact: false }).waitFor();
    expect(await session.field(member, 'Response').count()).toBe(0);
    await session.note(member).getByText(corrected, { exact: true }).waitFor();

    // Back in the supervisor's queue with the correction; co-signed, it is final.
    await vault.switchTo('Admin Synthetic — Administrator', ADMIN_PASSPHRASE);
    await notesPage();
    await reviewQueue(1).waitFor();
    await item.getByText(corrected, { exact: false }).waitFor();
    await page.screenshot({ path: 'out/screenshots/review-queue.png' });
    await item.getByRole('button', { name: 'Co-sign' }).click();
    await page.getByRole('status').getByText(`Co-signed the note for ${member}.`).waitFor();
    await reviewQueue(0).waitFor();
    await page.getByText('Every note is signed.').waitFor();
    await item.getByRole('link', { name: 'Open the session' }).waitFor({ state: 'detached' });
    await programs.open();
    await programs.todaysSession(GROUP, '09:00').click();
    await session.note(member).getByText(/^Signed by Assoc Synthetic, LPC-Associate at .* · co-signed by Admin Synthetic, LCSW$/).waitFor();
    await session.note(member).getByText('Co-signed', { exact: false }).first().waitFor();
    expect(await session.signButton(member).count()).toBe(0);
  }, 90_000);
});
