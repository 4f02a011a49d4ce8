/**
 * A collection's stored documents read straight from the IndexedDB table of RxDB's Dexie storage
 * (db/database.ts), on the raw IndexedDB API: for reading whole collections (a backup), in the
 * window or in the backup worker, which opens the same database by name.
 */
import { fromDexieToStorage } from 'rxdb/plugins/storage-dexie';
import type { SyncDocument } from '../../../shared/sync/protocol';
import { withoutStorageFields } from './replicated';

/** Where a collection's documents are stored: enough to read them on another thread. */
export interface StoredTable {
  /** The IndexedDB database (RxDB's Dexie storage makes one per collection). */
  database: string;
  table: string;
  /** Fields indexed as '1'/'0' (IndexedDB indexes no booleans). */
  booleanIndexes: readonly string[];
}

/**
 * What `withoutStorageFields(fromDexieToStorage(row))` returns, in one pass. RxDB's conversion
 * copies every document twice and walks it by Object.entries (over half of a one-year backup's
 * time); a sealed document is flat (the sync protocol allows only scalar fields), so it only
 * needs the boolean index values turned back into booleans. Any other shape goes through RxDB's
 * own conversion.
 */
export function storedDocuments(rows: readonly Record<string, unknown>[], booleanIndexes: readonly string[]): SyncDocument[] {
  // Nested boolean index paths would need RxDB's conversion for every document.
  const flat = booleanIndexes.every((path) => !path.includes('.'));
  const booleans = new Set(booleanIndexes);
  const rxdb = (row: Record<string, unknown>) => withoutStorageFields(fromDexieToStorage<{ id: string }>([...booleanIndexes], row));
  return rows.map((row) => {
    if (!flat) return rxdb(row);
    const doc: Record<string, unknown> = {};
    for (const key in row) {
      if (key.startsWith('_') && key !== '_deleted') continue;
      const value = row[key];
      if (typeof value === 'object' || key.startsWith('__')) return rxdb(row);
      doc[key] = booleans.has(key) ? value === '1' : value;
    }
    return doc as unknown as SyncDocument;
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('An IndexedDB read failed'));
  });
}

/**
 * Every stored document of a table in primary-key order, `size` at a time, tombstones included:
 * one getAll per page (RxDB's query walks an index cursor, one IndexedDB request per document).
 * Each id comes once; one rewritten meanwhile, in either version. The next page is asked for
 * before this one is handed on: IndexedDB reads it in another process while the caller encodes.
 */
export async function* storedRowsById(db: IDBDatabase, { table, booleanIndexes }: StoredTable, size: number): AsyncGenerator<SyncDocument[]> {
  const read = (after: IDBValidKey | null) => {
    const store = db.transaction(table, 'readonly').objectStore(table);
    const keyPath = store.keyPath as string;
    return request(store.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), size)).then((rows) => ({ rows: rows as Record<string, unknown>[], keyPath }));
  };
  let next = read(null);
  try {
    for (let page = await next; page.rows.length > 0; page = await next) {
      next = read(page.rows.at(-1)![page.keyPath] as IDBValidKey);
      yield storedDocuments(page.rows, booleanIndexes);
    }
  } finally {
    // A caller that stops early leaves the page read ahead unawaited.
    next.catch(() => undefined);
  }
}
