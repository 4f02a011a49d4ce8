/**
 * The files a release wrote with scripts/release-fixtures.ts (test/fixtures/releases/<version>/),
 * and the one function that puts its IndexedDB dump back: into fake-indexeddb here, into a fresh
 * Chromium profile in the e2e test (it is self-contained so it can be sent to a page).
 */
/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RELEASES_DIR = join(__dirname, '..', '..', 'fixtures', 'releases');

export interface ExpectedPractice {
  release: string;
  practiceName: string;
  keyId: string;
  recoveryCode: string;
  profiles: { id: string; name: string; passphrase: string }[];
  tombstones: string[];
  /** `collection/id` → plaintext fields (id, rev, updatedAt, _deleted included) and the payload as that release read it. */
  records: Record<string, { plain: Record<string, unknown>; data: unknown }>;
}

export interface IndexedDbDump {
  name: string;
  version: number;
  stores: {
    name: string;
    keyPath: string | string[] | null;
    autoIncrement: boolean;
    indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
    records: { key: IDBValidKey; value: unknown }[];
  }[];
}

/** Every release with fixtures, oldest first. */
export function fixtureReleases(): string[] {
  return readdirSync(RELEASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export function readFixture(release: string) {
  const file = (name: string) => join(RELEASES_DIR, release, name);
  return {
    expected: JSON.parse(readFileSync(file('expected.json'), 'utf8')) as ExpectedPractice,
    backup: new Uint8Array(readFileSync(file('backup.wpbackup'))),
    transfer: new Uint8Array(readFileSync(file('transfer.wptransfer'))),
    /** The sync server's database (pg_dump, plain SQL) and its device's token, from scripts/release-server-dump.ts. */
    server: { sql: readFileSync(file('server.sql'), 'utf8'), ...(JSON.parse(readFileSync(file('server.json'), 'utf8')) as { token: string }) },
    indexedDb: JSON.parse(readFileSync(file('indexeddb.json'), 'utf8')) as IndexedDbDump[],
  };
}

/** Recreates every database, store and index of the dump and puts every record back under its key. */
export async function loadIndexedDb(factory: IDBFactory, dump: IndexedDbDump[]): Promise<number> {
  let written = 0;
  for (const database of dump) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = factory.open(database.name, database.version);
      open.onupgradeneeded = () => {
        for (const store of database.stores) {
          const created = open.result.createObjectStore(store.name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement });
          for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
        }
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of database.stores) {
      if (store.records.length === 0) continue;
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(store.name, 'readwrite');
        const target = tx.objectStore(store.name);
        for (const { key, value } of store.records) target.put(value, store.keyPath === null ? key : undefined);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      written += store.records.length;
    }
    db.close();
  }
  return written;
}

/** Every IndexedDB database of `factory` (RxDB's broadcast channels left out), store, index, key and value, as `loadIndexedDb` puts them back. */
export async function dumpIndexedDb(factory: IDBFactory = indexedDB): Promise<IndexedDbDump[]> {
  const request = <T>(r: IDBRequest<T>) => new Promise<T>((done, fail) => ((r.onsuccess = () => done(r.result)), (r.onerror = () => fail(r.error))));
  // RxDB's cross-tab message store is transient: not the app's data.
  const databases = (await factory.databases()).filter((d) => !d.name!.startsWith('pubkey.broadcast-channel')).sort((a, b) => (a.name! < b.name! ? -1 : 1));
  const out: IndexedDbDump[] = [];
  for (const { name, version } of databases) {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = factory.open(name!);
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const stores = [];
    for (const storeName of [...db.objectStoreNames].sort()) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const indexes = [...store.indexNames].sort().map((n) => {
        const index = store.index(n);
        return { name: n, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      });
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      stores.push({ name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, records: keys.map((key, i) => ({ key, value: values[i] })) });
    }
    db.close();
    out.push({ name: name!, version: version!, stores });
  }
  return out;
}
