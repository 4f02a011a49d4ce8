import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from 'playwright-core';

/** Page model of the dashboard, the Reports page and its billing export, and a chart's hours section. */
export class ReportsPages {
  constructor(private readonly page: Page) {}

  // ---- Dashboard ----

  async openDashboard(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Dashboard/ }).click();
    await this.page.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();
    await this.page.locator('[data-ready]').waitFor();
  }

  get todaysSessions(): Locator {
    return this.page.getByRole('table', { name: "Today's sessions" });
  }

  get notesDue(): Locator {
    return this.page.getByRole('table', { name: 'Notes due' });
  }

  get hoursAtRisk(): Locator {
    return this.page.getByRole('table', { name: 'Hours at risk this week' });
  }

  // ---- Reports ----

  async openReports(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Reports/ }).click();
    await this.page.getByRole('heading', { level: 2, name: 'Reports' }).waitFor();
  }

  async setRange(from: string, to: string): Promise<void> {
    const dates = this.page.getByRole('form', { name: 'Dates' });
    await dates.getByLabel('From').fill(from);
    await dates.getByLabel('To').fill(to);
  }

  async tab(name: 'Attendance' | 'Hours this week' | 'Services per day' | 'Billing export' | 'Authorizations'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** A row of a report table, by the client or group named in its first cell, as the cells' texts. */
  async rowOf(table: string, name: string): Promise<string[]> {
    const row = this.page.getByRole('table', { name: table }).getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
    return row.locator('th, td').allTextContents();
  }

  /**
   * Exports the CSV (a download in a browser) and returns every file saved: the CSV first, then
   * the Part 2 notice when the export holds a Part 2 record.
   */
  async exportCsv(options: { rows?: string; identifier?: 'Client id' | 'Client name'; includeAbsences?: boolean; files: 1 | 2 }): Promise<{ name: string; text: string }[]> {
    const panel = this.page.getByRole('region', { name: 'Attendance and services for the billing office' });
    if (options.rows) {
      await panel.getByRole('combobox', { name: 'Rows' }).click();
      await this.page.getByRole('option', { name: options.rows, exact: true }).click();
    }
    if (options.identifier) {
      await panel.getByRole('combobox', { name: 'Identify clients by' }).click();
      await this.page.getByRole('option', { name: options.identifier, exact: true }).click();
    }
    if (options.includeAbsences) await panel.getByLabel('Include absences (no code)').check();
    const downloads: Download[] = [];
    const done = new Promise<void>((resolve) => {
      const take = (download: Download) => {
        downloads.push(download);
        if (downloads.length === options.files) {
          this.page.off('download', take);
          resolve();
        }
      };
      this.page.on('download', take);
    });
    await panel.getByRole('button', { name: 'Export CSV' }).click();
    await done;
    return Promise.all(downloads.map(async (d) => ({ name: d.suggestedFilename(), text: await readFile((await d.path())!, 'utf8') })));
  }

  /** Who receives the export: the programme's own staff, or someone outside it (a disclosure the gate checks). */
  async exportRecipient(recipient: 'within' | { name: string; organisation: string }): Promise<void> {
    const panel = this.page.getByRole('region', { name: 'Attendance and services for the billing office' });
    if (recipient === 'within') return panel.getByRole('radio', { name: /This programme’s own staff/ }).check();
    await panel.getByRole('radio', { name: /Someone outside the programme/ }).check();
    await panel.getByRole('textbox', { name: 'Recipient’s name' }).fill(recipient.name);
    await panel.getByRole('textbox', { name: 'Organisation' }).fill(recipient.organisation);
  }

  get exportStatus(): Locator {
    return this.page.getByRole('region', { name: 'Attendance and services for the billing office' }).getByRole('status');
  }

  // ---- The chart's hours ----

  get hoursSection(): Locator {
    return this.page.getByRole('region', { name: 'Hours this week' });
  }
}

/** RFC 4180 CSV to rows of cells (quoted fields, doubled quotes, CRLF line ends). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}
