import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { BackupPages } from './pages/backup';
import { ClientsPages } from './pages/clients';
import { PRACTICE, VaultPages } from './pages/vault';

const NOTE_TEXT = 'Synthetic backup note Quorvendale practised grounding';
const NEW_PASSPHRASE = 'marble orchard zephyr kettle';
const SAVED = { timeout: 15_000 };

describe('encrypted backup and restore in Chromium', () => {
  const sessions: AppSession[] = [];
  let dir = '';
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('backs up the demo practice (a download), and a wiped device restores it with the recovery code: clients, a session and its note are all there', async () => {
    dir = await mkdtemp(join(tmpdir(), 'waypoint-backup-'));
    const first = await AppSession.startEmpty();
    sessions.push(first);
    const page = first.page;
    const recoveryCode = await new VaultPages(page).setUp(undefined, { demo: true });

    // A note typed into a session of last week; leaving the page flushes its autosave.
    await first.open('/groups');
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('table', { name: 'Week' }).getByRole('link', { name: /Open the session/ }).first().click();
    const note = page.getByRole('region', { name: /^Note for / }).first();
    const member = (await note.getAttribute('aria-label'))!;
    await note.getByRole('textbox', { name: 'Response' }).fill(NOTE_TEXT);
    const sessionRoute = new URL(page.url()).hash.slice(1);
    const clients = new ClientsPages(page);
    await clients.openList();
    const clientNames = (await clients.table.getByRole('link').allTextContents()).slice(0, 5);
    expect(clientNames.length).toBeGreaterThan(0);

    const file = await new BackupPages(page).backUpNow(dir);
    const bytes = await readFile(file);
    // Sealed: no client name and no note text in the file; the practice name (plaintext by design) is the control.
    expect(bytes.includes(Buffer.from(PRACTICE))).toBe(true);
    for (const secret of [NOTE_TEXT.split(' ')[3]!, ...clientNames.map((n) => n.split(',')[0]!)]) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);

    // The laptop is wiped: a fresh profile on the first-run screen.
    await first.close();
    const second = await AppSession.startEmpty();
    sessions.push(second);
    const fresh = second.page;
    const restore = new BackupPages(fresh);

    // A file cut short is refused when chosen, before any secret is asked for.
    const truncated = join(dir, 'truncated.wpbackup');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await restore.chooseFile(truncated);
    await restore.error.getByText('The backup file is incomplete').waitFor();

    await restore.chooseFile(file);
    await fresh.getByRole('region', { name: 'Backup file' }).getByText(PRACTICE).waitFor();
    // A wrong recovery code reveals nothing and writes nothing.
    await restore.restoreWithRecoveryCode('ABCDE-FGHJK-MNPQR-STVWX-YZ012', NEW_PASSPHRASE);
    await restore.error.getByText('The recovery code is not correct. Nothing was restored.').waitFor(SAVED);
    await restore.restoreWithRecoveryCode(recoveryCode, NEW_PASSPHRASE);
    await fresh.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });

    const restoredClients = new ClientsPages(fresh);
    await restoredClients.openList();
    for (const name of clientNames) await restoredClients.table.getByRole('link', { name, exact: true }).waitFor(SAVED);
    await second.open(sessionRoute);
    const restoredNote = fresh.getByRole('region', { name: member, exact: true });
    await restoredNote.waitFor(SAVED);
    expect(await restoredNote.getByRole('textbox', { name: 'Response' }).inputValue()).toBe(NOTE_TEXT);

    // The new passphrase set with the recovery code unlocks after a reload.
    await second.reloadAndUnlock(NEW_PASSPHRASE);
  }, 240_000);
});
