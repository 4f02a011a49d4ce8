import type { Locator, Page } from 'playwright-core';

/** Page model of the app frame: header, status area and main navigation. */
export class FramePage {
  constructor(private readonly page: Page) {}

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name: new RegExp(`^${name}`) });
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 2, name });
  }

  get status(): Locator {
    return this.page.getByLabel('Status');
  }

  async route(): Promise<string> {
    return this.page.evaluate(() => window.location.hash);
  }
}
