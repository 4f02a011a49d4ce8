import type { Locator, Page } from 'playwright-core';

/** Page model of the client list and the new-client form. */
export class ClientsPages {
  constructor(private readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New client' });
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Clients' });
  }

  async startNew(): Promise<void> {
    await this.page.getByRole('link', { name: 'New client' }).click();
    await this.form.waitFor();
  }

  async type(fields: { firstName?: string; lastName?: string; preferredName?: string; dateOfBirth?: string }): Promise<void> {
    if (fields.firstName !== undefined) await this.form.getByLabel('First name').fill(fields.firstName);
    if (fields.lastName !== undefined) await this.form.getByLabel('Last name').fill(fields.lastName);
    if (fields.preferredName !== undefined) await this.form.getByLabel('Preferred name').fill(fields.preferredName);
    if (fields.dateOfBirth !== undefined) await this.form.getByLabel('Date of birth').fill(fields.dateOfBirth);
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: 'Save client' }).click();
  }

  field(label: string): Locator {
    return this.form.getByLabel(label);
  }
}
