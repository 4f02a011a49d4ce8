/**
 * A restore's rows added by the insert worker (db/insert.worker.ts), in Chromium with real
 * IndexedDB: the same rows as added on the window's thread, RxDB's events reaching a query run
 * before, and an id already stored refusing the whole transaction. The test page is built here with
 * Vite, as the app builds its workers.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltPage, type BuiltPage } from './support/worker-page';

/** More than one slice of rows (500) posted to the worker. */
const COUNT = 1_234;

describe('the insert worker', () => {
  let built: BuiltPage;
  let page: Page;

  beforeAll(async () => {
    built = await openBuiltPage('insert-worker-page');
    page = built.page;
  });
  afterAll(() => built?.close());

  it('adds the rows the window adds, RxDB sees them, and an id already there refuses the whole write', async () => {
    const r = await page.evaluate((count) => (window as unknown as { insertWorker: { run(n: number): Promise<Record<string, unknown>> } }).insertWorker.run(count), COUNT);
    const inWorker = r['inWorker'] as Record<string, unknown>[];
    expect(inWorker).toHaveLength(COUNT);
    expect(inWorker).toEqual(r['here']);
    expect(inWorker[0]).toMatchObject({ id: 'note-synthetic-00000', _deleted: '0', clientId: 'client-synthetic-0', lwt: 'number', rev: '1' });
    expect(inWorker.filter((row) => row['_deleted'] === '1')).toHaveLength(Math.ceil((COUNT - 7) / 100));
    expect(r['before']).toBe(0);
    expect(r['counted']).toBe(COUNT - Math.ceil((COUNT - 7) / 100));
    expect(r['again']).toBe('5 notes records were already there');
    expect(r['after']).toBe(COUNT);
  });
});
