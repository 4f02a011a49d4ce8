/**
 * A restore's rows added by the insert worker (db/insert.worker.ts), in Chromium with real
 * IndexedDB: the same rows as added on the window's thread, RxDB's events reaching a query run
 * before, and an id already stored refusing the whole transaction. The test page is built here with
 * Vite, as the app builds its workers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newProfileDir, removeProfileDir } from '../../scripts/lib/chromium';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server';

/** More than one slice of rows (500) posted to the worker. */
const COUNT = 1_234;

describe('the insert worker', () => {
  let out: string;
  let server: StaticServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'waypoint-insert-worker-'));
    await build({ configFile: false, root: resolve(__dirname, 'insert-worker-page'), base: './', logLevel: 'error', worker: { format: 'es' }, build: { outDir: out, emptyOutDir: true, minify: false } });
    server = await serveStatic(out);
    profile = await newProfileDir();
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.waitForFunction(() => document.title === 'ready');
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) await removeProfileDir(profile);
    if (out) await rm(out, { recursive: true, force: true });
  });

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
