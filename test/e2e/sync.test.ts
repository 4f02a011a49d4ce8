/**
 * Two browser profiles of one practice syncing through a real server (PGlite, in this process,
 * over HTTP): the office registers and enrols a second laptop with a one-time code; the laptop
 * pulls everything, survives the server going down in the middle, and ends up with every record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { TestSyncServer } from './support/sync-server';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SessionPage } from './pages/session';
import { SyncPages } from './pages/sync';
import { ADMIN, ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const CLIENT = { firstName: 'Syncopa', lastName: 'Testington', dateOfBirth: '1981-06-15', name: 'Testington, Syncopa' };
const INDIVIDUAL = ['Session focus', 'Intervention', 'Response', 'Affect / mental status', 'Risk observations', 'Plan'];

describe('sync between two devices through a real server, in Chromium', () => {
  const apps: AppSession[] = [];
  let server: TestSyncServer | undefined;
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await server?.close();
  });

  it('enrols a second laptop that pulls every record, with progress, through a server restart mid-sync', async () => {
    server = await TestSyncServer.open();

    // The office: the demo practice plus a client with a signed note, then registered on the server.
    const office = await AppSession.startEmpty();
    apps.push(office);
    const origin = new URL(office.url).origin;
    const url = await server.listen([origin]);
    await new VaultPages(office.page).setUp(undefined, { demo: true });
    const clients = new ClientsPages(office.page);
    await clients.openList();
    await office.page.getByText('120 of 120').waitFor();
    await clients.create(CLIENT);
    await clients.openTab('Sessions and notes');
    await office.page.getByRole('button', { name: 'Schedule a session' }).click();
    const form = office.page.getByRole('dialog', { name: 'Schedule a session' });
    await new ProgramsPages(office.page).choose(form, 'Kind of session', 'Individual therapy');
    await form.getByLabel('Date').fill(isoToday(Date.now()));
    await form.getByLabel('Clinicians').focus();
    await office.page.keyboard.press('ArrowDown');
    await office.page.getByRole('option', { name: `${ADMIN}, LCSW` }).click();
    await office.page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form.waitFor({ state: 'detached' });
    await office.page.getByRole('link', { name: `Open the individual therapy session of ${isoToday(Date.now())}` }).click();
    const workspace = new SessionPage(office.page);
    for (const field of INDIVIDUAL) await workspace.quickPicks(CLIENT.name, field).getByRole('button').first().click();
    await workspace.field(CLIENT.name, 'Plan').fill('Synthetic plan Quillobrand, synced');
    await workspace.signButton(CLIENT.name).click();
    await workspace.signature(CLIENT.name).waitFor();

    const officeSync = new SyncPages(office.page);
    await officeSync.openSettings();
    await officeSync.register(url, 'Synthetic office desktop');
    await officeSync.badge.and(office.page.locator('[aria-label^="Sync: Up to date"]')).waitFor({ timeout: 120_000 });
    const code = await officeSync.enrol(ADMIN, ADMIN_PASSPHRASE);
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);

    // The laptop joins with the code and starts pulling; the badge's every state is recorded.
    const laptop = await AppSession.startEmpty();
    apps.push(laptop);
    const laptopSync = new SyncPages(laptop.page);
    await laptopSync.join({ serverUrl: url, code, deviceName: 'Synthetic rural laptop', passphrase: 'cobalt meadow thistle lantern' });
    await laptop.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });
    await laptop.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { syncStates: string[] }).syncStates = seen;
      const record = () => {
        const label = document.querySelector('[aria-label^="Sync: "]')?.getAttribute('aria-label');
        if (label && seen[seen.length - 1] !== label) seen.push(label);
      };
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
    });
    const states = () => laptop.page.evaluate(() => (window as unknown as { syncStates: string[] }).syncStates);

    // Mid-sync, the server goes down: the laptop says so and keeps what it has; then it comes back.
    await expect.poll(async () => (await states()).some((s) => /records received/.test(s)), { timeout: 60_000 }).toBe(true);
    await server.stop();
    await laptop.page.locator('[aria-label^="Sync: Offline"], [aria-label^="Sync: Sync error"]').waitFor({ timeout: 60_000 });
    await server.listen([origin]);
    await laptop.page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 180_000 });
    const seen = await states();
    expect(seen.some((s) => /Syncing\. \d+ of \d+ records received/.test(s))).toBe(true);
    expect(seen[seen.length - 1]).toMatch(/^Sync: Up to date/);

    // Nothing lost: every client, and the signed note with its text.
    const laptopClients = new ClientsPages(laptop.page);
    await laptopClients.openList();
    await laptop.page.getByText('121 of 121').waitFor({ timeout: 30_000 });
    await laptopClients.table.getByRole('link', { name: CLIENT.firstName }).click();
    await laptopClients.openTab('Sessions and notes');
    await laptop.page.getByRole('link', { name: `Open the individual therapy session of ${isoToday(Date.now())}` }).click();
    const onLaptop = new SessionPage(laptop.page);
    await onLaptop.signature(CLIENT.name).waitFor();
    await onLaptop.note(CLIENT.name).getByText('Synthetic plan Quillobrand, synced').waitFor();
    const panel = new SyncPages(laptop.page);
    await panel.openSettings();
    await panel.state.getByText('Up to date').waitFor();
    await panel.section.scrollIntoViewIfNeeded();
    await laptop.page.screenshot({ path: 'out/screenshots/sync-panel.png' });
  }, 300_000);
});
