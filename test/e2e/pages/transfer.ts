import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** The export target for a device this one has not exchanged files with yet. */
export const NEW_DEVICE = 'A device not exchanged with yet (every record)';

/** Page model of Settings → Transfer by file, and of the conflicts it flags. */
export class TransferPages {
  private saved = 0;

  constructor(
    private readonly page: Page,
    /** Prefixes the files this device saves, so two devices' downloads never share a name. */
    private readonly device: string,
  ) {}

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Transfer by file' });
  }

  get report(): Locator {
    return this.section.getByRole('region', { name: 'Import report' });
  }

  get error(): Locator {
    return this.section.getByRole('alert');
  }

  /** The conflicts this import found, each named in words. */
  get reportedConflicts(): Locator {
    return this.report.getByRole('list', { name: 'Conflicts found in this import' }).getByRole('listitem');
  }

  /** A conflict waiting for a person in Settings → conflicts to resolve, by its record as the audit trail names it ("The client record of …"). */
  openConflict(record: string): Locator {
    return this.page.getByRole('region', { name: /conflicts to resolve/i }).getByRole('article', { name: `Conflict in ${record}` });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Settings/ }).click();
    await this.section.waitFor();
  }

  async nameDevice(name: string): Promise<void> {
    const form = this.section.getByRole('form', { name: 'Name this device' });
    await form.getByRole('textbox', { name: 'Name of this device' }).fill(name);
    await form.getByRole('button', { name: 'Save name' }).click();
    await this.section.getByText(`The other device lists this one as “${name}”.`).waitFor();
  }

  /** "Export changes for" `peer` (a download in a browser); returns where the file was saved. */
  async exportFor(peer: string, dir: string): Promise<string> {
    await this.section.getByRole('combobox', { name: 'Export changes for' }).click();
    await this.page.getByRole('option', { name: peer, exact: true }).click();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.section.getByRole('button', { name: 'Export changes' }).click()]);
    const path = join(dir, `${this.device}-${++this.saved}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    await this.section.getByText('Transfer file saved:').waitFor();
    return path;
  }

  /** "Import a transfer file" through the browser's file chooser. */
  async importFile(path: string): Promise<void> {
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), this.section.getByRole('button', { name: 'Import a transfer file' }).click()]);
    await chooser.setFiles(path);
  }

  /** Imports a file and waits for its report. */
  async importFrom(path: string, sender: string): Promise<void> {
    await this.importFile(path);
    await this.report.getByText(`Imported from ${sender}`).waitFor({ timeout: 30_000 });
  }
}
