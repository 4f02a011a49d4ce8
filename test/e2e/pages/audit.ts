import type { Locator, Page } from 'playwright-core';

/** Page model of Settings → Audit trail. */
export class AuditPages {
  constructor(private readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Audit entries' });
  }

  get filters(): Locator {
    return this.page.getByRole('search', { name: 'Filter the audit trail' });
  }

  /** A device's chain verification result ("This device", or "Device <id>"). */
  chain(device = 'This device'): Locator {
    return this.page.getByRole('list', { name: 'Chains by device' }).getByRole('listitem', { name: device });
  }

  /** Opens it from Settings, as an administrator would. */
  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Settings/ }).click();
    await this.page.getByRole('link', { name: 'Open the audit trail' }).click();
    await this.table.waitFor();
  }

  async choose(label: 'Person' | 'Client' | 'Action', option: string): Promise<void> {
    await this.filters.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /** The Action column, newest first. */
  async actions(): Promise<string[]> {
    return this.table.locator('tbody tr td:nth-child(4)').allTextContents();
  }
}
