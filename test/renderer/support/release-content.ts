/**
 * The checks every test of a release fixture makes, whichever way its data came in (IndexedDB,
 * backup, transfer file, sync server): every record with its original content field by field,
 * nothing reported as tampered, a new edit saves.
 */
import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { expect } from 'vitest';
import type { WaypointDatabase } from '../../../src/renderer/src/db/database';
import { replicatedCollections, withoutStorageFields } from '../../../src/renderer/src/db/replicated';
import { SealedStore, type KeySource } from '../../../src/renderer/src/db/sealed-store';
import { ClientsRepository } from '../../../src/renderer/src/repositories/clients';
import { NotesRepository } from '../../../src/renderer/src/repositories/notes';
import { openBackup } from '../../../src/shared/backup';
import { unwrapPracticeKey, type DataKey } from '../../../src/shared/crypto';
import { openPayload } from '../../../src/shared/records';
import type { SyncDocument } from '../../../src/shared/sync/protocol';
import type { ExpectedPractice, readFixture } from './release-fixtures';

/** The practice key, from the administrator's wrap in the fixture's backup keyring (as a device joining the practice gets it). */
export async function fixturePracticeKey(fixture: ReturnType<typeof readFixture>): Promise<DataKey> {
  const admin = fixture.expected.profiles[0]!;
  const header = JSON.parse(new TextDecoder().decode(fixture.backup.subarray(0, fixture.backup.indexOf(10)))) as { collections: Record<string, { schemaVersion: number }> };
  const backup = await openBackup(fixture.backup, { schemaVersions: Object.fromEntries(Object.entries(header.collections).map(([name, c]) => [name, c.schemaVersion])) });
  return (await unwrapPracticeKey(backup.keyring.profiles.find((p) => p.id === admin.id)!.wrap, admin.passphrase)).dataKey;
}

/** Every stored document of the replicating collections, tombstones included, as `collection/id` → document. */
export async function storedDocuments(db: WaypointDatabase): Promise<Map<string, SyncDocument>> {
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

/** Each expected record is there with the same plaintext fields and, opened by this release, every field of the payload as written. */
export async function expectContent(key: DataKey, documents: ReadonlyMap<string, SyncDocument>, expected: ExpectedPractice, options: { tombstones: boolean }): Promise<void> {
  const live = [...documents].filter(([, doc]) => !doc._deleted);
  expect(live.map(([path]) => path).sort()).toEqual(Object.keys(expected.records).sort());
  for (const [path, { plain, data }] of Object.entries(expected.records)) {
    const doc = documents.get(path)!;
    const { sealed, ...fields } = doc;
    expect(fields, path).toEqual(plain);
    const opened = await openPayload(key, path.split('/')[0]!, { ...doc, sealed });
    // Every field as written; a field a later release added (with its default) may be there as well.
    expect(opened.value, path).toMatchObject(data as object);
  }
  if (options.tombstones) for (const path of expected.tombstones) expect(documents.get(path)?._deleted, path).toBe(true);
}

/** Nothing is reported as tampered or unreadable: every record of every collection opens through the store. */
export async function expectNothingTampered(db: WaypointDatabase, keys: KeySource): Promise<void> {
  for (const [name, collection] of replicatedCollections(db)) {
    const settled = await new SealedStore<object, unknown>(collection as unknown as ConstructorParameters<typeof SealedStore<object, unknown>>[0], keys).findSettled();
    expect(settled.filter((s) => s.error !== null).map((s) => `${name}/${s.record.id}: ${s.error!.message}`)).toEqual([]);
  }
}

/** A new edit saves on records the old release wrote: a client's phone, and a draft note's text. Returns the two records' paths. */
export async function expectEditsSave(db: WaypointDatabase, keys: KeySource, expected: ExpectedPractice): Promise<{ client: string; draft: string }> {
  const clientPath = Object.keys(expected.records).find((p) => p.startsWith('clients/') && expected.records[p]!.plain['kind'] === 'client')!;
  const clients = new ClientsRepository(db.clients, keys);
  const clientId = clientPath.split('/')[1]!;
  const current = (await clients.get(clientId))!;
  await clients.update(clientId, { ...current.data, phone: EDITED.phone });
  expect((await clients.get(clientId))!.data.phone).toBe(EDITED.phone);

  const draftPath = Object.keys(expected.records).find((p) => p.startsWith('notes/') && expected.records[p]!.plain['status'] === 'draft')!;
  const draft = expected.records[draftPath]!.plain as { sessionId: string; clientId: string; date: string; kind: 'individual'; authorId: string };
  const notes = new NotesRepository(db.notes, keys);
  const saved = await notes.saveDraft({ ...draft, templateId: 'DAP' }, { fields: { data: EDITED.draft } });
  expect(saved.rev).toBe((expected.records[draftPath]!.plain['rev'] as number) + 1);
  expect(saved.data.note.fields['data']).toBe(EDITED.draft);
  return { client: clientPath, draft: draftPath };
}

/** What expectEditsSave writes. */
export const EDITED = { phone: '555-0199', draft: 'Edited by the new release' } as const;
