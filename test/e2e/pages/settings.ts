import type { Locator, Page } from 'playwright-core';
import { ADMIN, VaultPages } from './vault';

/** Page model of Settings. */
export class SettingsPage {
  constructor(private readonly page: Page) {}

  get autoLock(): Locator {
    return this.page.getByLabel('Auto-lock after inactivity (minutes)');
  }

  get save(): Locator {
    return this.page.getByRole('form', { name: 'Security settings' }).getByRole('button', { name: 'Save' });
  }

  async waitLoaded(): Promise<void> {
    await this.autoLock.waitFor();
  }

  /** Opens Settings from the main navigation. */
  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Settings/ }).click();
    await this.waitLoaded();
  }

  /** An administrator adds a staff profile (default role: clinician). */
  /**
   * Adds a clinician's profile and returns the one-time setup code the dialog shows. With a
   * passphrase, the colleague then takes over the laptop, chooses it with the code, and hands back
   * to the administrator (unlocked again as them), as happens at a practice.
   */
  async addStaffProfile(profile: { name: string; credentials: string; passphrase?: string; needsCosignature?: boolean }, adminPassphrase: string): Promise<string> {
    await this.page.getByRole('button', { name: 'Add staff profile' }).click();
    const form = this.page.getByRole('form', { name: 'Add a staff profile' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(profile.name);
    await form.getByLabel('Credentials').fill(profile.credentials);
    if (profile.needsCosignature) await form.getByLabel("Notes need a supervisor's co-signature (pre-licensed)").check();
    await form.getByRole('textbox', { name: 'Your passphrase, to confirm' }).fill(adminPassphrase);
    await form.getByRole('button', { name: 'Add profile' }).click();
    const code = (await this.page.getByTestId('setup-code').textContent())!.trim();
    await this.page.getByRole('button', { name: 'Done' }).click();
    await this.page.getByRole('table', { name: 'Staff profiles' }).getByText(profile.name).waitFor();
    if (profile.passphrase !== undefined) {
      const vault = new VaultPages(this.page);
      await vault.completeSetup(`${profile.name} — Clinician`, code, profile.passphrase);
      await vault.switchTo(`${ADMIN} — Administrator`, adminPassphrase);
    }
    return code;
  }

  async setAutoLock(minutes: string): Promise<void> {
    await this.autoLock.fill(minutes);
    await this.save.click();
  }
}
