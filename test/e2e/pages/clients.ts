import type { Locator, Page } from 'playwright-core';

/** Page model of the client list, the intake form and the client chart. */
export class ClientsPages {
  constructor(private readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New client' });
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Clients' });
  }

  async openList(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Clients/ }).click();
    await this.table.or(this.page.getByText('No clients yet')).first().waitFor();
  }

  async startNew(): Promise<void> {
    await this.page.getByRole('link', { name: 'New client' }).click();
    await this.form.waitFor();
  }

  /** The chart's heading: the client's display name. */
  chartHeading(name: string): Locator {
    return this.page.getByRole('heading', { level: 2, name });
  }

  /** Opens a tab of the chart ("Overview", "Measures", "Episodes", …) and waits for its panel. */
  async openTab(name: string): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
    await this.page.getByRole('tabpanel', { name, exact: true }).waitFor();
  }

  async type(fields: { firstName?: string; lastName?: string; preferredName?: string; dateOfBirth?: string }): Promise<void> {
    if (fields.firstName !== undefined) await this.form.getByLabel('First name').fill(fields.firstName);
    if (fields.lastName !== undefined) await this.form.getByLabel('Last name').fill(fields.lastName);
    if (fields.preferredName !== undefined) await this.form.getByLabel('Preferred name').fill(fields.preferredName);
    if (fields.dateOfBirth !== undefined) await this.form.getByLabel('Date of birth').fill(fields.dateOfBirth);
  }

  /** Saves the intake form; a valid client opens on their chart. */
  async save(): Promise<void> {
    await this.form.getByRole('button', { name: 'Save client' }).click();
  }

  async saveAndOpenChart(name: string): Promise<void> {
    await this.save();
    await this.chartHeading(name).waitFor();
  }

  /** Intake through the New client form, admitting now; ends on the new chart. */
  async create(client: { firstName: string; lastName: string; dateOfBirth: string; name: string }): Promise<void> {
    await this.openList();
    await this.startNew();
    await this.type(client);
    await this.saveAndOpenChart(client.name);
  }

  field(label: string): Locator {
    return this.form.getByLabel(label);
  }
}
