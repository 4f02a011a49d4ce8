/**
 * Every release opens what earlier releases stored: each release's IndexedDB dump
 * (test/fixtures/releases/<version>/indexeddb.json, written by that release's own code) goes into
 * a fresh Chromium profile as the app's database; the app unlocks with that practice's passphrase,
 * lists every client with the name that release stored, reports nothing as damaged, and saves a
 * new edit.
 */
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackup } from '../../src/shared/backup';
import { sealRecord, unwrapPracticeKey } from '../../src/shared/crypto';
import { recordState, type RecordToSeal } from '../../src/shared/records';
import { fixtureReleases, loadIndexedDb, readFixture, type IndexedDbDump } from '../renderer/support/release-fixtures';
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

  it('keeps a client record a newer release wrote: left out of the list and counted, with how to open it', async () => {
    const { expected, indexedDb, backup } = readFixture(release);
    const header = JSON.parse(new TextDecoder().decode(backup.subarray(0, backup.indexOf(10)))) as { collections: Record<string, { schemaVersion: number }> };
    const opened = await openBackup(backup, { schemaVersions: Object.fromEntries(Object.entries(header.collections).map(([name, c]) => [name, c.schemaVersion])) });
    const key = (await unwrapPracticeKey(opened.keyring.profiles[0]!.wrap, expected.profiles[0]!.passphrase)).dataKey;
    // One client as a future release would have written it: payload version 99, authentic.
    const [path, record] = Object.entries(expected.records).find(([, r]) => r.plain['kind'] === 'client')!;
    const id = path.split('/')[1]!;
    const dump = JSON.parse(JSON.stringify(indexedDb)) as IndexedDbDump[];
    const docs = dump.find((d) => d.name.endsWith('--clients'))!.stores.find((s) => s.name === 'docs')!;
    const stored = docs.records.find((r) => (r.value as { id: string }).id === id)!;
    const sealed = await sealRecord(key, { collection: 'clients', id }, 99, { ...(record.data as object), futureField: 'Synthetic' }, recordState(stored.value as RecordToSeal));
    stored.value = { ...(stored.value as object), sealed };

    app = await AppSession.startWith(async (page) => {
      await page.evaluate(`(${loadIndexedDb.toString()})(indexedDB, ${JSON.stringify(dump)})`);
    });
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await new VaultPages(page).unlock(expected.profiles[0]!.passphrase);
    const clients = new ClientsPages(page);
    await clients.openList();
    const notice = page.getByRole('status').filter({ hasText: 'Made by a newer version of Waypoint' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('One record was made by a newer version of Waypoint: update to edit it.');
    const { firstName, lastName } = record.data as { firstName: string; lastName: string };
    await expect(clients.table.getByText(`${lastName}, ${firstName}`, { exact: false }).count()).resolves.toBe(0);
    await expect(page.getByText(/tampered|failed its integrity check/i).count()).resolves.toBe(0);
    await page.screenshot({ path: resolve('out/screenshots/newer-record.png') });

    // Shown read-only: what it holds, what to do, and nothing to edit it with.
    await notice.getByRole('link', { name: 'View it read-only' }).click();
    const card = page.getByRole('article', { name: 'Client record (client), read-only' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Made by a newer version of Waypoint: update to edit.');
    for (const [field, value] of [
      ['First name', firstName],
      ['Last name', lastName],
      ['Future field', 'Synthetic'],
    ]) {
      await expect(card.getByRole('row', { name: `${field} ${value}` }).count()).resolves.toBe(1);
    }
    await expect(card.locator('input, textarea, select, button, [contenteditable="true"]').count()).resolves.toBe(0);
    await expect(page.getByText(/tampered|failed its integrity check/i).count()).resolves.toBe(0);
    await page.screenshot({ path: resolve('out/screenshots/newer-record-read-only.png') });
    // Its edit screen refuses it too; the stored record is still exactly what the newer release wrote.
    await page.goto(`${page.url().split('#')[0]}#/clients/${id}/edit`);
    await page.getByText('Made by a newer version of Waypoint: update to edit', { exact: false }).first().waitFor();
    await expect(page.getByRole('button', { name: /save/i }).count()).resolves.toBe(0);
    // The clients collection's store as this release's schema version names it (the 0.1.0 one migrated into it).
    const clientsDb = await page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => /--\d+--clients$/.test(n));
      return names.sort((a, b) => Number(/--(\d+)--clients$/.exec(b)![1]) - Number(/--(\d+)--clients$/.exec(a)![1]))[0]!;
    });
    expect(clientsDb).not.toBe(dump.find((d) => d.name.endsWith('--clients'))!.name);
    const kept = await page.evaluate(
      ([name, docId]) =>
        new Promise<unknown>((done, fail) => {
          const open = indexedDB.open(name!);
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('docs').objectStore('docs').getAll();
            all.onsuccess = () => done((all.result as { id: string; sealed: string }[]).find((doc) => doc.id === docId)?.sealed);
            all.onerror = () => fail(all.error);
          };
        }),
      [clientsDb, id],
    );
    expect(kept).toBe(sealed);
  });
});
