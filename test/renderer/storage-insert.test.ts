/**
 * The restore's direct insert (db/storage.ts insertStored) stores exactly what an insert through
 * RxDB's storage stores, and RxDB then treats those documents as any it wrote: queries (cached ones
 * too), observers, the change stream replication pushes from, conditional writes over them.
 */
import { firstValueFrom, filter } from 'rxjs';
import { getChangedDocumentsSince, type DexieStorageInternals } from 'rxdb/plugins/core';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { insertStored, readStored, storedTable, writeStored } from '../../src/renderer/src/db/storage';
import { storedRowsById } from '../../src/renderer/src/db/stored-rows';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { syntheticNote } from './support/synthetic-notes';

const open: WaypointDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.remove()));
});

let counter = 0;
async function notesDb(): Promise<WaypointDatabase> {
  // Validated, as in development: the bulkWrite path checks every document against the schema.
  const db = await openDatabase({ name: `storage-insert-${++counter}-${crypto.randomUUID().slice(0, 8)}`, validate: true, only: ['notes'] });
  open.push(db);
  return db;
}

async function rawRows(db: WaypointDatabase): Promise<Record<string, unknown>[]> {
  const { dexieTable } = await (db.notes.storageInstance.internals as DexieStorageInternals);
  return (await dexieTable.toArray()) as Record<string, unknown>[];
}

/** A stored row without what differs between two writes of the same document: the write time and the database's token. */
const comparable = ({ _meta, _rev, ...row }: Record<string, unknown>) => ({ ...row, metaKeys: Object.keys(_meta as object), revHeight: String(_rev).split('-')[0] });

describe('insertStored: a restore writes what RxDB writes', () => {
  const docs = [...Array.from({ length: 40 }, (_, i) => syntheticNote(i)), syntheticNote(40, true), syntheticNote(41, true)];

  it('stores the same IndexedDB rows as an insert through the storage instance, with its write time and revision', async () => {
    const [direct, viaRxdb] = [await notesDb(), await notesDb()];
    await insertStored(direct.notes, docs, 'restore');
    await writeStored(viaRxdb.notes.storageInstance as never, docs.map((doc) => ({ previous: undefined, doc })), 'restore');
    const [a, b] = [await rawRows(direct), await rawRows(viaRxdb)];
    expect(a).toHaveLength(docs.length);
    expect(a.map(comparable)).toEqual(b.map(comparable));
    expect(a.every((row) => row['_rev'] === `1-${direct.token}` && typeof (row['_meta'] as { lwt: number }).lwt === 'number')).toBe(true);
    // Booleans are indexed as '1'/'0' by the Dexie storage; RxDB reads them back as booleans.
    expect(a.filter((row) => row['_deleted'] === '1')).toHaveLength(2);
    expect((await readStored(direct.notes.storageInstance as never, [docs[40]!.id])).get(docs[40]!.id)?._deleted).toBe(true);
  });

  it('RxDB reads, queries and observes the documents, a query cached before the write included', async () => {
    const db = await notesDb();
    expect(await db.notes.count().exec()).toBe(0);
    const observed = firstValueFrom(db.notes.find({ selector: { clientId: 'client-synthetic-1' } }).$.pipe(filter((found) => found.length > 0)));
    await insertStored(db.notes, docs, 'restore');
    expect(await db.notes.count().exec()).toBe(40);
    expect((await observed).map((d) => d.id).sort()).toEqual(docs.filter((d) => !d._deleted && d['clientId'] === 'client-synthetic-1').map((d) => d.id));
    const { _deleted, ...fields } = docs[3]!;
    expect(_deleted).toBe(false);
    expect((await db.notes.findOne(docs[3]!.id).exec())?.toJSON()).toEqual(fields);
    expect(await db.notes.count({ selector: { status: 'draft' } }).exec()).toBe(20);
    // A backup reads them back exactly, tombstones included.
    const pages: SyncDocument[] = [];
    const { table, connection } = await storedTable(db.notes.storageInstance as never);
    for await (const page of storedRowsById(connection, table, 7)) pages.push(...page);
    expect(pages).toEqual(docs);
  });

  it('a later write over an inserted document is a normal update, and replication pushes every inserted document', async () => {
    const db = await notesDb();
    await insertStored(db.notes, docs, 'restore');
    const stored = await readStored(db.notes.storageInstance as never, [docs[0]!.id]);
    const { changed } = await writeStored(db.notes.storageInstance as never, [{ previous: stored.get(docs[0]!.id), doc: { ...docs[0]!, rev: 3 } }], 'test');
    expect(changed.size).toBe(0);
    expect((await db.notes.findOne(docs[0]!.id).exec())?.get('rev')).toBe(3);
    expect((await getChangedDocumentsSince(db.notes.storageInstance, 1000)).documents).toHaveLength(docs.length);

    const pushed = new Set<string>();
    const replication = replicateRxCollection({
      collection: db.notes,
      replicationIdentifier: 'storage-insert-test',
      live: false,
      push: { batchSize: 10, handler: async (rows) => (rows.forEach((row) => pushed.add((row.newDocumentState as unknown as SyncDocument).id)), []) },
    });
    await replication.awaitInitialReplication();
    await replication.cancel();
    expect([...pushed].sort()).toEqual(docs.map((d) => d.id));
  });

  it('an id already stored fails the whole write: nothing of it is kept', async () => {
    const db = await notesDb();
    await insertStored(db.notes, docs.slice(0, 10), 'restore');
    await expect(insertStored(db.notes, docs.slice(5, 20), 'restore')).rejects.toThrow('5 notes records were already there');
    expect(await db.notes.count().exec()).toBe(10);
    expect(await rawRows(db)).toHaveLength(10);
  });
});
