import type { Locator, Page } from 'playwright-core';

/** Page model of sync: Settings → Sync with the central office, the header badge, and joining a practice. */
export class SyncPages {
  constructor(private readonly page: Page) {}

  async openSettings(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Settings/ }).click();
    await this.section.waitFor();
  }

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Sync with the central office' });
  }

  /** The state line in the panel ("Up to date", "Syncing", "Offline" …). */
  get state(): Locator {
    return this.section.getByRole('status', { name: 'Sync state' });
  }

  /** The header badge, present on every screen. */
  get badge(): Locator {
    return this.page.getByRole('button', { name: /^Sync: / });
  }

  async register(serverUrl: string, deviceName: string): Promise<void> {
    const form = this.section.getByRole('form', { name: 'Connect to a sync server' });
    await form.getByRole('textbox', { name: 'Sync server address' }).fill(serverUrl);
    await form.getByRole('textbox', { name: 'Name of this device' }).fill(deviceName);
    await form.getByRole('button', { name: 'Register the practice' }).click();
  }

  /** Makes an enrolment code for `staffName` and returns it as shown. */
  async enrol(staffName: string, adminPassphrase: string): Promise<string> {
    const form = this.section.getByRole('form', { name: 'Enrol another device' });
    await form.getByRole('combobox', { name: 'New device for' }).click();
    await this.page.getByRole('option', { name: staffName, exact: true }).click();
    await form.getByLabel('Your passphrase, to confirm').fill(adminPassphrase);
    await form.getByRole('button', { name: 'Make an enrolment code' }).click();
    const issued = this.section.getByRole('status').filter({ hasText: `Enrolment code for ${staffName}` });
    return (await issued.locator('code').textContent())!.trim();
  }

  /** On a fresh device's first-run screen. */
  async join(input: { serverUrl: string; code: string; deviceName: string; passphrase: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'Join a practice that already syncs' }).click();
    const form = this.page.getByRole('form', { name: 'Join a practice' });
    await form.getByRole('textbox', { name: 'Sync server address' }).fill(input.serverUrl);
    await form.getByRole('textbox', { name: 'Enrolment code' }).fill(input.code);
    await form.getByRole('textbox', { name: 'Name of this device' }).fill(input.deviceName);
    await form.getByRole('textbox', { name: 'Your passphrase on this device', exact: true }).fill(input.passphrase);
    await form.getByLabel('Type it again').fill(input.passphrase);
    await form.getByRole('button', { name: 'Join the practice' }).click();
  }
}
