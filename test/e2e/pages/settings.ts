import type { Locator, Page } from 'playwright-core';

/** Page model of Settings. */
export class SettingsPage {
  constructor(private readonly page: Page) {}

  get autoLock(): Locator {
    return this.page.getByLabel('Auto-lock after inactivity (minutes)');
  }

  get save(): Locator {
    return this.page.getByRole('button', { name: 'Save settings' });
  }

  async waitLoaded(): Promise<void> {
    await this.autoLock.waitFor();
  }

  async setAutoLock(minutes: string): Promise<void> {
    await this.autoLock.fill(minutes);
    await this.save.click();
  }
}
