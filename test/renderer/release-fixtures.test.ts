/**
 * Every release opens what earlier releases wrote: for each release under test/fixtures/releases
 * (written by scripts/release-fixtures.ts from that release's own code), its IndexedDB documents,
 * backup and transfer file are opened with this release, and every record reads back with its
 * original content, field by field, through this release's codecs. Nothing is reported as
 * tampered, and a new edit saves. Its sync-server database dump: test/server/release-dump.test.ts.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupService } from '../../src/renderer/src/backup/backup-service';
import { openDatabase } from '../../src/renderer/src/db/database';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { TransferService } from '../../src/renderer/src/transfer/transfer-service';
import { Arrival } from '../../src/renderer/src/arrival/arrival';
import { createVault } from '../../src/renderer/src/vault';
import { testKeySource } from './support/keys';
import { expectContent, expectEditsSave, expectNothingTampered, fixturePracticeKey, storedDocuments } from './support/release-content';
import { fixtureReleases, loadIndexedDb, readFixture } from './support/release-fixtures';

let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Date.now()}`;

describe.each(fixtureReleases())('data written by release %s opens in this release', (release) => {
  const fixture = readFixture(release);
  const admin = fixture.expected.profiles[0]!;
  let cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  it('its IndexedDB documents, loaded into a fresh database: unlocks, every record as written, edits save', async () => {
    const indexedDB = new IDBFactory();
    expect(await loadIndexedDb(indexedDB, fixture.indexedDb)).toBeGreaterThan(Object.keys(fixture.expected.records).length);
    const db = await openDatabase({ name: 'waypoint', validate: true, indexedDB: { indexedDB, IDBKeyRange } });
    cleanup.push(() => db.remove());
    const parts = createVault(db);
    const { vault } = parts;
    await vault.init();
    expect(vault.state$.value).toMatchObject({ status: 'locked', practiceName: fixture.expected.practiceName });
    await vault.unlock(admin.id, admin.passphrase);
    await expectContent(vault.requireKey(), await storedDocuments(db), fixture.expected, { tombstones: true });
    await expectNothingTampered(db, vault);
    await expectEditsSave(db, vault, fixture.expected);
  }, 60_000);

  it('its backup, restored onto a fresh device: every record as written, edits save', async () => {
    const db = await openDatabase({ name: unique('fixture-restore'), validate: true });
    cleanup.push(() => db.remove());
    const parts = createVault(db);
    const { vault } = parts;
    await vault.init();
    const service = new BackupService(db, parts, { appVersion: 'test' });
    await service.restore(await service.open(fixture.backup), { kind: 'passphrase', profileId: admin.id, passphrase: admin.passphrase });
    await expectContent(vault.requireKey(), await storedDocuments(db), fixture.expected, { tombstones: true });
    await expectNothingTampered(db, vault);
    await expectEditsSave(db, vault, fixture.expected);
  }, 60_000);

  it('its transfer file, imported by a device of the practice: every record as written, edits save', async () => {
    const keys = await testKeySource(await fixturePracticeKey(fixture));
    const db = await openDatabase({ name: unique('fixture-transfer'), validate: true });
    cleanup.push(() => db.remove());
    const report = await new TransferService(db, keys, new Arrival(db, keys, { conflicts: new ConflictsRepository(db.conflicts, keys) }), { deviceId: 'fixture-receiver' }).importFile(fixture.transfer);
    expect(report.conflicts).toEqual([]);
    await expectContent(keys.key, await storedDocuments(db), fixture.expected, { tombstones: true });
    await expectNothingTampered(db, keys);
    await expectEditsSave(db, keys, fixture.expected);
  }, 60_000);
});
