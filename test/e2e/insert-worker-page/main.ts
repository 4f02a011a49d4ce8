/**
 * The insert worker's test page (insert-worker.test.ts): the app's own storage layer on Chromium's
 * real IndexedDB. The same notes are inserted through the insert worker and on this thread, then
 * some ids again through the worker.
 */
import type { DexieStorageInternals } from 'rxdb/plugins/core';
import { openDatabase, type WaypointDatabase } from '../../../src/renderer/src/db/database';
import { insertStored, rowSink } from '../../../src/renderer/src/db/storage';
import { syntheticNote } from '../../renderer/support/synthetic-notes';

/** Every hundredth, from the seventh, a deletion. */
const note = (n: number) => syntheticNote(n, n % 100 === 7);

/** The stored rows without what differs between two databases: the write time and the token. */
async function rows(db: WaypointDatabase): Promise<Record<string, unknown>[]> {
  const { dexieTable } = await (db.notes.storageInstance.internals as DexieStorageInternals);
  return ((await dexieTable.toArray()) as Record<string, unknown>[]).map(({ _meta, _rev, ...row }) => ({ ...row, lwt: typeof (_meta as { lwt: unknown }).lwt, rev: String(_rev).split('-')[0] }));
}

async function run(count: number) {
  const [inWorker, here] = await Promise.all(['worker', 'here'].map((name) => openDatabase({ name: `insert-worker-${name}-${crypto.randomUUID()}`, validate: false, only: ['notes'] })));
  const sink = rowSink();
  try {
    const docs = Array.from({ length: count }, (_, i) => note(i));
    // A query run before the insert: RxDB's events must reach it.
    const before = await inWorker!.notes.count().exec();
    await insertStored(inWorker!.notes, docs, 'restore', sink);
    await insertStored(here!.notes, docs, 'restore');
    const counted = await inWorker!.notes.count().exec();
    // Five ids already there among new ones: refused whole.
    const again = await insertStored(inWorker!.notes, [...docs.slice(10, 15), note(count), note(count + 1)], 'restore', sink).then(
      () => 'written',
      (error: unknown) => (error as Error).message,
    );
    return { before, counted, again, after: (await rows(inWorker!)).length, inWorker: await rows(inWorker!), here: await rows(here!) };
  } finally {
    sink.close();
    await Promise.all([inWorker!.remove(), here!.remove()]);
  }
}

(window as unknown as { insertWorker: unknown }).insertWorker = { run };
document.title = 'ready';
