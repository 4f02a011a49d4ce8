/**
 * Looks for plaintext in a Chromium profile two ways (docs/ARCHITECTURE.md: Tests): the raw files on disk, and
 * every IndexedDB value read back through the IndexedDB API. Chromium's LevelDB may compress and
 * V8-serialise values, so the raw scan alone could miss a string that is there; the tests write a
 * control string in plaintext and require both scans to find it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : Promise.resolve(entry.isFile() ? [join(dir, entry.name)] : []))));
  return nested.flat();
}

/** For each needle, the files under `dir` that contain it as Latin-1/UTF-8 or as UTF-16LE. */
export async function scanFiles(dir: string, needles: string[]): Promise<Map<string, string[]>> {
  const found = new Map(needles.map((needle) => [needle, [] as string[]]));
  for (const file of await files(dir)) {
    const bytes = await readFile(file).catch(() => null);
    if (bytes === null) continue;
    for (const needle of needles) {
      if (bytes.includes(Buffer.from(needle, 'latin1')) || bytes.includes(Buffer.from(needle, 'utf16le'))) found.get(needle)!.push(file);
    }
  }
  return found;
}

/** Every value in every IndexedDB database of the page's origin, serialised to one string. */
export async function dumpIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const request = <T,>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const parts: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const open = indexedDB.open(info.name);
      const db = await request(open);
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await request(db.transaction(store, 'readonly').objectStore(store).getAll());
        parts.push(JSON.stringify(values));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** Writes `text` in plaintext through raw IndexedDB, in a database of its own. */
export async function writeControl(page: Page, text: string): Promise<void> {
  await page.evaluate(async (value) => {
    const open = indexedDB.open('plaintext-control', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('control');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('control', 'readwrite');
    tx.objectStore('control').put({ text: value }, 'control');
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, text);
}
