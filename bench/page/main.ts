/**
 * Benchmark cases that run inside Chromium, on the real IndexedDB, with the app's own code.
 * Each returns milliseconds; scripts/bench.ts calls them and reports.
 */
import { openDatabase } from '../../src/renderer/src/db/database';

function records(count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: `record-${String(i).padStart(6, '0')}`, value: JSON.stringify({ n: i, label: `synthetic ${i}` }), updatedAt: 1_700_000_000_000 + i }));
}

function idbRequest<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Raw IndexedDB: one object store, every record put in one transaction. */
async function idbBulkPut(count: number): Promise<number> {
  const name = `bench-raw-${crypto.randomUUID()}`;
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('records', { keyPath: 'id' });
  const db = await idbRequest(open);
  const data = records(count);
  const start = performance.now();
  const tx = db.transaction('records', 'readwrite');
  const store = tx.objectStore('records');
  for (const record of data) store.put(record);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  const elapsed = performance.now() - start;
  db.close();
  await idbRequest(indexedDB.deleteDatabase(name));
  return elapsed;
}

/** The app's RxDB + Dexie database (production settings: no schema validation). */
async function rxdbBulkInsert(count: number): Promise<number> {
  const db = await openDatabase({ name: `bench-rxdb-${crypto.randomUUID().slice(0, 8)}`, validate: false });
  const data = records(count);
  const start = performance.now();
  const result = await db.settings.bulkInsert(data);
  const elapsed = performance.now() - start;
  if (result.error.length > 0) throw new Error(`bulkInsert failed for ${result.error.length} records`);
  await db.remove();
  return elapsed;
}

const cases = { idbBulkPut, rxdbBulkInsert };
export type BenchCases = typeof cases;
(window as unknown as { waypointBench: BenchCases }).waypointBench = cases;
document.title = 'ready';
