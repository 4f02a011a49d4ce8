import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isoToday } from '../../src/shared/calendar';
import { templateFor } from '../../src/shared/notes';
import { AppSession } from './support/app';
import { AuditPages } from './pages/audit';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SessionPage } from './pages/session';
import { ADMIN, ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const CLIENT = { firstName: 'Orvella', lastName: 'Synthetique', dateOfBirth: '1988-04-12', name: 'Synthetique, Orvella' };

describe('audit trail in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('records unlocking, a failed unlock, opening a chart, creating a client and signing a note; the viewer shows them and an intact chain', async () => {
    app = await AppSession.start();
    const page = app.page;
    const vault = new VaultPages(page);
    await vault.lock();
    await vault.unlock('wrong synthetic passphrase words');
    await vault.error.waitFor();
    await vault.unlock(ADMIN_PASSPHRASE);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    const clients = new ClientsPages(page);
    await clients.create(CLIENT);

    // An individual session today, its note signed with one quick pick per field.
    const today = isoToday(Date.now());
    await clients.openTab('Sessions and notes');
    await page.getByRole('button', { name: 'Schedule a session' }).click();
    const form = page.getByRole('dialog', { name: 'Schedule a session' });
    await new ProgramsPages(page).choose(form, 'Kind of session', 'Individual therapy');
    await form.getByLabel('Date').fill(today);
    // Early in the day, so the session is open (not read-only) whenever the test runs.
    await form.getByLabel('Start').fill('00:00');
    await form.getByLabel('End').fill('00:50');
    await form.getByLabel('Clinicians').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: `${ADMIN}, LCSW` }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `Open the individual therapy session of ${today}` }).click();
    const workspace = new SessionPage(page);
    for (const field of templateFor('individual').fields.filter((f) => f.required)) {
      await workspace.quickPicks(CLIENT.name, field.label).getByRole('button').first().click();
    }
    await workspace.signButton(CLIENT.name).click();
    await workspace.signature(CLIENT.name).waitFor();

    const audit = new AuditPages(page);
    await audit.open();
    await audit.chain().getByText('Chain intact').waitFor();
    const actions = await audit.actions();
    for (const action of ['Device enrolment', 'Locked', 'Failed unlock', 'Unlocked', 'Chart opened', 'Record created', 'Signed']) expect(actions).toContain(action);
    // The administrator's private-note key is made by an unlock hook that runs in the background: at set-up, or after the
    // next unlock when the lock comes first. It is made once, and the rest is in order.
    const keyRows = audit.table.locator('tbody tr').filter({ hasText: 'created a private-note key' });
    expect(await keyRows.count()).toBe(1);
    const keyAt = (await audit.table.locator('tbody tr').allTextContents()).findIndex((row) => row.includes('created a private-note key'));
    const others = actions.filter((_, i) => i !== keyAt);
    // Oldest at the bottom: set-up (the practice; the administrator's staff record and the practice's time zone), then the lock, the wrong passphrase and the unlock.
    expect(others.slice(-6)).toEqual(['Unlocked', 'Failed unlock', 'Locked', 'Record created', 'Record created', 'Device enrolment']);
    expect(await audit.table.getByRole('row').filter({ hasText: 'Failed unlock' }).textContent()).toContain('wrong passphrase');

    await mkdir(resolve('out/screenshots'), { recursive: true });
    await page.screenshot({ path: resolve('out/screenshots/audit.png') });

    await audit.choose('Client', CLIENT.name);
    await audit.table.getByRole('row').filter({ hasText: 'Signed' }).waitFor();
    const forClient = await audit.actions();
    expect(forClient).toEqual(expect.arrayContaining(['Chart opened', 'Record created', 'Signed']));
    expect(forClient).not.toContain('Unlocked');
    expect(await audit.table.getByRole('row').filter({ hasText: 'Signed' }).textContent()).toContain('→ signed');
    // In words, with the names resolved on this unlocked device (entries hold ids only).
    await audit.table.getByText(`${ADMIN} signed a progress note for ${CLIENT.name}`).waitFor();
    await audit.table.getByText(`${ADMIN} opened the chart of ${CLIENT.name}`).first().waitFor();

    // The CSV: ids for clients, never their names; exporting it is itself recorded.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('Time (UTC),Device,Entry,Staff id,Staff,Action,Collection,Record id,Client id,Detail');
    expect(csv).toContain(',signed,notes,');
    expect(csv).not.toContain('Synthetique');
    await audit.open();
    await audit.choose('Action', 'Exported');
    await audit.table.getByRole('row').filter({ hasText: 'text/csv from /settings/audit' }).waitFor();
    await page.getByRole('button', { name: 'Verify again' }).click();
    await audit.chain().getByText('Chain intact').waitFor();
    expect(app.consoleErrors).toEqual([]);
  });
});
