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

  async createGroup(trackLabel: string, name: string, facilitator: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New group' }).click();
    const d = this.dialog('New group');
    await this.choose(d, 'Track', trackLabel);
    await d.getByLabel('Group name').fill(name);
    // Keyboard, as a clinician would: the pills wrapper takes pointer clicks.
    await d.getByLabel('Facilitators').focus();
    await this.page.keyboard.press('ArrowDown');
    await this.page.getByRole('option', { name: facilitator }).click();
    await this.page.keyboard.press('Escape');
    await d.getByRole('button', { name: 'Save' }).click();
    await d.waitFor({ state: 'detached' });
  }

  async openGroup(name: string): Promise<void> {
    await this.page.getByRole('link', { name, exact: true }).first().click();
    await this.page.getByRole('heading', { level: 2, name }).waitFor();
  }

  /**
   * Saves the open group's weekly schedule from `startsOn`, meeting on `days` (labels as on screen,
   * "Mon" … "Sun"; the editor starts with Mon, Wed, Fri), then generates `weeks` weeks of sessions.
   */
  async scheduleAndGenerate(startsOn: string, weeks: number, days?: readonly string[]): Promise<void> {
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
    await generate.getByRole('button', { name: 'Generate sessions' }).click();
    await this.status.getByText(/^Sessions: \d+ created/).waitFor();
  }

  /** Adds a client to the open group's roster from `joinsOn`. */
  async addMember(name: string, joinsOn: string): Promise<void> {
    const add = this.page.getByRole('form', { name: 'Add a member' });
    await this.choose(add, 'Client', name);
    await add.getByLabel('Joins on').fill(joinsOn);
    await add.getByRole('button', { name: 'Add member' }).click();
    await this.status.getByText(`${name} joins from ${joinsOn}`, { exact: false }).waitFor();
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
