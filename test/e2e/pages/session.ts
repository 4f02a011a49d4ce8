import type { Locator, Page } from 'playwright-core';

/** The fields of the default group note format (GIRP) with the observations every group note adds, before the plan. */
export const GIRP_FIELDS = ['Goal', 'Intervention', 'Participation and response', 'Affect / mental status', 'Risk observations', 'Plan'] as const;
/** What is this member's alone: never filled in for the clinician. */
export const MEMBER_OWN_FIELDS = ['Participation and response', 'Affect / mental status', 'Risk observations'] as const;

/** The state of a member's note, shown after their name in the members list. */
export const NOTE_STATE_SUFFIX = /(not started|draft|ready|signed|review|returned)$/;

/** Page model of the session workspace: attendance, the shared part, members' notes; and the Notes page. */
export class SessionPage {
  constructor(private readonly page: Page) {}

  // ---- Attendance ----

  get attendanceTable(): Locator {
    return this.page.getByRole('table', { name: 'Attendance' });
  }

  /** The status select of a member's attendance row (a native select). */
  attendanceOf(member: string): Locator {
    return this.page.getByRole('combobox', { name: `Attendance of ${member}`, exact: true });
  }

  arrivalOf(member: string): Locator {
    return this.page.getByLabel(`Arrival of ${member}`, { exact: true });
  }

  /** The minutes cell of a member's attendance row. */
  minutesOf(member: string): Locator {
    return this.attendanceTable.getByRole('row').filter({ hasText: member }).getByRole('cell').nth(4);
  }

  // ---- The shared part ----

  get sharedPart(): Locator {
    return this.page.getByRole('region', { name: 'Group note: shared part' });
  }

  sharedField(label: 'Topic' | 'Curriculum or module' | 'Interventions used'): Locator {
    return this.sharedPart.getByRole('textbox', { name: label, exact: true });
  }

  get phiWarning(): Locator {
    return this.sharedPart.getByRole('alert').filter({ hasText: 'The shared part names a group member' });
  }

  // ---- Members and their notes ----

  get members(): Locator {
    return this.page.getByRole('navigation', { name: 'Members' });
  }

  /** The current member in the members list. */
  get currentMember(): Locator {
    return this.members.locator('[aria-current="true"]');
  }

  /** The current member's name, without the state of their note shown beside it. */
  async currentMemberName(): Promise<string> {
    return (await this.currentMember.textContent())!.replace(NOTE_STATE_SUFFIX, '');
  }

  note(member: string): Locator {
    return this.page.getByRole('region', { name: `Note for ${member}`, exact: true });
  }

  /** Any member's note editor on screen (the workspace shows one at a time). */
  get anyNote(): Locator {
    return this.page.getByRole('region', { name: /^Note for / });
  }

  field(member: string, label: string): Locator {
    return this.note(member).getByRole('textbox', { name: label, exact: true });
  }

  quickPicks(member: string, label: string): Locator {
    return this.note(member).getByRole('group', { name: `Quick picks for ${label}`, exact: true });
  }

  /** The text read out with a field (its description): the carried-forward marker shows here. */
  async descriptionOf(field: Locator): Promise<string> {
    return field.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  }

  /** The confirm step before a signature (the shortcut, carried text or a session not facilitated). */
  get confirmSign(): Locator {
    return this.page.getByRole('dialog', { name: /^Sign the note for / });
  }

  get signAllButton(): Locator {
    return this.page.getByRole('button', { name: 'Review and sign all', exact: true });
  }

  get signAllReview(): Locator {
    return this.page.getByRole('dialog', { name: 'Review and sign all' });
  }

  /** A member's row in the sign-all review. */
  reviewRow(member: string): Locator {
    return this.signAllReview.getByRole('row').filter({ hasText: member });
  }

  get attendanceSummary(): Locator {
    return this.page.getByRole('region', { name: 'Attendance' }).filter({ hasText: /present/ });
  }

  get attendanceTaken(): Locator {
    return this.page.getByRole('button', { name: 'Attendance taken', exact: true });
  }

  /** A member in the members list; its name ends with the note's state (not started, draft, ready, signed…). */
  memberButton(member: string): Locator {
    return this.members.getByRole('button', { name: member });
  }

  signButton(member: string): Locator {
    return this.note(member).getByRole('button', { name: 'Sign note', exact: true });
  }

  copyForwardButton(member: string): Locator {
    return this.note(member).getByRole('button', { name: 'Copy forward last note', exact: true });
  }

  /** The signature line of a signed note. */
  signature(member: string): Locator {
    return this.note(member).getByText(/^Signed by /);
  }

  get notesLink(): Locator {
    return this.page.getByRole('link', { name: 'Notes due and review queue' });
  }

  // ---- The Notes page: notes due and the co-signature queue ----

  get notesDueHeading(): Locator {
    return this.page.getByRole('heading', { name: /^Notes due \(\d+\)/ });
  }

  get notesDue(): Locator {
    return this.page.getByRole('table', { name: 'Notes due' });
  }

  reviewItem(member: string, date: string): Locator {
    return this.page.getByRole('article', { name: `Note for ${member}, ${date}` });
  }
}
