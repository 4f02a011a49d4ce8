import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { ActionCounter, expectFocused, tabTo } from './support/keyboard';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { GIRP_FIELDS, MEMBER_OWN_FIELDS, NOTE_STATE_SUFFIX, SessionPage } from './pages/session';
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
async function groupWithMembers(app: AppSession, facilitator: string, members: typeof TEN, defaults: { goal?: string; plan?: string } = {}): Promise<{ programs: ProgramsPages; start: string }> {
  const today = isoToday(Date.now());
  const start = addDays(today, -7);
  const programs = new ProgramsPages(app.page);
  await programs.open();
  await programs.createProgram('Synthetic Adult IOP');
  await programs.createTrack('Synthetic Adult IOP', 'Depression & Anxiety');
  await programs.createGroup('Synthetic Adult IOP · Depression & Anxiety', GROUP, facilitator, defaults);
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
    expect((await session.members.getByRole('button').allTextContents()).map((t) => t.replace(NOTE_STATE_SUFFIX, ''))).toEqual(PRESENT);
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

    /**
     * Fills every field from its quick picks, from the field itself: Ctrl+Space opens them, an
     * arrow moves, Enter adds (the number for risk). The chips are not Tab stops. Returns the phrases.
     */
    const writeWithQuickPicks = async (member: string, nth: number, fields: readonly string[] = GIRP_FIELDS): Promise<string[]> => {
      const chosen: string[] = [];
      for (const field of fields) {
        const phrase = (await session.quickPicks(member, field).getByRole('button').nth(field === 'Risk observations' ? 0 : nth).textContent())!;
        await tabTo(page, session.field(member, field), `the ${field} of ${member}`);
        await page.keyboard.press('Control+Space');
        if (field === 'Risk observations') await page.keyboard.type('1');
        else {
          for (let i = 0; i < nth; i++) await page.keyboard.press('ArrowRight');
          await page.keyboard.press('Enter');
        }
        // Added after what the field started with (the intervention starts from the shared part).
        await expect.poll(async () => (await session.field(member, field).inputValue()).endsWith(phrase), SAVED).toBe(true);
        chosen.push(await session.field(member, field).inputValue());
      }
      return chosen;
    };
    /** Signs with the keyboard (confirming when asked); the note becomes read-only and keeps focus. */
    const signAndCheck = async (member: string, texts: string[], confirm = false): Promise<void> => {
      await tabTo(page, session.signButton(member), `Sign note for ${member}`);
      await page.keyboard.press('Enter');
      if (confirm) {
        await expectFocused(page, session.confirmSign.getByRole('button', { name: 'Sign', exact: true }), 'Sign in the confirm step');
        await page.keyboard.press('Enter');
      }
      await session.note(member).getByText(`Signed by ${ADMIN_LABEL} at `, { exact: false }).waitFor();
      await expectFocused(page, session.note(member), `the signed note of ${member}`);
      for (const field of GIRP_FIELDS) expect(await session.field(member, field).count(), `${field} of ${member} is read-only`).toBe(0);
      expect(await session.signButton(member).count()).toBe(0);
      expect(await session.copyForwardButton(member).count()).toBe(0);
      for (const text of texts) await session.note(member).getByText(text, { exact: true }).first().waitFor();
      await session.members.getByRole('button', { name: member }).getByText('signed', { exact: true }).waitFor();
    };
    /** Alt+↓, the shortcut shown above the members list: the next member, focus in their first empty field (on the note once signed). */
    const nextMember = async (member: string, signed = false, field = 'Goal'): Promise<void> => {
      await page.keyboard.press('Alt+ArrowDown');
      if (signed) await expectFocused(page, session.note(member), `the signed note of ${member} after Alt+↓`);
      else await expectFocused(page, session.field(member, field), `the ${field} of ${member} after Alt+↓`);
      expect(await session.currentMember.textContent()).toContain(member);
    };

    for (const [index, member] of PRESENT.entries()) {
      if (member === RELOADED) break;
      if (index > 0) await nextMember(member);
      if (member === COPIED) {
        // Copy-forward: Shift+Tab from the first field reaches it. Only Goal and Plan carry;
        // what is observed today (Response, Affect, Risk) is left empty, and carried text is marked;
        // the intervention started from the shared part stays.
        await page.keyboard.press('Shift+Tab');
        await expectFocused(page, session.copyForwardButton(member), `Copy forward for ${member}`);
        await page.keyboard.press('Enter');
        await session.note(member).getByText('Carried forward from the last note: Goal, Plan.', { exact: false }).waitFor();
        await expect.poll(() => session.field(member, 'Plan').inputValue(), SAVED).toBe('Synthetic plan from yesterday: practise box breathing before group.');
        for (const field of MEMBER_OWN_FIELDS) expect(await session.field(member, field).inputValue(), field).toBe('');
        expect(await session.field(member, 'Intervention').inputValue()).toBe('Psychoeducation on the worry cycle; grounding practice; peer feedback');
        expect(await session.descriptionOf(session.field(member, 'Plan'))).toContain('From the last note, not edited yet');
        expect(await session.descriptionOf(session.field(member, 'Intervention'))).toContain('From the shared part, not edited yet');
        const chosen = await writeWithQuickPicks(member, 1, ['Intervention', ...MEMBER_OWN_FIELDS]);
        await tabTo(page, session.field(member, 'Participation and response'), `the Response of ${member}`, { back: true });
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' Synthetic: used box breathing twice this week.');
        const response = await session.field(member, 'Participation and response').inputValue();
        // Signing untouched carried text asks first, naming the fields.
        await tabTo(page, session.signButton(member), `Sign note for ${member}`);
        await page.keyboard.press('Enter');
        await session.confirmSign.getByText('Goal, Plan still hold the text filled in for this note', { exact: false }).waitFor();
        await page.keyboard.press('Escape');
        await session.confirmSign.waitFor({ state: 'detached' });
        expect(await session.signButton(member).count()).toBe(1);
        await signAndCheck(member, ['Synthetic plan from yesterday: practise box breathing before group.', response, ...chosen.filter((c) => !response.startsWith(c))], true);
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
    // Attendance recorded before shows as its summary line; opened again, the minutes are stored.
    await session.attendanceSummary.getByText(': 9 present (2 late) · 1 absent').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Change attendance' }), 'Change attendance');
    await page.keyboard.press('Enter');
    await session.attendanceTable.waitFor();
    for (const late of LATE) expect(await session.minutesOf(late.member).textContent()).toBe(late.minutes);
    expect(await session.attendanceOf(ABSENT).inputValue()).toBe('absent-excused');
    expect(await session.sharedField('Interventions used').inputValue()).toBe('Psychoeducation on the worry cycle; grounding practice; peer feedback');
    await page.keyboard.press('Alt+ArrowDown'); // from outside the notes: into the current one
    await expectFocused(page, session.note(PRESENT[0]!), `the signed note of ${PRESENT[0]}`);
    // The goal is typed now, the intervention started from the shared part: the first empty field is the response.
    for (const member of PRESENT.slice(1)) await nextMember(member, member !== RELOADED, 'Participation and response');
    expect(await session.field(RELOADED, 'Goal').inputValue()).toMatch(/^Synthetic: walk after lunch on three days\./);

    // Alt+↓ at the last member stays there: nobody after, and never the absent member. Alt+↑ goes back.
    await page.keyboard.press('Alt+ArrowDown');
    await expectFocused(page, session.field(RELOADED, 'Participation and response'), `the response of ${RELOADED}`);
    expect(await session.currentMember.textContent()).toContain(RELOADED);
    expect(await session.note(ABSENT).count()).toBe(0);
    await page.keyboard.press('Alt+ArrowUp');
    await expectFocused(page, session.note(PRESENT[7]!), `the signed note of ${PRESENT[7]} after Alt+↑`);
    await nextMember(RELOADED, false, 'Participation and response');

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
    await session.attendanceSummary.waitFor();
    await page.keyboard.press('Alt+ArrowDown');
    await expectFocused(page, session.note(PRESENT[0]!), `the signed note of ${PRESENT[0]}`);
    for (const member of PRESENT.slice(1)) await nextMember(member, member !== RELOADED, 'Participation and response');
    const goal = await session.field(RELOADED, 'Goal').inputValue();
    const intervention = await session.field(RELOADED, 'Intervention').inputValue();
    const chosen = await writeWithQuickPicks(RELOADED, 1, [...MEMBER_OWN_FIELDS, 'Plan']);
    // The intervention, left as the shared part started it, is confirmed at signing.
    await signAndCheck(RELOADED, [goal, intervention, ...chosen], true);

    // Every note is signed: the list is empty, and every present member's note reads signed.
    expect((await session.members.getByRole('button').allTextContents()).filter((t) => t.endsWith('signed'))).toHaveLength(9);
    await page.keyboard.press('Alt+2');
    await tabTo(page, page.getByRole('link', { name: 'Notes due and review' }), 'Notes due and review');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Notes due \(0\)/ }).waitFor();
    await page.getByText('Every note is signed.').waitFor();
    expect(await session.notesDue.count()).toBe(0);
  }, 240_000);
});

/** What each member's note says in the timed run: typed, as a clinician types (text is free in the count). */
const TYPED: Record<(typeof MEMBER_OWN_FIELDS)[number], (n: number) => string> = {
  'Participation and response': (n) => `Synthetic response ${n}: practised box breathing in session`,
  'Affect / mental status': () => 'Euthymic',
  'Risk observations': () => 'Denied suicidal and homicidal ideation when asked',
};
/** What the group's notes start from, set when the group was made. */
const GROUP_GOAL = 'Synthetic group goal: use two coping skills when anxious';
const GROUP_PLAN = 'Practise daily; continue IOP as scheduled';
const INTERVENTIONS = 'Psychoeducation on the worry cycle; grounding practice; peer feedback';
/**
 * The most non-text actions the timed run may take: the goal (100 before). Attendance
 * costs a key per row passed and one to finish; the shared part two; each note three (into it,
 * and between its three fields of what is this member's); review and sign all two.
 */
const CLINICIAN_ACTION_BUDGET = 40;

describe('clinician time: the first session of a new group of ten, keyboard only', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('takes attendance (two late, one absent), writes the shared part and nine notes, and signs all after one review, counting every non-text action', async () => {
    app = await AppSession.start();
    const page = app.page;
    const { programs, start } = await groupWithMembers(app, ADMIN_LABEL, TEN, { goal: GROUP_GOAL, plan: GROUP_PLAN });
    const session = new SessionPage(page);
    // Set-up ends on the group's first session page; from here every action is counted.
    await programs.sessionsTable().getByRole('link', { name: start, exact: true }).click();
    await session.attendanceTable.waitFor();
    // Attendance not taken yet: focus starts on its first row.
    await expectFocused(page, session.attendanceOf(TEN[0]!.name), 'the first attendance row');
    const count = new ActionCounter(page);

    // Attendance: a status is chosen by typing its first letters into the row's select.
    for (const member of TEN.map((c) => c.name)) {
      const late = LATE.find((l) => l.member === member);
      if (!late && member !== ABSENT) continue;
      await count.tabTo(session.attendanceOf(member), `the attendance of ${member}`);
      await count.type(late ? 'Arr' : 'Abs');
      await expect.poll(() => session.attendanceOf(member).inputValue(), SAVED).toBe(late ? 'late' : 'absent-excused');
      if (late) {
        await count.press('Tab');
        await expectFocused(page, session.arrivalOf(member), `the arrival of ${member}`);
        await count.type(late.typed);
        await expect.poll(() => session.minutesOf(member).textContent(), SAVED).toBe(late.minutes);
      }
    }
    // Enter in any row: attendance taken.
    await count.press('Enter');
    await session.attendanceSummary.getByText(': 9 present (2 late) · 1 absent').waitFor(SAVED);

    // The shared part: focus is already in its first field.
    await expectFocused(page, session.sharedField('Topic'), 'the topic of the shared part');
    await page.screenshot({ path: 'out/screenshots/workspace-attendance-taken.png' });
    await count.type('Coping with worry');
    await count.press('Tab');
    await count.type('Synthetic CBT module 3');
    await count.press('Tab');
    await count.type(INTERVENTIONS);

    // Nine notes: Alt+↓ goes into the (next) note's first empty field; the goal, intervention and
    // plan are started for it and marked, so what is typed is this member's own three fields.
    for (const [n, member] of PRESENT.entries()) {
      await count.press('Alt+ArrowDown');
      await expectFocused(page, session.field(member, MEMBER_OWN_FIELDS[0]), `the response of ${member}`);
      expect(await session.field(member, 'Goal').inputValue()).toBe(GROUP_GOAL);
      expect(await session.field(member, 'Intervention').inputValue()).toBe(INTERVENTIONS);
      expect(await session.field(member, 'Plan').inputValue()).toBe(GROUP_PLAN);
      if (n === 0) {
        expect(await session.descriptionOf(session.field(member, 'Goal'))).toContain("From the group's goal, not edited yet");
        expect(await session.descriptionOf(session.field(member, 'Intervention'))).toContain('From the shared part, not edited yet');
        expect(await session.descriptionOf(session.field(member, 'Plan'))).toContain("From the group's plan, not edited yet");
        // At 1366×768 the field to type in is on screen without scrolling, below the shared part.
        await page.screenshot({ path: 'out/screenshots/workspace-note.png' });
        const box = (await session.field(member, MEMBER_OWN_FIELDS[0]).boundingBox())!;
        expect(box.y + box.height).toBeLessThan(768);
      }
      for (const [i, field] of MEMBER_OWN_FIELDS.entries()) {
        if (i > 0) await count.press('Tab');
        await expectFocused(page, session.field(member, field), `the ${field} of ${member}`);
        await count.type(TYPED[field](n + 1));
      }
    }

    // Review and sign all: every note ready, what was filled in and not edited named; one confirmation signs the nine.
    await count.press('Control+Shift+Enter');
    await session.signAllReview.getByRole('button', { name: 'Sign 9 ready notes' }).waitFor(SAVED);
    for (const member of PRESENT) {
      await session.reviewRow(member).getByText('ready', { exact: true }).waitFor();
      await session.reviewRow(member).getByText('Filled in, not edited: Goal, Intervention, Plan').waitFor();
    }
    await session.signAllReview.getByRole('alert').filter({ hasText: 'Filled in, not edited' }).waitFor();
    await session.signAllReview.getByText('By signing I attest', { exact: false }).waitFor();
    await page.waitForTimeout(300); // the dialog's opening transition, for the screenshot only
    await page.screenshot({ path: 'out/screenshots/sign-all-review.png' });
    await expectFocused(page, session.signAllReview.getByRole('button', { name: 'Sign 9 ready notes' }), 'Sign 9 ready notes');
    await count.press('Enter');
    await session.signAllReview.waitFor({ state: 'detached', ...SAVED });
    await expect.poll(async () => (await session.members.getByRole('button').allTextContents()).filter((t) => t.endsWith('signed')).length, SAVED).toBe(9);
    for (const [n, member] of PRESENT.entries()) {
      await session.memberButton(member).focus();
      await page.keyboard.press('Enter'); // checking, not counted
      await session.signature(member).waitFor();
      for (const text of [GROUP_GOAL, INTERVENTIONS, GROUP_PLAN, ...MEMBER_OWN_FIELDS.map((f) => TYPED[f](n + 1))]) await session.note(member).getByText(text, { exact: true }).first().waitFor();
    }

    console.log(`Clinician actions for attendance, the shared part, nine notes and sign all: ${count.summary()}`);
    expect(count.clicks).toBe(0);
    expect(count.total).toBeLessThanOrEqual(CLINICIAN_ACTION_BUDGET);
  }, 180_000);
});

describe('time rules and signing someone else’s session, in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('shows a session that has not started as read-only, saying why; warns a signer who did not facilitate, and signs only once confirmed', async () => {
    app = await AppSession.start();
    const page = app.page;
    const member = TEN[0]!.name;
    const settings = new SettingsPage(page);
    await settings.open();
    await settings.addStaffProfile({ name: 'Other Synthetic', credentials: 'LPC', passphrase: 'cobalt meadow thistle anchor' }, ADMIN_PASSPHRASE);
    const { programs, start } = await groupWithMembers(app, 'Other Synthetic, LPC', [TEN[0]!]);
    const session = new SessionPage(page);

    // Tomorrow's session: nothing can be recorded yet, and the page says when it opens.
    const tomorrow = addDays(isoToday(Date.now()), 1);
    await programs.sessionsTable().getByRole('link', { name: tomorrow, exact: true }).click();
    const closed = page.getByRole('status').filter({ hasText: 'Read-only until the session starts' });
    await closed.getByText(/^This session has not started: it begins at 09:00 on .+\. Attendance and notes open on .+ at 08:45, 15 minutes before it starts\.$/).waitFor();
    expect(await session.attendanceOf(member).isDisabled()).toBe(true);
    expect(await session.sharedField('Topic').getAttribute('readonly')).not.toBeNull();
    await session.note(member).waitFor();
    expect(await session.note(member).getByRole('textbox').count()).toBe(0);
    expect(await session.signButton(member).count()).toBe(0);
    expect(await session.copyForwardButton(member).count()).toBe(0);

    // A past session facilitated by someone else: signing warns, and Cancel leaves the note unsigned.
    await page.getByRole('link', { name: 'Back to the group' }).click();
    await programs.sessionsTable().getByRole('link', { name: start, exact: true }).click();
    await session.note(member).getByText('You are not a facilitator of this session.', { exact: false }).waitFor();
    for (const field of GIRP_FIELDS) await session.quickPicks(member, field).getByRole('button').first().click();
    await session.signButton(member).click();
    await session.confirmSign.getByRole('alert').filter({ hasText: 'Not your session' }).getByText('Sign only if you provided or supervised this service.', { exact: false }).waitFor();
    await session.confirmSign.getByText('By signing I attest', { exact: false }).waitFor();
    await session.confirmSign.getByRole('button', { name: 'Cancel' }).click();
    await session.confirmSign.waitFor({ state: 'detached' });
    expect(await session.signature(member).count()).toBe(0);
    // The shortcut asks too; confirmed, the note is signed.
    await session.field(member, 'Plan').focus();
    await page.keyboard.press('Control+Enter');
    await session.confirmSign.getByRole('button', { name: 'Sign', exact: true }).click();
    await session.signature(member).waitFor();
    await session.memberButton(member).getByText('signed', { exact: true }).waitFor();
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
    expect(await session.field(member, 'Participation and response').count()).toBe(0);

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
    const response = session.field(member, 'Participation and response');
    const corrected = `${await response.inputValue()} Practised box breathing (synthetic).`;
    await response.fill(corrected);
    await session.signButton(member).click();
    await session.note(member).getByText('Awaiting co-signature', { exact: false }).waitFor();
    expect(await session.field(member, 'Participation and response').count()).toBe(0);
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
