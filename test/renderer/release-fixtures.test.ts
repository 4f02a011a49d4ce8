/**
 * Every release opens what earlier releases wrote: for each release under test/fixtures/releases
 * (written by scripts/release-fixtures.ts from that release's own code), its IndexedDB documents,
 * backup, transfer file and sync-server database are opened with this release, and every record
 * reads back with its original content, field by field, through this release's codecs. Nothing is
 * reported as tampered, and a new edit saves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupService } from '../../src/renderer/src/backup/backup-service';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { replicatedCollections, withoutStorageFields } from '../../src/renderer/src/db/replicated';
import { SealedStore, type KeySource } from '../../src/renderer/src/db/sealed-store';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { TransferService } from '../../src/renderer/src/transfer/transfer-service';
import { Arrival } from '../../src/renderer/src/arrival/arrival';
import { createVault } from '../../src/renderer/src/vault';
import { createSyncServer, migrate, openStorage } from '../../src/server';
import { openBackup } from '../../src/shared/backup';
import { unwrapPracticeKey, type DataKey } from '../../src/shared/crypto';
import { openPayload } from '../../src/shared/records';
import { API_PREFIX, type SyncDocument } from '../../src/shared/sync/protocol';
import { testKeySource } from './support/keys';
import { fixtureReleases, loadIndexedDb, readFixture, type ExpectedPractice } from './support/release-fixtures';
import { APP_VERSION_HEADER } from '../../src/shared/sync/app-version';

let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Date.now()}`;

/** Every stored document of the replicating collections, tombstones included, as `collection/id` → document. */
async function storedDocuments(db: WaypointDatabase): Promise<Map<string, SyncDocument>> {
  const out = new Map<string, SyncDocument>();
  for (const [name, collection] of replicatedCollections(db)) {
    const { documents } = await getChangedDocumentsSince(collection.storageInstance, 100_000);
    for (const doc of documents) {
      const rest = withoutStorageFields(doc);
      out.set(`${name}/${rest.id}`, rest);
    }
  }
  return out;
}

/** Each expected record is there with the same plaintext fields and, opened by this release, the same payload. */
async function expectContent(key: DataKey, documents: ReadonlyMap<string, SyncDocument>, expected: ExpectedPractice, options: { tombstones: boolean }): Promise<void> {
  const live = [...documents].filter(([, doc]) => !doc._deleted);
  expect(live.map(([path]) => path).sort()).toEqual(Object.keys(expected.records).sort());
  for (const [path, { plain, data }] of Object.entries(expected.records)) {
    const doc = documents.get(path)!;
    const { sealed, ...fields } = doc;
    expect(fields, path).toEqual(plain);
    const opened = await openPayload(key, path.split('/')[0]!, { ...doc, sealed });
    expect(opened.value, path).toEqual(data);
  }
  if (options.tombstones) for (const path of expected.tombstones) expect(documents.get(path)?._deleted, path).toBe(true);
}

/** Nothing is reported as tampered or unreadable: every record of every collection opens through the store. */
async function expectNothingTampered(db: WaypointDatabase, keys: KeySource): Promise<void> {
  for (const [name, collection] of replicatedCollections(db)) {
    const settled = await new SealedStore<object, unknown>(collection as unknown as ConstructorParameters<typeof SealedStore<object, unknown>>[0], keys).findSettled();
    expect(settled.filter((s) => s.error !== null).map((s) => `${name}/${s.record.id}: ${s.error!.message}`)).toEqual([]);
  }
}

/** A new edit saves on records the old release wrote: a client's phone, and a draft note's text. */
async function expectEditsSave(db: WaypointDatabase, keys: KeySource, expected: ExpectedPractice): Promise<void> {
  const clientPath = Object.keys(expected.records).find((p) => p.startsWith('clients/') && expected.records[p]!.plain['kind'] === 'client')!;
  const clients = new ClientsRepository(db.clients, keys);
  const clientId = clientPath.split('/')[1]!;
  const current = (await clients.get(clientId))!;
  await clients.update(clientId, { ...current.data, phone: '555-0199' });
  expect((await clients.get(clientId))!.data.phone).toBe('555-0199');

  const draftPath = Object.keys(expected.records).find((p) => p.startsWith('notes/') && expected.records[p]!.plain['status'] === 'draft')!;
  const draft = expected.records[draftPath]!.plain as { sessionId: string; clientId: string; date: string; kind: 'individual'; authorId: string };
  const notes = new NotesRepository(db.notes, keys);
  const saved = await notes.saveDraft({ ...draft, templateId: 'DAP' }, { fields: { data: 'Edited by the new release' } });
  expect(saved.rev).toBe((expected.records[draftPath]!.plain['rev'] as number) + 1);
  expect(saved.data.note.fields['data']).toBe('Edited by the new release');
}

describe.each(fixtureReleases())('data written by release %s opens in this release', (release) => {
  const fixture = readFixture(release);
  const admin = fixture.expected.profiles[0]!;
  let cleanup: (() => Promise<unknown>)[] = [];

  /** The practice key, from the administrator's wrap in the backup's keyring (as a device joining the practice gets it). */
  async function practiceKey(): Promise<DataKey> {
    const header = JSON.parse(new TextDecoder().decode(fixture.backup.subarray(0, fixture.backup.indexOf(10)))) as { collections: Record<string, { schemaVersion: number }> };
    const backup = await openBackup(fixture.backup, { schemaVersions: Object.fromEntries(Object.entries(header.collections).map(([name, c]) => [name, c.schemaVersion])) });
    return (await unwrapPracticeKey(backup.keyring.profiles.find((p) => p.id === admin.id)!.wrap, admin.passphrase)).dataKey;
  }
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
    const keys = await testKeySource(await practiceKey());
    const db = await openDatabase({ name: unique('fixture-transfer'), validate: true });
    cleanup.push(() => db.remove());
    const report = await new TransferService(db, keys, new Arrival(db, keys, { conflicts: new ConflictsRepository(db.conflicts, keys) }), { deviceId: 'fixture-receiver' }).importFile(fixture.transfer);
    expect(report.conflicts).toEqual([]);
    await expectContent(keys.key, await storedDocuments(db), fixture.expected, { tombstones: true });
    await expectNothingTampered(db, keys);
    await expectEditsSave(db, keys, fixture.expected);
  }, 60_000);

  it('its sync-server database, loaded into PGlite under this server: every record pulls as written, a new edit pushes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-fixture-pglite-'));
    const storage = await openStorage({ dataDir: dir });
    cleanup.push(() => rm(dir, { recursive: true, force: true }), () => storage.close());
    await migrate(storage);
    const { tables } = fixture.server;
    for (const table of ['practices', 'devices', 'enrolments', 'documents']) {
      for (const row of tables[table]!) {
        const columns = Object.keys(row);
        await storage.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => (c === 'doc' ? JSON.stringify(row[c]) : row[c])));
      }
    }
    const app = createSyncServer({ storage, logger: false });
    cleanup.push(() => app.close());
    // As a device of this release: it states its version, so it is sent w2 envelopes too.
    const headers = { authorization: `Bearer ${fixture.server.token}`, [APP_VERSION_HEADER]: __APP_VERSION__ };
    const pulled = new Map<string, SyncDocument>();
    const key = await practiceKey();
    for (const collection of new Set(Object.keys(fixture.expected.records).map((p) => p.split('/')[0]!))) {
      const reply = await app.inject({ method: 'GET', url: `${API_PREFIX}/sync/${collection}/pull?seq=0&limit=500`, headers });
      expect(reply.statusCode, reply.body).toBe(200);
      for (const doc of (reply.json() as { documents: SyncDocument[] }).documents) pulled.set(`${collection}/${doc.id}`, doc);
    }
    await expectContent(key, pulled, fixture.expected, { tombstones: false });

    // A device of this release edits a record the old one pushed: sealed anew (w3), accepted on top of it.
    const [path, doc] = [...pulled].find(([p]) => p.startsWith('clients/') && fixture.expected.records[p]!.plain['kind'] === 'client')!;
    const client = (await openPayload<Record<string, unknown>>(key, 'clients', doc)).value;
    const db = await openDatabase({ name: unique('fixture-server-edit'), validate: true, only: ['clients'] });
    cleanup.push(() => db.remove());
    const keys = await testKeySource(key);
    await db.clients.storageInstance.bulkWrite([{ document: { ...doc, _meta: { lwt: 1 }, _rev: '1-fixture', _attachments: {} } as never }], 'fixture');
    const edited = await new ClientsRepository(db.clients, keys).update(doc.id, { ...client, phone: '555-0198' } as never);
    const stored = (await db.clients.findOne(doc.id).exec())!.toJSON() as unknown as SyncDocument;
    const push = await app.inject({ method: 'POST', url: `${API_PREFIX}/sync/clients/push`, headers, payload: [{ assumedMasterState: doc, newDocumentState: { ...stored, _deleted: false } }] });
    expect(push.statusCode, push.body).toBe(200);
    expect(push.json()).toEqual({ conflicts: [] });
    const again = await app.inject({ method: 'GET', url: `${API_PREFIX}/sync/clients/pull?seq=0&limit=500`, headers });
    const now = (again.json() as { documents: SyncDocument[] }).documents.find((d) => d.id === doc.id)!;
    expect(now.sealed.startsWith('w3.')).toBe(true);
    expect((await openPayload<{ phone: string }>(key, 'clients', now)).value.phone).toBe('555-0198');
    expect(edited.rev).toBe((fixture.expected.records[path]!.plain['rev'] as number) + 1);
  }, 60_000);
});
