import type { Locator, Page } from 'playwright-core';

/** Page model of Groups & Sessions: programmes, tracks, groups, the group page and the week. */
export class ProgramsPages {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Groups/ }).click();
    await this.page.getByRole('heading', { level: 2, name: 'Groups & Sessions' }).waitFor();
  }

  private dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  /** Picks `option` in the Mantine select labelled `label` inside `scope`. */
  async choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /**
   * From an open client chart: admits the client on `admittedOn`, choosing what is given and keeping
   * the dialog's defaults (the only programme and track) for what is not.
   */
  async admit(admittedOn: string, choose: { programme?: string; track?: string; group?: string } = {}): Promise<void> {
    await this.page.getByRole('button', { name: 'Admit to a programme' }).click();
    const d = this.dialog('Admit to a programme');
    if (choose.programme !== undefined) await this.choose(d, 'Programme', choose.programme);
    if (choose.track !== undefined) await this.choose(d, 'Track', choose.track);
    if (choose.group !== undefined) await this.choose(d, 'Group (optional)', choose.group);
    await d.getByLabel('Admission date').fill(admittedOn);
    await d.getByRole('button', { name: 'Admit' }).click();
    await d.waitFor({ state: 'detached' });
  }

  async createProgram(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New programme' }).click();
    const d = this.dialog('New programme');
    await d.getByLabel('Programme name').fill(name);
    await d.getByRole('button', { name: 'Save' }).click();
    await d.waitFor({ state: 'detached' });
  }

  async createTrack(program: string, name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New track' }).click();
    const d = this.dialog('New track');
    await this.choose(d, 'Programme', program);
    await d.getByLabel('Track name').fill(name);
    await d.getByRole('button', { name: 'Save' }).click();
    await d.waitFor({ state: 'detached' });
  }

  get newGroupForm(): Locator {
    return this.page.getByRole('form', { name: 'New group' });
  }

  /** Opens the New group form from Groups & Sessions. */
  async startNewGroup(): Promise<void> {
    await this.page.getByRole('link', { name: 'New group' }).click();
    await this.newGroupForm.waitFor();
  }

  /**
   * Makes `facilitator` the only facilitator in the New group form, by keyboard (the form starts
   * with the unlocked person): Backspace removes the last pill, the arrow keys open the options.
   */
  async setFacilitator(facilitator: string): Promise<void> {
    const form = this.newGroupForm;
    const pills = form.locator('.mantine-MultiSelect-pill');
    if ((await pills.count()) === 1 && (await pills.first().textContent())?.trim() === facilitator) return;
    await form.getByLabel('Facilitators').focus();
    for (let i = 0; i < 5 && (await pills.count()) > 0; i++) await this.page.keyboard.press('Backspace');
    await this.page.keyboard.press('ArrowDown');
    await this.page.getByRole('option', { name: facilitator }).click();
    await this.page.keyboard.press('Escape');
  }

  /**
   * A group with no schedule yet through the New group form (the programme and track exist), then
   * back on Groups & Sessions; `scheduleAndGenerate` sets the schedule on the group page.
   */
  /** `goal` and `plan`: what each member's note starts its goal (without a plan objective) and plan from. */
  async createGroup(trackLabel: string, name: string, facilitator: string, options: { capacity?: number; goal?: string; plan?: string } = {}): Promise<void> {
    const [program, track] = trackLabel.split(' · ') as [string, string];
    await this.startNewGroup();
    const form = this.newGroupForm;
    await this.choose(form, 'Programme', program);
    await this.choose(form, 'Track', track);
    await form.getByLabel('Group name').fill(name);
    await this.setFacilitator(facilitator);
    if (options.capacity !== undefined) await form.getByRole('textbox', { name: 'Capacity' }).fill(String(options.capacity));
    if (options.goal !== undefined) await form.getByRole('textbox', { name: 'Group goal' }).fill(options.goal);
    if (options.plan !== undefined) await form.getByRole('textbox', { name: "Plan for members' notes" }).fill(options.plan);
    await form.getByLabel('Set the schedule and create the first sessions now').uncheck();
    await form.getByRole('button', { name: 'Create the group' }).click();
    await this.page.getByRole('heading', { level: 2, name }).waitFor();
    await this.open();
  }

  async openGroup(name: string): Promise<void> {
    await this.page.getByRole('link', { name, exact: true }).first().click();
    await this.page.getByRole('heading', { level: 2, name }).waitFor();
  }

  /**
   * Saves the open group's weekly schedule from `startsOn`, meeting on `days` (labels as on screen,
   * "Mon" … "Sun"; the editor starts with Mon, Wed, Fri), then generates `weeks` weeks of sessions.
   * Practice holidays are not skipped unless asked: tests date their sessions from the real today,
   * which may be a holiday.
   */
  async scheduleAndGenerate(startsOn: string, weeks: number, days?: readonly string[], { skipHolidays = false } = {}): Promise<void> {
    const schedule = this.page.getByRole('form', { name: 'Schedule' });
    if (days) {
      for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
        await schedule.getByRole('checkbox', { name: day, exact: true }).setChecked(days.includes(day));
      }
    }
    await schedule.getByLabel('First session on or after').fill(startsOn);
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.waitFor({ state: 'detached' });
    const generate = this.page.getByRole('form', { name: 'Generate sessions' });
    await generate.getByLabel('From').fill(startsOn);
    await generate.getByLabel('Weeks').fill(String(weeks));
    await generate.getByLabel('Skip practice holidays').setChecked(skipHolidays);
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await this.status.getByText(/^Sessions: \d+ created/).waitFor();
  }

  /** Adds clients to the open group's roster from `joinsOn`, several at once. */
  async addMembers(names: readonly string[], joinsOn: string): Promise<void> {
    const add = this.page.getByRole('form', { name: 'Add members' });
    const input = add.getByLabel('Clients to add', { exact: true });
    for (const name of names) {
      await input.fill(name);
      await this.page.getByRole('option', { name, exact: true }).click();
    }
    await this.page.keyboard.press('Escape');
    await add.getByLabel('Joins on').fill(joinsOn);
    await add.getByRole('button', { name: 'Add to the roster' }).click();
    // US English lists take the serial comma: "A, B, and C join".
    const who = `${new Intl.ListFormat('en-US', { type: 'conjunction' }).format(names)} ${names.length === 1 ? 'joins' : 'join'}`;
    await this.status.getByText(`${who} from ${joinsOn}`, { exact: false }).waitFor();
  }

  async addMember(name: string, joinsOn: string): Promise<void> {
    await this.addMembers([name], joinsOn);
  }

  get status(): Locator {
    return this.page.getByRole('status').or(this.page.getByRole('alert'));
  }

  /** The link to a session in "Today" on Groups & Sessions (named "Open the session <title>, <start>–<end>"). */
  todaysSession(title: string, start: string): Locator {
    return this.page.getByRole('region', { name: /^Today · / }).getByRole('link', { name: `Open the session ${title}, ${start}–` });
  }

  sessionsTable(): Locator {
    return this.page.getByRole('table', { name: 'Group sessions' });
  }
}
