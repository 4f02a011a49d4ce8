/**
 * The storage layer's raw access to sealed documents, for the services that move documents as
 * stored (sync, backup, transfer, arrival) rather than as records: pages in write order, reads
 * and conditional writes without collection hooks, the local documents' storage, replication.
 * With database.ts, schemas.ts and sealed-store.ts this folder is the only code that imports RxDB
 * (a lint zone, docs/ARCHITECTURE.md: Layers); the layers above name RxDB's types through here.
 */
import { getChangedDocumentsSince, normalizeMangoQuery, prepareQuery, type MangoQuerySelector, type RxDocumentData, type RxStorageInstance } from 'rxdb/plugins/core';
import { getLocalDocStateByParent, type LocalDocumentParent, type RxLocalDocumentData } from 'rxdb/plugins/local-documents';
import type { SyncDocument } from '../../../shared/sync/protocol';
import type { WaypointDatabase } from './database';
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
