import { inject } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, newProfileDir, removeProfileDir } from '../../../scripts/lib/chromium';

/**
 * A Chromium with its own profile directory, pointed at the served renderer. `restart()` closes
 * the browser and opens the same profile again, as a clinician reopening the app would.
 */
export class AppSession {
  readonly consoleErrors: string[] = [];
  private context!: BrowserContext;
  page!: Page;

  private constructor(readonly profileDir: string) {}

  static async start(): Promise<AppSession> {
    const session = new AppSession(await newProfileDir());
    await session.launch();
    return session;
  }

  private async launch(): Promise<void> {
    this.context = await launchChromium(this.profileDir);
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    await this.open('/');
  }

  get url(): string {
    return inject('appUrl');
  }

  async open(route: string): Promise<void> {
    await this.page.goto(`${this.url}#${route}`);
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  async restart(): Promise<void> {
    await this.context.close();
    await this.launch();
  }

  async close(): Promise<void> {
    await this.context.close();
    await removeProfileDir(this.profileDir);
  }
}
