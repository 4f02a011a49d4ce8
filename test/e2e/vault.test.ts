import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { dumpIndexedDb, scanFiles, writeControl } from './support/disk-scan';
import { ClientsPages } from './pages/clients';
import { ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

// Obviously synthetic, and distinctive enough that a match cannot be a coincidence.
const CLIENT = { firstName: 'Zyxwvut', lastName: 'Quibbleworth', preferredName: 'Zee', dateOfBirth: '1984-02-29' };
const DRAFT = { firstName: 'Draftina', lastName: 'Unsavedsson' };
const SECRETS = [CLIENT.firstName, CLIENT.lastName, DRAFT.firstName, DRAFT.lastName, CLIENT.dateOfBirth];

describe('the vault in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('keeps records encrypted on disk, reveals nothing on a wrong passphrase, recovers with the code, and keeps a draft across an inactivity lock', async () => {
    app = await AppSession.startEmpty();
    const page = app.page;
    // The browser's clock, so that 15 minutes of inactivity pass in an instant.
    await page.clock.install();
    await page.reload();
    const vault = new VaultPages(page);
    const code = await vault.setUp();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4,}$/);

    const clients = new ClientsPages(page);
    await clients.openList();
    await clients.startNew();
    await clients.type(CLIENT);
    await clients.saveAndOpenChart('Quibbleworth, Zyxwvut (Zee)');
    await clients.openList();
    await clients.table.getByText('Quibbleworth, Zyxwvut (Zee)').waitFor();

    // An unsaved draft, then 16 minutes without activity.
    await clients.startNew();
    await clients.type(DRAFT);
    await page.clock.runFor(1000);
    await page.clock.fastForward('16:00');
    await vault.unlockForm.waitFor();
    await page.getByText('Waypoint locked itself after a period without activity').waitFor();
    const lockedText = await page.locator('body').innerText();
    for (const secret of SECRETS) expect(lockedText).not.toContain(secret);

    // A wrong passphrase: a clear message and still nothing decrypted on screen.
    await vault.unlock('definitely not the passphrase');
    await vault.error.getByText('The passphrase is not correct').waitFor();
    const afterWrong = await page.locator('body').innerText();
    for (const secret of SECRETS) expect(afterWrong).not.toContain(secret);

    // The right one: back on the form, with the draft as it was typed.
    await vault.unlock(ADMIN_PASSPHRASE);
    await clients.form.waitFor();
    expect(await clients.field('First name').inputValue()).toBe(DRAFT.firstName);
    expect(await clients.field('Last name').inputValue()).toBe(DRAFT.lastName);

    // Emergency access with the recovery code, typed loosely (lower case, spaces).
    await vault.lock();
    await vault.recover(code.toLowerCase().replaceAll('-', ' '), 'harbor violet quarry ember');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await app.open('/clients');
    await clients.table.getByText('Quibbleworth, Zyxwvut (Zee)').waitFor();

    // Plaintext on disk: the control proves each scan can find a string that is there.
    const control = `CONTROL${randomBytes(12).toString('hex')}`;
    await writeControl(page, control);
    const dump = await dumpIndexedDb(page);
    expect(dump).toContain(control);
    for (const secret of SECRETS) expect(dump, `IndexedDB dump contains ${secret}`).not.toContain(secret);

    await app.closeBrowser();
    const found = await scanFiles(app.profileDir, [control, ...SECRETS]);
    expect(found.get(control)!.length, 'the raw scan finds the control string').toBeGreaterThan(0);
    for (const secret of SECRETS) expect(found.get(secret), `files containing ${secret}`).toEqual([]);
  });
});
