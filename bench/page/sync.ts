/**
 * Issue 7: sync measured on the device side, in Chromium, with the app's SyncService, repositories
 * and sealed documents, against the real server that scripts/bench.ts runs in its Node process (on
 * another origin: the server allows this page's origin by CORS).
 */
import { Arrival } from '../../src/renderer/src/arrival/arrival';
import { filter, firstValueFrom } from 'rxjs';
import { openDatabase, type WaypointCollections } from '../../src/renderer/src/db/database';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { SyncClient } from '../../src/renderer/src/sync/sync-client';
import { SyncConfigStore } from '../../src/renderer/src/sync/sync-config';
import { SyncService } from '../../src/renderer/src/sync/sync-service';
import { createPracticeKey, type DataKey } from '../../src/shared/crypto';
import { clientIdentitySchema } from '../../src/shared/clients';
import { sealPayload } from '../../src/shared/records';
import { templateFor } from '../../src/shared/notes';
import { LIMITS, type SyncDocument } from '../../src/shared/sync/protocol';
import { fixedKeys } from './keys';
import { startRecordWorker } from './record-worker';
import { benchRecords } from './records';

/** A device of the practice, as the server enrolled it. */
export interface BenchDevice {
  practiceId: string;
  deviceId: string;
  token: string;
}

const SEAL_CHUNK = 64;

function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The storage bench's records as sealed client documents, exactly as they travel and are stored. */
async function sealedClients(key: DataKey, count: number): Promise<SyncDocument[]> {
  const records = benchRecords(count);
  const docs: SyncDocument[] = [];
  for (let i = 0; i < records.length; i += SEAL_CHUNK) {
    const chunk = records.slice(i, i + SEAL_CHUNK).map(async ({ id, kind, status, clientId, rev, updatedAt, firstName, lastName }) => {
      // Sealed as the app seals a client (a w3 envelope bound to its rev, time and plaintext fields).
      const doc = { id, kind, status, clientId, rev, updatedAt };
      const { sealed } = await sealPayload(key, 'clients', doc, clientIdentitySchema.parse({ firstName, lastName, dateOfBirth: '1990-01-01' }));
      return { ...doc, sealed, _deleted: false } as SyncDocument;
    });
    docs.push(...(await Promise.all(chunk)));
  }
  return docs;
}

/** A device as the app runs one: its database, sync settings, conflicts sink and SyncService (not started). */
async function openDevice(serverUrl: string, device: BenchDevice, key: DataKey, only?: (keyof WaypointCollections)[], name = uniqueName('bench-sync-device')) {
  // As the app runs a device: received records are restored in the record worker.
  startRecordWorker();
  const db = await openDatabase({ name, validate: false, ...(only ? { only } : {}) });
  const keys = fixedKeys(key);
  const config = new SyncConfigStore(db, keys);
  await config.save({ serverUrl, practiceId: device.practiceId, deviceId: device.deviceId, deviceName: 'Bench device', role: 'member' }, device.token);
  const sync = new SyncService(db, config, { arrival: new Arrival(db, keys, { conflicts: new ConflictsRepository(db.conflicts, keys) }), whenUnlocked: async () => undefined }, { appVersion: __APP_VERSION__ });
  const upToDate = () => firstValueFrom(sync.status$.pipe(filter((s) => s.phase === 'up-to-date' && s.pending === 0)));
  return { db, keys, sync, upToDate };
}

export interface InitialSyncFigures {
  documents: number;
  /** A fresh device (every collection), from SyncService.start() to "up to date" with every document stored. */
  syncMs: number[];
  /** The same sealed documents, bulkInserted into a fresh `clients` collection on the same storage. */
  insertMs: number[];
}

/**
 * (a) Initial sync of `documents` sealed client records to a fresh device. The uploader pushes them
 * first (not timed); each round then times a raw bulkInsert of the same documents and a fresh
 * device's sync, each on a new database.
 */
async function syncInitial({ serverUrl, uploader, device, documents, rounds }: { serverUrl: string; uploader: BenchDevice; device: BenchDevice; documents: number; rounds: number }): Promise<InitialSyncFigures> {
  const { dataKey } = await createPracticeKey();
  const docs = await sealedClients(dataKey, documents);
  const client = new SyncClient({ serverUrl, token: uploader.token, appVersion: __APP_VERSION__ });
  for (let i = 0; i < docs.length; i += LIMITS.pushBatch) {
    const { conflicts } = await client.push('clients', docs.slice(i, i + LIMITS.pushBatch).map((newDocumentState) => ({ newDocumentState })));
    if (conflicts.length > 0) throw new Error(`the upload met ${conflicts.length} conflicts`);
  }
  const figures: InitialSyncFigures = { documents, syncMs: [], insertMs: [] };
  for (let round = 0; round < rounds; round++) {
    const raw = await openDatabase({ name: uniqueName('bench-sync-raw'), validate: false, only: ['clients'] });
    const started = performance.now();
    const inserted = await raw.clients.bulkInsert(docs as never[]);
    figures.insertMs.push(performance.now() - started);
    if (inserted.error.length > 0) throw new Error(`bulkInsert failed for ${inserted.error.length} documents`);
    await raw.remove();

    const fresh = await openDevice(serverUrl, device, dataKey);
    // The runner's profile (BENCH_PROFILE) reads the first round's marks.
    performance.mark('phase-start');
    const syncStarted = performance.now();
    await fresh.sync.start();
    await fresh.upToDate();
    const stored = await fresh.db.clients.count().exec();
    figures.syncMs.push(performance.now() - syncStarted);
    performance.mark('phase-end');
    if (stored !== documents) throw new Error(`the fresh device holds ${stored} of ${documents} documents; sync status ${JSON.stringify(fresh.sync.status$.value)}`);
    const opened = await new ClientsRepository(fresh.db.clients, fresh.keys).get(docs[0]!.id);
    if ((opened?.data as { firstName?: string } | undefined)?.firstName !== 'Synthfirst0') throw new Error('a synced record did not open');
    await fresh.sync.stop();
    await fresh.db.remove();
  }
  return figures;
}

/** Counts what each device (by its token) sends and receives over fetch: request bodies, and response bodies as read, streams included. */
function countTraffic() {
  const original = window.fetch;
  const bytes = new Map<string, { sent: number; received: number }>();
  const of = (authorization: string) => bytes.get(authorization) ?? bytes.set(authorization, { sent: 0, received: 0 }).get(authorization)!;
  window.fetch = async (input, init) => {
    const tally = of(new Headers(init?.headers).get('authorization') ?? '');
    if (typeof init?.body === 'string') tally.sent += new TextEncoder().encode(init.body).byteLength;
    const response = await original(input, init);
    if (response.body === null) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          tally.received += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return {
    /** What the device moved since the last take; zeroed in place, since a stream keeps counting into the same tally. */
    take(token: string) {
      const tally = of(`Bearer ${token}`);
      const taken = { ...tally };
      tally.sent = 0;
      tally.received = 0;
      return taken;
    },
    restore: () => void (window.fetch = original),
  };
}

export interface IncrementalSyncFigures {
  edits: number;
  /** Per edit: from the editing device's save until the other device stores the new version. */
  ms: number[];
  /** Per edit, the editing device's bytes over the wire: sent (request bodies) and received. */
  sent: number[];
  received: number[];
  /** Per edit, what the other device received (the live event and its pull). */
  otherReceived: number[];
}

const TEXT = 'Synthetic: practised the skill in session and identified a personal example. '.repeat(3);

/**
 * (b) One edited note, `edits` times: two devices syncing live (notes and conflicts only, so that
 * nothing else moves), a note both hold; one field edited on the first, timed until the second
 * stores it, with the bytes each moved.
 */
async function syncIncremental({ serverUrl, devices, edits }: { serverUrl: string; devices: [BenchDevice, BenchDevice]; edits: number }): Promise<IncrementalSyncFigures> {
  const { dataKey } = await createPracticeKey();
  const [a, b] = await Promise.all([openDevice(serverUrl, devices[0], dataKey, ['notes', 'conflicts']), openDevice(serverUrl, devices[1], dataKey, ['notes', 'conflicts'])]);
  const notes = new NotesRepository(a.db.notes, a.keys);
  const target = { sessionId: 'session-bench', clientId: 'client-bench', date: '2026-11-25', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-bench' };
  const { id } = await notes.saveDraft(target, { fields: { goal: TEXT, intervention: TEXT, response: TEXT, plan: TEXT } });
  const onB = (rev: number) => firstValueFrom(b.db.notes.findOne(id).$.pipe(filter((doc) => doc !== null && doc.rev >= rev)));
  // Counted from before the live streams open, so that their events are counted too.
  const traffic = countTraffic();
  const figures: IncrementalSyncFigures = { edits, ms: [], sent: [], received: [], otherReceived: [] };
  try {
    await Promise.all([a.sync.start(), b.sync.start()]);
    await Promise.all([a.upToDate(), b.upToDate(), onB(1)]);
    traffic.take(devices[0].token);
    traffic.take(devices[1].token);
    for (let i = 0; i < edits; i++) {
      const started = performance.now();
      const saved = await notes.saveDraft(target, { fields: { response: `${TEXT} Edit ${i}.` } });
      await onB(saved.rev);
      figures.ms.push(performance.now() - started);
      // Everything this edit set off has finished before its bytes are read.
      await Promise.all([a.upToDate(), b.upToDate()]);
      const mine = traffic.take(devices[0].token);
      figures.sent.push(mine.sent);
      figures.received.push(mine.received);
      figures.otherReceived.push(traffic.take(devices[1].token).received);
    }
  } finally {
    traffic.restore();
    for (const device of [a, b]) {
      await device.sync.stop();
      await device.db.remove();
    }
  }
  return figures;
}

export interface PendingStartupFigures {
  edits: number;
  /** Database opened, sync service set up and started, until it is syncing: with the edits pending, and once they are sent. */
  withPendingMs: number;
  withoutPendingMs: number;
  /** The longest main-thread task in the start with edits pending (0: none reached 50 ms). */
  longestTaskMs: number;
  /** From syncing to every pending edit acknowledged. */
  sentMs: number;
}

/**
 * (d) What `edits` notes written while sync was stopped (offline) add to start-up: a device synced
 * and stopped, the notes written, the device started again with them pending, then once more after
 * they were sent. Start-up is the database opened and the sync service started until it is syncing.
 */
async function syncPendingStartup({ serverUrl, device, edits }: { serverUrl: string; device: BenchDevice; edits: number }): Promise<PendingStartupFigures> {
  const { dataKey } = await createPracticeKey();
  const name = uniqueName('bench-sync-pending');
  const start = async () => {
    const started = performance.now();
    const opened = await openDevice(serverUrl, device, dataKey, undefined, name);
    await opened.sync.start();
    await firstValueFrom(opened.sync.status$.pipe(filter((s) => s.phase === 'syncing' || s.phase === 'up-to-date')));
    return { ...opened, ms: performance.now() - started };
  };
  const first = await start();
  await first.upToDate();
  await first.sync.stop();
  const fields = Object.fromEntries(templateFor('GIRP').fields.map((f) => [f.key, f.quickPicks[0] ?? TEXT]));
  await new NotesRepository(first.db.notes, first.keys).importMany(
    Array.from({ length: edits }, (_, i) => ({ sessionId: `bench-offline-session-${i}`, clientId: 'bench-client', date: '2026-11-25', kind: 'progress' as const, authorId: 'staff-bench', stored: { note: { templateId: 'GIRP' as const, fields, goalIds: [], status: 'draft' as const } } })),
  );
  await first.db.close();

  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const pending = await start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  const sending = performance.now();
  await pending.upToDate();
  const sentMs = performance.now() - sending;
  if ((await pending.db.notes.count().exec()) < edits) throw new Error('the offline notes were not kept');
  await pending.sync.stop();
  await pending.db.close();

  const clean = await start();
  await clean.upToDate();
  await clean.sync.stop();
  await clean.db.remove();
  return { edits, withPendingMs: pending.ms, withoutPendingMs: clean.ms, longestTaskMs: Math.max(0, ...tasks), sentMs };
}

export const syncCases = { syncInitial, syncIncremental, syncPendingStartup };
