import type { Locator, Page } from 'playwright-core';

export const PRACTICE = 'Synthetic Test Practice';
export const ADMIN = 'Admin Synthetic';
export const ADMIN_PASSPHRASE = 'lantern orbit pebble meadow';

/** Page model of the set-up wizard, the unlock screen and the recovery form. */
export class VaultPages {
  constructor(private readonly page: Page) {}

  /** Sets up a new practice; returns the recovery code shown once. */
  async setUp(passphrase = ADMIN_PASSPHRASE, options: { demo?: boolean } = {}): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Practice set-up' });
    if (options.demo) await form.getByLabel('Try Waypoint with a synthetic demo practice').check();
    await form.getByLabel('Practice name').fill(PRACTICE);
    await form.getByLabel('Your name').fill(ADMIN);
    await form.getByLabel('Your credentials').fill('LCSW');
    await form.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(passphrase);
    await form.getByLabel('Type it again').fill(passphrase);
    await form.getByRole('button', { name: 'Continue' }).click();
    const code = (await this.page.getByTestId('recovery-code').textContent())!.trim();
    await this.page.getByLabel('Type the recovery code to confirm you have it').fill(code);
    await this.page.getByRole('button', { name: 'Create practice' }).click();
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 30_000 });
    return code;
  }

  get unlockForm(): Locator {
    return this.page.getByRole('form', { name: 'Unlock' });
  }

  get error(): Locator {
    return this.page.getByRole('alert');
  }

  async unlock(passphrase: string): Promise<void> {
    await this.unlockForm.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(passphrase);
    await this.unlockForm.getByRole('button', { name: 'Unlock' }).click();
  }

  async recover(code: string, newPassphrase: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Forgot your passphrase? Use the recovery code' }).click();
    const form = this.page.getByRole('form', { name: 'Recover access' });
    await form.getByLabel('Recovery code').fill(code);
    await form.getByRole('textbox', { name: 'New passphrase', exact: true }).fill(newPassphrase);
    await form.getByLabel('Type it again').fill(newPassphrase);
    await form.getByRole('button', { name: 'Unlock and set passphrase' }).click();
  }

  /** Locks, then a colleague whose profile waits for its setup code chooses their passphrase with it (and is unlocked). */
  async completeSetup(profile: string, code: string, passphrase: string): Promise<void> {
    await this.lock();
    await this.unlockForm.getByRole('combobox', { name: 'Staff profile' }).click();
    await this.page.getByRole('option', { name: profile, exact: true }).click();
    const form = this.page.getByRole('form', { name: 'Set up your passphrase' });
    await form.getByLabel('Setup code').fill(code);
    await form.getByRole('textbox', { name: 'New passphrase', exact: true }).fill(passphrase);
    await form.getByLabel('Type it again').fill(passphrase);
    await form.getByRole('button', { name: 'Set passphrase and unlock' }).click();
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** Locks, then unlocks as another staff profile ("Name — Role", as the unlock screen lists it). */
  async switchTo(profile: string, passphrase: string): Promise<void> {
    await this.lock();
    await this.unlockForm.getByRole('combobox', { name: 'Staff profile' }).click();
    await this.page.getByRole('option', { name: profile, exact: true }).click();
    await this.unlock(passphrase);
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock' }).click();
    await this.unlockForm.waitFor();
  }
}
