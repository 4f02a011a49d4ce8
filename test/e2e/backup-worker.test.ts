/**
 * The backup build workers (docs/ARCHITECTURE.md: Backup and restore), in Chromium with real
 * IndexedDB and WebCrypto: the file the workers build is byte for byte the one this thread builds
 * (but the trailer's seal, whose IV is random), it passes every check a restore makes and holds
 * exactly the documents the window's storage holds, tombstones included; built while documents are
 * rewritten, each id is in it once. The test page is built here with Vite, as the app builds its workers.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { openBuiltPage, type BuiltPage } from './support/worker-page';

/** Documents per collection: more than a read page (5,000), so each worker reads several. */
const PER_COLLECTION = 6_000;

type Collections = Record<'settings' | 'clients', SyncDocument[]>;

describe('the backup build workers', () => {
  let built: BuiltPage;
  let page: Page;

  beforeAll(async () => {
    built = await openBuiltPage('backup-worker-page');
    page = built.page;
  });
  afterAll(() => built?.close());

  it('build the file this thread builds, holding exactly what storage holds; a document rewritten meanwhile is in it once', async () => {
    const r = (await page.evaluate((n) => (window as unknown as { backupWorker: { run(n: number): Promise<unknown> } }).backupWorker.run(n), PER_COLLECTION)) as {
      documents: { here: number; inWorkers: number };
      sameBody: boolean;
      storage: Collections;
      fromWorkers: Collections;
      rewritten: string[];
      writtenDuring: number;
      during: Collections;
    };
    expect(r.documents).toEqual({ here: 2 * PER_COLLECTION, inWorkers: 2 * PER_COLLECTION });
    expect(r.sameBody).toBe(true);
    // Restored, the file gives back every stored document as stored, tombstones too, in id order.
    expect(r.fromWorkers).toEqual(r.storage);
    expect(r.fromWorkers.clients.filter((d) => d._deleted)).toHaveLength(PER_COLLECTION / 50);

    expect(r.writtenDuring).toBeGreaterThan(0);
    const rewritten = new Set(r.rewritten);
    for (const name of ['settings', 'clients'] as const) {
      const ids = r.during[name].map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(r.storage[name].map((d) => d.id));
      // A rewritten document in either version; every other exactly as stored.
      for (const [i, doc] of r.during[name].entries()) {
        const before = r.storage[name][i]!;
        if (rewritten.has(doc.id)) expect(doc).toEqual(doc.rev === 2 ? { ...before, rev: 2 } : before);
        else expect(doc).toEqual(before);
      }
    }
  }, 120_000);
});
