/**
 * The record worker's test page (record-worker.test.ts): the app's own modules on Chromium's real
 * IndexedDB and WebCrypto. Synthetic clients are sealed, one is tampered with and one is re-sealed
 * as a newer release would; then they are opened on this thread and in the worker.
 */
import { openDatabase } from '../../../src/renderer/src/db/database';
import { RecordWorker } from '../../../src/renderer/src/db/record-worker';
import { recordsInWorker, resealRecords } from '../../../src/renderer/src/db/open-records';
import { SealedStore, type Settled } from '../../../src/renderer/src/db/sealed-store';
import type { ClientDocType } from '../../../src/renderer/src/db/schemas';
import { sealRecord } from '../../../src/shared/crypto';
import { openPayload, recordState, restoreRecord, type StoredRecord } from '../../../src/shared/records';
import { wireDocument } from '../../../src/shared/sync/protocol';
import { testKeySource } from '../../renderer/support/keys';

type Plain = Pick<ClientDocType, 'kind' | 'status' | 'clientId'>;
type Identity = { firstName: string; lastName: string; dateOfBirth: string };

/** What a settled read returned, comparable across threads: each record, or its error's name and message. */
const outcome = (settled: Settled<Plain, Identity>[]) =>
  settled.map((s) => (s.error === null ? { record: s.record } : { id: s.record.id, error: `${s.error.name}: ${s.error.message}` })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const failure = (work: Promise<unknown>) =>
  work.then(
    () => 'opened',
    (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`,
  );

async function run(count: number) {
  const db = await openDatabase({ name: `record-worker-${crypto.randomUUID()}`, validate: false, only: ['clients'] });
  const keys = await testKeySource();
  const worker = new RecordWorker();
  try {
    await new SealedStore<Plain, Identity>(db.clients as never, keys).bulkInsert(
      Array.from({ length: count }, (_, i) => ({
        id: `client-${String(i).padStart(4, '0')}`,
        plain: { kind: 'client' as const, status: 'active' as const, clientId: '' },
        data: { firstName: `Synthetic${i}`, lastName: `Testperson${i % 37}`, dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}` },
      })),
    );
    const stored = (await db.clients.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON() as unknown as StoredRecord);
    // Tampered: a query field changed in storage. Newer: sealed at a payload version this release does not know.
    await db.clients.upsert({ ...(stored[0] as object), status: 'discharged' } as never);
    const newer = stored[1]!;
    await db.clients.upsert({ ...(newer as object), sealed: await sealRecord(keys.key, { collection: 'clients', id: newer.id }, 99, { firstName: 'Futurefield', futureField: 'Synthetic' }, recordState(newer)) } as never);
    const docs = (await db.clients.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON() as unknown as StoredRecord);

    // The worker's answers against the same function on this thread, record by record.
    const inWorker = await worker.open(keys.key, 'clients', docs);
    const here = await Promise.all(docs.map((doc) => openPayload(keys.key, 'clients', doc).then(({ value }) => ({ value }), () => null)));

    // Re-sealed (rev + 1) in the worker and here: each opens to the value it had; failures give the same reasons.
    const some = docs.slice(0, 12);
    const reopened = async (resealed: Awaited<ReturnType<typeof worker.reseal>>) =>
      Promise.all(resealed.map(async (r, i) => ('sealed' in r ? { value: (await openPayload(keys.key, 'clients', { ...some[i]!, rev: some[i]!.rev + 1, sealed: r.sealed })).value } : r)));
    const resealedInWorker = await reopened(await worker.reseal(keys.key, 'clients', some));
    const resealedHere = await reopened(await resealRecords(keys.key, 'clients', some));

    // Restored as received (wire form: no query fields) in the worker and here; a changed date fails the state check in both.
    const wire = some.map((doc) => wireDocument(doc));
    wire[0] = { ...wire[0]!, updatedAt: wire[0]!.updatedAt + 1 };
    const restoredInWorker = await worker.restore(keys.key, 'clients', wire);
    const restoredHere = await Promise.all(wire.map((doc) => restoreRecord(keys.key, 'clients', doc).catch(() => null)));

    // The sealed store's reads, on this thread and through the worker (each store starts with an empty cache).
    recordsInWorker(null);
    const mainThread = outcome(await new SealedStore<Plain, Identity>(db.clients as never, keys).findSettled());
    let batches = 0;
    recordsInWorker({
      open: (key, collection, batch) => {
        batches++;
        return worker.open(key, collection, batch);
      },
      reseal: worker.reseal,
      restore: worker.restore,
    });
    const throughWorker = outcome(await new SealedStore<Plain, Identity>(db.clients as never, keys).findSettled());

    // Locked before the read, and locked while the worker has the batch.
    keys.lock();
    const locked = await failure(new SealedStore<Plain, Identity>(db.clients as never, keys).find({ status: 'active' }));
    keys.unlock();
    const store = new SealedStore<Plain, Identity>(db.clients as never, keys);
    recordsInWorker({
      open: (key, collection, batch) => {
        const answer = worker.open(key, collection, batch);
        keys.lock();
        return answer;
      },
      reseal: worker.reseal,
      restore: worker.restore,
    });
    const lockedMidway = await failure(store.find({ status: 'active' }));
    recordsInWorker(null);
    keys.unlock();
    // Unlocked again, the same store reads as before.
    const afterwards = (await store.find({ status: 'active' })).length;
    return { count: docs.length, inWorker, here, resealedInWorker, resealedHere, wire, restoredInWorker, restoredHere, mainThread, throughWorker, batches, locked, lockedMidway, afterwards };
  } finally {
    worker.terminate();
    recordsInWorker(null);
    await db.remove();
  }
}

(window as unknown as { recordWorker: { run: typeof run } }).recordWorker = { run };
document.title = 'ready';
