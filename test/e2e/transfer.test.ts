/**
 * Two browser profiles of one practice with no server between them: the clinic laptop is set up
 * from a backup of the office (the practice key travels only inside that encrypted file, opened
 * with the recovery code), then the two exchange transfer files both ways, with a conflicting edit
 * in between, and converge with the conflict flagged on both.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { BackupPages } from './pages/backup';
import { ClientsPages } from './pages/clients';
import { NEW_DEVICE, TransferPages } from './pages/transfer';

const CLIENT = { firstName: 'Transfa', lastName: 'Quillington', dateOfBirth: '1984-03-09', name: 'Quillington, Transfa' };
const OFFICE = 'Synthetic central office';
const LAPTOP = 'Synthetic clinic laptop';
const LAPTOP_PASSPHRASE = 'cobalt meadow thistle lantern';

/** From the client list: the chart, then "Edit details", then the pronouns saved. */
async function editPronouns(page: Page, pronouns: string): Promise<void> {
  const clients = new ClientsPages(page);
  await clients.openList();
  await clients.table.getByRole('link', { name: CLIENT.name, exact: true }).click();
  await page.getByRole('link', { name: 'Edit details' }).click();
  const edit = page.getByRole('form', { name: 'Edit client' });
  await edit.getByLabel('Pronouns').fill(pronouns);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(`· ${pronouns}`).waitFor();
}

/** The pronouns the chart shows ("Born … · they/them"). */
async function chartPronouns(page: Page): Promise<string> {
  const clients = new ClientsPages(page);
  await clients.openList();
  await clients.table.getByRole('link', { name: CLIENT.name, exact: true }).click();
  const line = await page.getByText(/^Born \d{4}-\d{2}-\d{2}/).textContent();
  return line!.split(' · ')[1] ?? '';
}

describe('transfer by file between two profiles, in Chromium', () => {
  const sessions: AppSession[] = [];
  let dir = '';
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exchanges changes by file both ways with a conflict in between: both converge and the conflict is flagged on both', async () => {
    dir = await mkdtemp(join(tmpdir(), 'waypoint-transfer-'));
    const office = await AppSession.start();
    sessions.push(office);
    await new ClientsPages(office.page).create(CLIENT);
    const clientId = /#\/clients\/([^/?]+)/.exec(office.page.url())![1]!;

    // The laptop joins the practice from a backup of the office: same practice key, no server.
    const backup = await new BackupPages(office.page).backUpNow(dir);
    const laptop = await AppSession.startEmpty();
    sessions.push(laptop);
    const restore = new BackupPages(laptop.page);
    await restore.chooseFile(backup);
    await restore.restoreWithRecoveryCode(office.recoveryCode, LAPTOP_PASSPHRASE);
    await laptop.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });

    const atOffice = new TransferPages(office.page, 'office');
    const atLaptop = new TransferPages(laptop.page, 'laptop');
    await atOffice.open();
    await atOffice.nameDevice(OFFICE);
    await atLaptop.open();
    await atLaptop.nameDevice(LAPTOP);

    // First exchange: the office's file for a new device carries everything; the laptop already has it.
    const first = await atOffice.exportFor(NEW_DEVICE, dir);
    const bytes = await readFile(first);
    for (const secret of [CLIENT.lastName, OFFICE]) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    // A file cut short is refused, and says so.
    const truncated = join(dir, 'truncated.wptransfer');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await atLaptop.importFile(truncated);
    await atLaptop.error.getByText('The transfer file is incomplete').waitFor();
    await atLaptop.importFrom(first, OFFICE);
    await expect.poll(() => atLaptop.reportedConflicts.count()).toBe(0);
    await atOffice.importFrom(await atLaptop.exportFor(OFFICE, dir), LAPTOP);

    // The same detail changed on both devices while apart.
    await editPronouns(office.page, 'she/her');
    await editPronouns(laptop.page, 'they/them');

    await atOffice.open();
    const fromOffice = await atOffice.exportFor(LAPTOP, dir);
    await atLaptop.open();
    await atLaptop.importFrom(fromOffice, OFFICE);
    // Named as the conflicts list names it, never by its id.
    await atLaptop.reportedConflicts.filter({ hasText: `The client record of ${CLIENT.name}: the same details were changed on both devices` }).waitFor();
    expect(await atLaptop.reportedConflicts.filter({ hasText: clientId }).count()).toBe(0);
    await atLaptop.report.screenshot({ path: 'out/screenshots/transfer-import-report.png' });
    await atLaptop.openConflict(`The client record of ${CLIENT.name}`).waitFor();

    const fromLaptop = await atLaptop.exportFor(OFFICE, dir);
    await atOffice.open();
    await atOffice.importFrom(fromLaptop, LAPTOP);
    await atOffice.openConflict(`The client record of ${CLIENT.name}`).waitFor({ timeout: 15_000 });
    await office.page.getByRole('region', { name: 'Transfer by file' }).scrollIntoViewIfNeeded();
    await office.page.screenshot({ path: 'out/screenshots/transfer-settings.png', fullPage: true });

    // Converged: one value on both, the later edit (the laptop's); the other is kept in the conflict.
    const onOffice = await chartPronouns(office.page);
    expect(onOffice).toBe('they/them');
    expect(await chartPronouns(laptop.page)).toBe(onOffice);
    expect(office.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 240_000);
});
