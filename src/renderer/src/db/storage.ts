/**
 * The storage layer's raw access to sealed documents, for the services that move documents as
 * stored (sync, backup, transfer, arrival) rather than as records: pages in write order, whole
 * collections by id, reads and conditional writes without collection hooks, a restore's inserts,
 * the local documents' storage, replication.
 * With database.ts, schemas.ts and sealed-store.ts this folder is the only code that imports RxDB
 * (a lint zone, docs/ARCHITECTURE.md: Layers); the layers above name RxDB's types through here.
 */
import { categorizeBulkWriteRows, getChangedDocumentsSince, normalizeMangoQuery, now, type DexieStorageInternals, type EventBulk, type RxCollection as AnyCollection, type RxStorageChangeEvent, prepareQuery, type MangoQuerySelector, type RxDocumentData, type RxStorageInstance } from 'rxdb/plugins/core';
import { getLocalDocStateByParent, type LocalDocumentParent, type RxLocalDocumentData } from 'rxdb/plugins/local-documents';
import { fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Subject } from 'rxjs';
import type { SyncDocument } from '../../../shared/sync/protocol';
import type { WaypointDatabase } from './database';
import { RowsAlreadyThereError } from './add-rows';
import { rowsHere, type RowSink } from './insert-worker';
import type { StoredTable } from './stored-rows';
import { yieldToUi } from './open-records';
import { withoutStorageFields } from './replicated';

export type {
  MangoQuerySelector,
  RxCollection,
  RxConflictHandler,
  RxDocumentData,
  RxReplicationPullStreamItem,
  RxReplicationWriteToMasterRow,
  RxStorageInstance,
  WithDeleted,
} from 'rxdb/plugins/core';
export type { RxLocalDocumentData } from 'rxdb/plugins/local-documents';
export { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
export { withoutStorageFields };
export { rowSink, type RowSink } from './insert-worker';
export type { StoredTable } from './stored-rows';

type Stored = RxDocumentData<{ id: string }>;
type AnyStorage = RxStorageInstance<{ id: string }, unknown, unknown>;

/** More than any collection holds: reading every stored document of one collection at once. */
const ALL = Number.MAX_SAFE_INTEGER;

/**
 * The page of stored documents after `after` in (last-write time, id) order, tombstones included.
 * RxDB's getChangedDocumentsSince expresses the same with an $or that starts every page at the
 * first document of its write time; one bulk write gives thousands of documents the same time, so
 * it walks them again for each page. Two exact ranges of the [_meta.lwt, id] index instead: the
 * rest of this write time, then later ones (the one-year bench backup: 16.5 s before, 5.3 s after).
 */
export async function pageAfter(storage: AnyStorage, after: Stored | null, size: number): Promise<Stored[]> {
  const run = async (selector: MangoQuerySelector<Stored>, limit: number) =>
    (await storage.query(prepareQuery(storage.schema, normalizeMangoQuery(storage.schema, { selector, sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }], skip: 0, limit })))).documents;
  if (after === null) return run({}, size);
  const rest = await run({ '_meta.lwt': after._meta.lwt, id: { $gt: after.id } }, size);
  return rest.length === size ? rest : [...rest, ...(await run({ '_meta.lwt': { $gt: after._meta.lwt } }, size - rest.length))];
}

/** Every stored document of a collection, a page at a time, tombstones included; a document rewritten meanwhile comes once, in its first version. */
export async function* storedPages(storage: AnyStorage, size: number): AsyncGenerator<SyncDocument[]> {
  const seen = new Set<string>();
  for (let page = await pageAfter(storage, null, size); page.length > 0; page = await pageAfter(storage, page.at(-1)!, size)) {
    const fresh = page.map(withoutStorageFields).filter((doc) => !seen.has(doc.id));
    fresh.forEach((doc) => seen.add(doc.id));
    yield fresh;
  }
}

/**
 * Where a collection's documents are stored in RxDB's Dexie storage, its open connection and how
 * many documents (tombstones too) it holds: for reading whole collections by primary key
 * (db/stored-rows.ts), here or on another thread.
 */
export async function storedTable(storage: AnyStorage): Promise<{ table: StoredTable; connection: IDBDatabase; documents: number }> {
  const { dexieDb, dexieTable, booleanIndexes } = await (storage.internals as DexieStorageInternals);
  return { table: { database: dexieDb.name, table: dexieTable.name, booleanIndexes }, connection: dexieDb.backendDB(), documents: await dexieTable.count() };
}

/** A document as a storage write: RxDB's storage wrapper sets `_meta` and `_rev`. */
const asStored = (doc: SyncDocument) => ({ ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' }) as RxDocumentData<SyncDocument>;

/** The stored documents with these ids, tombstones included, by id. */
export async function readStored(storage: RxStorageInstance<SyncDocument, unknown, unknown>, ids: readonly string[]): Promise<Map<string, RxDocumentData<SyncDocument>>> {
  return new Map((await storage.findDocumentsById([...ids], true)).map((doc) => [doc.id, doc]));
}

/**
 * Writes documents as they travel, no collection hooks run. Each write names the version it
 * replaces (`previous`, none for a new document): a document changed meanwhile is not written and
 * its id comes back in `changed`. Any other refusal throws.
 */
export async function writeStored(
  storage: RxStorageInstance<SyncDocument, unknown, unknown>,
  writes: readonly { previous: RxDocumentData<SyncDocument> | undefined; doc: SyncDocument }[],
  context: string,
): Promise<{ changed: Set<string> }> {
  if (writes.length === 0) return { changed: new Set() };
  const result = await storage.bulkWrite(
    writes.map(({ previous, doc }) => (previous === undefined ? { document: asStored(doc) } : { previous, document: asStored(doc) })),
    context,
  );
  const failed = result.error.filter((e) => e.status !== 409);
  if (failed.length > 0) throw new Error(`${failed.length} records could not be written`);
  return { changed: new Set(result.error.map((e) => e.documentId)) };
}

/** Documents a restore handles at once on the window's thread (rows built and sent, events emitted): each slice a short task. */
const INSERT_SLICE = 500;
let insertBatches = 0;

/**
 * Stores new documents as an insert through RxDB's storage would, for a restore onto an empty
 * device, without the two things that make that slow: the read of every id before the write (a
 * storage write first looks each document up to detect conflicts) and RxDB's generic conversion
 * to IndexedDB rows. Exactly what RxDB's Dexie storage stores (rx-storage-helper's wrapper sets
 * `_meta.lwt` and `_rev` '1-<database token>'; the Dexie storage turns boolean index values into
 * '1'/'0'), added to its table in one IndexedDB transaction by `rows` (the insert worker in the
 * window, db/insert-worker.ts): an id already stored fails it, and nothing of it is kept. Then
 * RxDB's own change events for an insert (categorizeBulkWriteRows), on the storage instance's
 * change stream as its bulkWrite emits them, so queries, observers, other windows and replication
 * see the documents as any write's (test/renderer/storage-insert.test.ts). Rows are built and
 * events emitted a slice at a time, yielding between: a batch of ten thousand at once held the
 * window's thread for hundreds of milliseconds.
 */
export async function insertStored(collection: AnyCollection, docs: readonly SyncDocument[], context: string, rows: RowSink = rowsHere()): Promise<void> {
  if (docs.length === 0) return;
  const wrapped = collection.storageInstance as unknown as { originalStorageInstance?: AnyStorage };
  const instance = (wrapped.originalStorageInstance ?? collection.storageInstance) as AnyStorage & { changes$?: Subject<EventBulk<RxStorageChangeEvent<Stored>, unknown>> };
  if (instance.changes$ === undefined) throw new Error(`The ${collection.name} storage is not RxDB's Dexie storage`);
  const { dexieDb, dexieTable, booleanIndexes } = await (instance.internals as DexieStorageInternals);
  const meta = { lwt: now() };
  const _rev = `1-${collection.database.token}`;
  const flat = booleanIndexes.every((path) => !path.includes('.'));
  const toRow = (document: Stored) => {
    if (!flat) return fromStorageToDexie(booleanIndexes, document);
    const row: Record<string, unknown> = { ...document };
    for (const path of booleanIndexes) row[path] = row[path] ? '1' : '0';
    return row;
  };
  const batch = ++insertBatches;
  const stored: Stored[] = [];
  for (let i = 0; i < docs.length; i += INSERT_SLICE) {
    if (i > 0) await yieldToUi();
    const slice = docs.slice(i, i + INSERT_SLICE).map((doc) => ({ ...doc, _attachments: {}, _meta: meta, _rev }) as unknown as Stored);
    for (const document of slice) stored.push(document);
    rows.stage(batch, slice.map(toRow));
  }
  try {
    await rows.commit(batch, dexieDb.backendDB(), dexieTable.name);
  } catch (error) {
    if (error instanceof RowsAlreadyThereError) throw new Error(`${error.count} ${collection.name} records were already there`);
    throw error;
  }
  for (let i = 0; i < stored.length; i += INSERT_SLICE) {
    if (i > 0) await yieldToUi();
    const { eventBulk, newestRow } = categorizeBulkWriteRows<{ id: string }>(instance, 'id', new Map(), stored.slice(i, i + INSERT_SLICE).map((document) => ({ document })), context);
    if (eventBulk.events.length === 0) continue;
    eventBulk.checkpoint = { id: newestRow!.document.id, lwt: meta.lwt };
    instance.changes$.next(eventBulk);
  }
}

/** Undoes a partial restore: every stored document deleted, then the deletions purged. */
export async function removeEverything(storage: RxStorageInstance<unknown, unknown, unknown>, context: string): Promise<void> {
  const { documents } = await getChangedDocumentsSince(storage, ALL);
  const live = documents.filter((doc) => !doc._deleted);
  if (live.length > 0) await storage.bulkWrite(live.map((doc) => ({ previous: doc, document: { ...doc, _deleted: true } })), context);
  await storage.cleanup(0);
}

/** The local documents' storage (never replicated): for state written many documents at a time. */
export async function localDocumentStorage(db: WaypointDatabase): Promise<RxStorageInstance<RxLocalDocumentData, unknown, unknown>> {
  return (await getLocalDocStateByParent(db as unknown as LocalDocumentParent)).storageInstance as RxStorageInstance<RxLocalDocumentData, unknown, unknown>;
}

/**
 * Stops a replication without cutting a pull's write in two. RxDB 17.6 writes a pulled version to
 * the collection, then the state it assumes the server has to its meta instance; `cancel()` closes
 * the meta instance without waiting for a write under way (`downstream.js` awaits only the
 * checkpoint queue), so a version pulled just before a stop could be stored with no assumed state,
 * and a local edit made from it was pushed assuming an older one: a conflict with the server's
 * copy of the very version it was made from. Paused first, RxDB takes in no pull answered later
 * (nor records a push answered later as the server's state, as on cancel); the pulls it is
 * writing are finished, up to `maxWaitMs` (they are local writes; a page still being fetched
 * when that runs out is dropped by the pause), then it is cancelled.
 */
export async function stopReplication<Checkpoint>(state: RxReplicationState<unknown, Checkpoint>, maxWaitMs: number): Promise<void> {
  await state.pause();
  const internal = state.internalReplicationState;
  const writesDone = async () => {
    // Idle when the queue was not extended while it was awaited (as RxDB's own awaitRxStorageReplicationIdle).
    for (let down = internal?.streamQueue.down; down !== undefined; ) {
      await down;
      if (down === internal!.streamQueue.down) return;
      down = internal!.streamQueue.down;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([writesDone(), new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]).finally(() => clearTimeout(timer));
  await state.cancel();
}
