/**
 * Every release opens what earlier releases stored: each release's IndexedDB dump
 * (test/fixtures/releases/<version>/indexeddb.json, written by that release's own code) goes into
 * a fresh Chromium profile as the app's database; the app unlocks with that practice's passphrase,
 * lists every client with the name that release stored, reports nothing as damaged, and saves a
 * new edit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureReleases, loadIndexedDb, readFixture } from '../renderer/support/release-fixtures';
import { AppSession } from './support/app';
import { ClientsPages } from './pages/clients';
import { VaultPages } from './pages/vault';

describe.each(fixtureReleases())('the app opens the IndexedDB of release %s', (release) => {
  let app: AppSession | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('unlocks it, shows every client as stored, flags nothing, and saves a new client', async () => {
    const { expected, indexedDb } = readFixture(release);
    app = await AppSession.startWith(async (page) => {
      const written = await page.evaluate(`(${loadIndexedDb.toString()})(indexedDB, ${JSON.stringify(indexedDb)})`);
      expect(written).toBeGreaterThan(Object.keys(expected.records).length);
    });
    const page = app.page;
    await page.getByText(expected.practiceName).first().waitFor();
    await new VaultPages(page).unlock(expected.profiles[0]!.passphrase);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    const clients = new ClientsPages(page);
    await clients.openList();
    const stored = Object.values(expected.records).filter((r) => r.plain['kind'] === 'client').map((r) => r.data as { firstName: string; lastName: string });
    expect(stored.length).toBeGreaterThan(2);
    for (const client of stored) await clients.table.getByText(`${client.lastName}, ${client.firstName}`, { exact: false }).first().waitFor();
    await expect(page.getByText(/tampered|failed its integrity check|newer version of Waypoint/i).count()).resolves.toBe(0);

    await clients.create({ firstName: 'Fixtureedit', lastName: 'Newrelease', dateOfBirth: '1991-03-04', name: 'Newrelease, Fixtureedit' });
    await clients.openList();
    await clients.table.getByText('Newrelease, Fixtureedit').waitFor();
    expect(app.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});
