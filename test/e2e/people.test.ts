import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { SettingsPage } from './pages/settings';
import { ADMIN, ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const COLLEAGUE = 'Newhire Synthetic';
const COLLEAGUE_PASSPHRASE = 'copper heron windmill saffron';

describe('staff own their passphrase; the recovery code is reissued and printed on paper only (Chromium)', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('an administrator adds a colleague with a one-time setup code; the colleague chooses their own passphrase with it, with zxcvbn’s feedback as they type', async () => {
    app = await AppSession.start();
    const page = app.page;
    const vault = new VaultPages(page);
    await app.open('/settings');
    await page.getByRole('button', { name: 'Add staff profile' }).click();
    const form = page.getByRole('form', { name: 'Add a staff profile' });
    // The administrator is never asked for the colleague's passphrase.
    expect(await form.getByLabel(/passphrase/i).count()).toBe(1);
    // Sent with two fields invalid (from the keyboard, in a valid field): each message under its own field, focus on the first.
    const name = form.getByRole('textbox', { name: 'Name', exact: true });
    const passphrase = form.getByLabel('Your passphrase, to confirm');
    await form.getByLabel('Credentials').fill('LPC');
    await form.getByLabel('Credentials').press('Enter');
    await expect.poll(() => name.evaluate((element) => element === document.activeElement)).toBe(true);
    for (const [field, message] of [
      [name, 'Enter the name'],
      [passphrase, 'Enter your own passphrase to confirm'],
    ] as const) {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const described = (await field.getAttribute('aria-describedby'))!.split(' ').map((id) => page.locator(`[id="${id}"]`));
      const texts = await Promise.all(described.map((element) => element.innerText()));
      const error = described[texts.indexOf(message)]!;
      const [fieldBox, errorBox] = [(await field.boundingBox())!, (await error.boundingBox())!];
      expect(errorBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height);
      expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(24);
      expect(Math.abs(errorBox.x - fieldBox.x)).toBeLessThan(24);
    }
    expect(await form.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: resolve('out/screenshots/form-errors-under-fields.png') });
    await page.keyboard.press('Escape');
    const code = await new SettingsPage(page).addStaffProfile({ name: COLLEAGUE, credentials: 'LPC' }, ADMIN_PASSPHRASE);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    await page.getByRole('table', { name: 'Staff profiles' }).getByText(/setup code until/).waitFor();
    // The code is shown once: the dialog is gone and nothing on the page holds it.
    expect(await page.locator('body').innerText()).not.toContain(code);

    await vault.lock();
    await vault.unlockForm.getByRole('combobox', { name: 'Staff profile' }).click();
    await page.getByRole('option', { name: `${COLLEAGUE} — Clinician`, exact: true }).click();
    const setup = page.getByRole('form', { name: 'Set up your passphrase' });
    const feedback = page.getByTestId('passphrase-feedback');
    await setup.getByLabel('Setup code').fill(code);
    // A passphrase 0.1.0 accepted: zxcvbn's feedback appears while typing, and it is refused.
    await setup.getByRole('textbox', { name: 'New passphrase', exact: true }).fill('DallasCowboys1');
    await feedback.getByText('This is similar to a commonly used password.').waitFor();
    await feedback.getByText(/at least 15 characters \(14 so far\)/).waitFor();
    await page.screenshot({ path: resolve('out/screenshots/setup-code-feedback.png') });
    await setup.getByLabel('Type it again').fill('DallasCowboys1');
    await setup.getByRole('button', { name: 'Set passphrase and unlock' }).click();
    await vault.unlockForm.or(setup).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await setup.getByRole('textbox', { name: 'New passphrase', exact: true }).fill(COLLEAGUE_PASSPHRASE);
    await setup.getByLabel('Type it again').fill(COLLEAGUE_PASSPHRASE);
    await feedback.getByText('Strong enough.').waitFor();
    await setup.getByRole('button', { name: 'Set passphrase and unlock' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // Their own passphrase opens their profile from now on; the code is spent.
    await vault.switchTo(`${COLLEAGUE} — Clinician`, COLLEAGUE_PASSPHRASE);
    await vault.switchTo(`${ADMIN} — Administrator`, ADMIN_PASSPHRASE);
    await app.open('/settings');
    const row = page.getByRole('table', { name: 'Staff profiles' }).getByRole('row', { name: new RegExp(COLLEAGUE) });
    await row.waitFor();
    expect(await row.getByText(/setup code (until|expired)/).count()).toBe(0);

    // Removing them makes a new practice key (a key epoch), confirmed with the administrator's passphrase.
    await row.getByRole('button', { name: `Remove ${COLLEAGUE}` }).click();
    const removal = page.getByRole('dialog', { name: `Remove ${COLLEAGUE}` });
    await removal.getByText(/a new key that their passphrase cannot open/).waitFor();
    await removal.getByLabel('Your passphrase, to confirm').fill(ADMIN_PASSPHRASE);
    await page.screenshot({ path: resolve('out/screenshots/staff-removal-epoch.png') });
    await removal.getByRole('button', { name: 'Remove', exact: true }).click();
    await removal.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Practice key' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/practice-key.png') });
    await vault.lock();
    await vault.unlockForm.getByRole('combobox', { name: 'Staff profile' }).click();
    expect(await page.getByRole('option', { name: `${COLLEAGUE} — Clinician`, exact: true }).count()).toBe(0);
  });

  it('an administrator reissues the recovery code, printed on paper only; the old code no longer unlocks', async () => {
    app = await AppSession.start();
    const page = app.page;
    const vault = new VaultPages(page);
    const oldCode = app.recoveryCode;
    await app.open('/settings');
    await page.getByRole('button', { name: 'Issue a new recovery code' }).click();
    const sheet = page.getByRole('form', { name: 'New recovery code' });
    const newCode = (await sheet.getByTestId('recovery-code').textContent())!.trim();
    expect(newCode).not.toBe(oldCode);
    await sheet.getByText('Do not save it as a PDF').waitFor();
    // Print only: the one way out of this screen is the print button; nothing offers a file.
    expect(await sheet.getByRole('button', { name: 'Print on paper' }).count()).toBe(1);
    expect(await sheet.getByRole('button', { name: /pdf|save|download|export/i }).count()).toBe(0);
    expect(await sheet.getByRole('link').count()).toBe(0);
    await sheet.getByRole('group', { name: 'Recovery code' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve('out/screenshots/recovery-reissue.png') });

    // A wrong passphrase replaces nothing.
    await sheet.getByLabel('Type the recovery code to confirm you have it').fill(newCode);
    await sheet.getByLabel('Your passphrase, to confirm').fill('not the administrator passphrase');
    await sheet.getByRole('button', { name: 'Replace the recovery code' }).click();
    await page.getByRole('alert').getByText('The passphrase is not correct').waitFor();
    await sheet.getByLabel('Your passphrase, to confirm').fill(ADMIN_PASSPHRASE);
    await sheet.getByRole('button', { name: 'Replace the recovery code' }).click();
    await page.getByRole('status').getByText(/a new key that the old code cannot open/).waitFor();

    await vault.lock();
    await vault.recover(oldCode, 'tidal juniper lantern cobalt');
    await vault.error.getByText('The recovery code is not correct').waitFor();
    const form = page.getByRole('form', { name: 'Recover access' });
    await form.getByLabel('Recovery code').fill(newCode);
    await form.getByRole('button', { name: 'Unlock and set passphrase' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });
});
