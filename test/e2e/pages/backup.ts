import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Page model of Settings → Backup and of "Restore from a backup" on the first-run screen. */
export class BackupPages {
  constructor(private readonly page: Page) {}

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Backup' });
  }

  get restoreForm(): Locator {
    return this.page.getByRole('form', { name: 'Restore from a backup' });
  }

  get error(): Locator {
    return this.page.getByRole('alert');
  }

  /** "Back up now" in Settings (a download in a browser); returns where the file was saved. */
  async backUpNow(dir: string): Promise<string> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Settings/ }).click();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.section.getByRole('button', { name: 'Back up now' }).click()]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    await this.section.getByText('Backup saved:').waitFor();
    return path;
  }

  /** From the set-up screen: "Restore from a backup", then the file through the browser's file chooser. */
  async chooseFile(path: string): Promise<void> {
    const restore = this.page.getByRole('button', { name: 'Restore from a backup' });
    if (await restore.isVisible()) await restore.click();
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), this.page.getByRole('button', { name: /^Choose (the backup|another) file$/ }).click()]);
    await chooser.setFiles(path);
  }

  async restoreWithRecoveryCode(code: string, newPassphrase: string): Promise<void> {
    const form = this.restoreForm;
    await form.getByText('With the recovery code').click();
    await form.getByRole('textbox', { name: 'Recovery code' }).fill(code);
    await form.getByRole('textbox', { name: 'New passphrase', exact: true }).fill(newPassphrase);
    await form.getByRole('textbox', { name: 'Type it again' }).fill(newPassphrase);
    await form.getByRole('button', { name: 'Restore' }).click();
  }
}
