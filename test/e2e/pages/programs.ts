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

  get status(): Locator {
    return this.page.getByRole('status').or(this.page.getByRole('alert'));
  }

  sessionsTable(): Locator {
    return this.page.getByRole('table', { name: 'Group sessions' });
  }
}
