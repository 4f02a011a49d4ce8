/**
 * Benchmark cases that run inside Chromium, on the real IndexedDB, with the app's own code.
 * Each returns milliseconds (or several named figures); scripts/bench.ts calls them and reports.
 */
import { createRxDatabase, type RxCollection, type RxStorage } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createPracticeKey } from '../../src/shared/crypto';
import { openDatabase } from '../../src/renderer/src/db/database';
import type { ClientDocType } from '../../src/renderer/src/db/schemas';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { Codec, RECORD_CODECS, staffDetailsSchema, type Codecs } from '../../src/shared/records';
import { Resealer } from '../../src/renderer/src/db/resealer';
import { z } from 'zod';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { KeyringStore } from '../../src/renderer/src/vault/keyring';
import { createVault } from '../../src/renderer/src/vault';
import { filter, firstValueFrom } from 'rxjs';
import { argon2Here, MIN_ARGON2, newSalt, runArgon2With } from '../../src/shared/crypto';
import { VaultWorker } from '../../src/renderer/src/vault/worker-client';
import { loadDemoPractice } from '../../src/renderer/src/demo/load-demo';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { ClientSearchService } from '../../src/renderer/src/search/client-search-service';
import { openCryptoJsDatabase } from './cryptojs-baseline';
import { benchRecords, plainSchema, type BenchRecord } from './records';
import { fixedKeys } from './keys';
import { syncCases } from './sync';
import { practiceCases, searchQueries, timeSearches } from './practice-cases';
import { startRecordWorker } from './record-worker';

function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

function idbRequest<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

/** Raw IndexedDB: one object store, every record put in one transaction. */
async function idbBulkPut(count: number): Promise<number> {
  const name = uniqueName('bench-raw');
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('records', { keyPath: 'id' });
  const db = await idbRequest(open);
  const data = benchRecords(count);
  const [elapsed] = await timed(async () => {
    const tx = db.transaction('records', 'readwrite');
    const store = tx.objectStore('records');
    for (const record of data) store.put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  });
  db.close();
  await idbRequest(indexedDB.deleteDatabase(name));
  return elapsed;
}

export interface InsertQuery {
  insertMs: number;
  queryMs: number;
}

/** Plain RxDB + Dexie, records stored as they are: the floor the sealed store is compared with. */
async function plainRxdb(count: number): Promise<InsertQuery> {
  const db = await createRxDatabase<{ records: RxCollection<BenchRecord> }>({ name: uniqueName('bench-plain'), storage: getRxStorageDexie() as RxStorage<unknown, unknown>, multiInstance: false });
  await db.addCollections({ records: { schema: plainSchema } });
  const data = benchRecords(count);
  const [insertMs, result] = await timed(() => db.records.bulkInsert(data));
  if (result.error.length > 0) throw new Error(`bulkInsert failed for ${result.error.length} records`);
  const [queryMs, found] = await timed(async () => (await db.records.find().exec()).map((d) => d.toJSON()));
  if (found.length !== count) throw new Error(`query returned ${found.length} of ${count}`);
  await db.remove();
  return { insertMs, queryMs };
}

/** RxDB's crypto-js plugin with the three secret fields encrypted. */
async function cryptoJsRxdb(count: number): Promise<InsertQuery> {
  const db = await openCryptoJsDatabase(uniqueName('bench-cryptojs'));
  const data = benchRecords(count);
  const [insertMs, result] = await timed(() => db.records.bulkInsert(data));
  if (result.error.length > 0) throw new Error(`bulkInsert failed for ${result.error.length} records`);
  const [queryMs, found] = await timed(async () => (await db.records.find().exec()).map((d) => d.toJSON()));
  if (found.length !== count || found.find((r) => r.id === 'record-000001')?.firstName !== 'Synthfirst1') throw new Error(`crypto-js query did not decrypt: ${found.length} of ${count}`);
  await db.remove();
  return { insertMs, queryMs };
}

type ClientPlain = Pick<ClientDocType, 'kind' | 'status' | 'clientId'>;

/** The bench's own record shape, validated on every seal and open like the app's kinds. */
const BENCH_CODECS = { clients: { by: null, kinds: { '': Codec.of('bench', z.object({ firstName: z.string(), lastName: z.string(), note: z.string() }).strict()) as Codec<unknown> } } };

/** The app's sealed store: names and note sealed with AES-256-GCM per document, on the app's database. */
async function sealedRxdb(count: number): Promise<InsertQuery> {
  const db = await openDatabase({ name: uniqueName('bench-sealed'), validate: false });
  const { dataKey, raw } = await createPracticeKey();
  raw.fill(0);
  const keys = fixedKeys(dataKey);
  const store = new SealedStore<ClientPlain, Pick<BenchRecord, 'firstName' | 'lastName' | 'note'>>(db.clients, keys, Date.now, BENCH_CODECS);
  const data = benchRecords(count).map(({ id, kind, status, firstName, lastName, note }) => ({ id, plain: { kind, status, clientId: '' }, data: { firstName, lastName, note } }));
  const [insertMs, result] = await timed(() => store.bulkInsert(data));
  if (result.failed.length > 0) throw new Error(`bulkInsert failed for ${result.failed.length} records`);
  // A new store has an empty cache: every record is decrypted, as after an unlock.
  const [queryMs, found] = await timed(() => new SealedStore<ClientPlain, Pick<BenchRecord, 'firstName' | 'lastName' | 'note'>>(db.clients, keys, Date.now, BENCH_CODECS).find());
  if (found.length !== count || found.find((r) => r.id === 'record-000001')?.data.firstName !== 'Synthfirst1') throw new Error(`sealed query did not decrypt: ${found.length} of ${count}`);
  await db.remove();
  return { insertMs, queryMs };
}

export interface UnlockFigures {
  calibratedMemoryKiB: number;
  calibratedIterations: number;
  unlockMs: number;
  /** The longest task on this (the UI) thread while unlocking; 0 when none reached Chromium's 50 ms long-task mark. */
  longestTaskMs: number;
  /** The control: the same measurement around one derivation at the same cost run on this thread, as before the Worker. */
  inThreadTaskMs: number;
  firstQueryMs: number;
}

let vaultWorker: VaultWorker | null = null;

/** The longest long task (≥ 50 ms, Chromium's Long Tasks API) on this thread while `work` runs. */
async function longestTask<T>(work: () => Promise<T>): Promise<[number, T]> {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => durations.push(...list.getEntries().map((entry) => entry.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  try {
    const result = await work();
    // Entries are delivered asynchronously: let the last task's entry arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    durations.push(...observer.takeRecords().map((entry) => entry.duration));
    return [Math.max(0, ...durations), result];
  } finally {
    observer.disconnect();
  }
}

/**
 * Unlock as a clinician would: a practice set up with this device's calibrated Argon2id cost and
 * `clients` client records, locked; then the passphrase (Argon2id + unwrap) and the client list.
 */
async function unlock(clients: number): Promise<UnlockFigures> {
  const db = await openDatabase({ name: uniqueName('bench-unlock'), validate: false });
  // As the app runs it (main.tsx): Argon2id and the passphrase rules in the vault Worker.
  vaultWorker ??= new VaultWorker();
  runArgon2With(vaultWorker.argon2);
  const parts = createVault(db, { checkPassphrase: vaultWorker.checkPassphrase });
  const { vault } = parts;
  await vault.init();
  await parts.enrolment.createPractice({ practiceName: 'Bench Synthetic Practice', adminName: 'Bench Admin', passphrase: 'bench tangerine glacier orbit', recoveryCode: parts.enrolment.newRecoveryCode() });
  const store = new SealedStore<ClientPlain, unknown>(db.clients, vault);
  await store.bulkInsert(benchRecords(clients).map((r) => ({ id: r.id, plain: { kind: 'client' as const, status: 'active' as const, clientId: '' }, data: { firstName: r.firstName, lastName: r.lastName, dateOfBirth: '1990-01-01' } })));
  await vault.lock('manual');
  const keyring = (await new KeyringStore(db).load())!;
  const repository = new ClientsRepository(db.clients, vault);
  const [longestTaskMs, [unlockMs]] = await longestTask(() => timed(() => vault.unlock(keyring.profiles[0]!.id, 'bench tangerine glacier orbit')));
  const [inThreadTaskMs] = await longestTask(() => argon2Here('bench tangerine glacier orbit', { ...keyring.argon2, salt: newSalt() }));
  const [firstQueryMs, list] = await timed(() => firstValueFrom(repository.list$()));
  if (list.length !== clients) throw new Error(`client list returned ${list.length} of ${clients}`);
  await db.remove();
  return { calibratedMemoryKiB: keyring.argon2.memoryKiB, calibratedIterations: keyring.argon2.iterations, unlockMs, longestTaskMs, inThreadTaskMs, firstQueryMs };
}

export interface SearchFigures {
  clients: number;
  sessions: number;
  loadMs: number;
  indexMs: number;
  openListMs: number;
  firstSearchMs: number;
  searchMedianMs: number;
  searchMaxMs: number;
  queries: number;
}

/**
 * The demo practice at `clients` clients (about 12 sessions each), locked and unlocked again: the
 * search index built from the decrypted clients, the client list opened, and searches typed.
 */
async function clientSearch(clients: number): Promise<SearchFigures> {
  const db = await openDatabase({ name: uniqueName('bench-search'), validate: false });
  const parts = createVault(db, { calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) });
  const { vault } = parts;
  await vault.init();
  await parts.enrolment.createPractice({ practiceName: 'Bench Synthetic Practice', adminName: 'Bench Admin', passphrase: 'bench tangerine glacier orbit', recoveryCode: parts.enrolment.newRecoveryCode() });
  const repos = {
    staff: new StaffRepository(db.staff, vault),
    programs: new ProgramsRepository(db.programs, vault),
    clients: new ClientsRepository(db.clients, vault),
    episodes: new EpisodesRepository(db.episodes, vault),
    sessions: new SessionsRepository(db.sessions, vault),
  };
  const [loadMs, loaded] = await timed(() => loadDemoPractice(repos, { today: '2026-11-26', clients }));
  await vault.lock('manual');
  const search = new ClientSearchService(repos.clients, vault);
  const keyring = (await new KeyringStore(db).load())!;
  await vault.unlock(keyring.profiles[0]!.id, 'bench tangerine glacier orbit');
  const [indexMs] = await timed(() => firstValueFrom(search.size$.pipe(filter((n) => n === clients))));
  const [openListMs] = await timed(() => firstValueFrom(repos.clients.list$()));
  const times = timeSearches(search, searchQueries(await repos.clients.all()));
  await db.remove();
  const sorted = [...times].sort((a, b) => a - b);
  return { clients, sessions: loaded.sessions, loadMs, indexMs, openListMs, firstSearchMs: times[0]!, searchMedianMs: sorted[Math.floor(sorted.length / 2)]!, searchMaxMs: sorted.at(-1)!, queries: times.length };
}

export interface NotesFigures {
  members: number;
  openSessionMs: number;
  saveP50Ms: number;
  saveP95Ms: number;
  saves: number;
}

/**
 * Issue 5: a group of `members` with a signed note each from the previous session. Opening the
 * next session reads everything written for it and every member's last note (what copy-forward
 * needs); then a clinician's pauses in typing, each sealed and written (the durable save itself).
 */
async function groupNotes(members: number): Promise<NotesFigures> {
  const db = await openDatabase({ name: uniqueName('bench-notes'), validate: false });
  const { dataKey, raw } = await createPracticeKey();
  raw.fill(0);
  const notes = new NotesRepository(db.notes, fixedKeys(dataKey));
  const clients = Array.from({ length: members }, (_, i) => `client-${i}`);
  const target = (clientId: string, sessionId: string, date: string) => ({ sessionId, clientId, date, kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-bench' });
  const signer = { staffId: 'staff-bench', name: 'Bench Synthetic', credentials: 'LCSW', needsCosignature: false };
  const text = 'Synthetic: practised the skill in session and identified a personal example. '.repeat(3);
  for (const clientId of clients) {
    const draft = await notes.saveDraft(target(clientId, 'session-last', '2026-11-23'), { fields: { goal: text, intervention: text, response: text, plan: text, participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' } });
    await notes.sign(draft.id, signer, '2026-11-23T12:00:00.000Z');
  }
  // A fresh repository: nothing decrypted yet, as when the workspace opens after an unlock.
  const fresh = new NotesRepository(db.notes, fixedKeys(dataKey));
  const [openSessionMs] = await timed(() => Promise.all([firstValueFrom(fresh.session$('session-today')), ...clients.map((c) => fresh.lastNoteBefore(c, 'progress', '2026-11-25'))]));
  const saves: number[] = [];
  let typed = '';
  for (let i = 0; i < 200; i++) {
    typed += 'word ';
    const [ms] = await timed(() => fresh.saveDraft(target(clients[i % members]!, 'session-today', '2026-11-25'), { fields: { response: typed } }));
    saves.push(ms);
  }
  await db.remove();
  const sorted = [...saves].sort((a, b) => a - b);
  return { members, openSessionMs, saveP50Ms: sorted[Math.floor(sorted.length * 0.5)]!, saveP95Ms: sorted[Math.floor(sorted.length * 0.95)]!, saves: saves.length };
}

/** A next release's staff details (a renamed field and a new one with a default), as in test/renderer/reseal.test.ts. */
const STAFF_V2: Codecs = {
  ...RECORD_CODECS,
  staff: {
    by: null,
    kinds: {
      '': Codec.of('staff', staffDetailsSchema).then(z.object({ name: z.string(), credentials: z.string(), needsCosignature: z.boolean(), signsAs: z.string() }).strict(), ({ displayName, ...rest }) => ({
        ...rest,
        name: displayName,
        signsAs: '',
      })) as Codec<unknown>,
    },
  },
};

export interface ResealFigures {
  count: number;
  resealed: number;
  failed: number;
  ms: number;
  /** Main-thread tasks over 50 ms while it ran (PerformanceObserver 'longtask'). */
  longTasks: number;
  longestTaskMs: number;
}

/**
 * Migration after unlock: `count` records stored at payload version 1, sealed again by the app's
 * Resealer: at version 2 (`to: 'version'`), or under a new key epoch (`to: 'epoch'`, issue 15:
 * the session key is then a newer epoch holding the first as an earlier one).
 */
async function resealTo(count: number, to: 'version' | 'epoch'): Promise<ResealFigures> {
  const db = await openDatabase({ name: uniqueName('bench-reseal'), validate: false, only: ['staff'] });
  const first = await createPracticeKey();
  first.raw.fill(0);
  const store = new SealedStore<{ role: 'clinician'; status: 'active' }, { displayName: string; credentials: string; needsCosignature: boolean }>(db.staff as never, fixedKeys(first.dataKey));
  await store.bulkInsert(
    Array.from({ length: count }, (_, i) => ({ id: `staff-${i}`, plain: { role: 'clinician' as const, status: 'active' as const }, data: { displayName: `Synthetic Person ${i}`, credentials: 'LPC', needsCosignature: i % 2 === 0 } })),
  );
  let keys = fixedKeys(first.dataKey);
  if (to === 'epoch') {
    const next = await createPracticeKey();
    next.raw.fill(0);
    keys = fixedKeys({ ...next.dataKey, older: new Map([[first.dataKey.id, first.dataKey.key]]) });
  }
  // As the app runs it (app/start-app.ts): sealing in the record worker, for the release's own codecs (the epoch case; version 1 → 2 uses a test codec, so it seals on this thread).
  startRecordWorker();
  // The insert's last tasks (its garbage included) end before the measured window opens.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration)));
  observer.observe({ type: 'longtask' });
  // The runner's trace counts the main thread's tasks between these marks.
  performance.mark('reseal-start');
  const [ms, result] = await timed(() => new Resealer([['staff', db.staff]] as never, keys, to === 'version' ? STAFF_V2 : RECORD_CODECS).run());
  performance.mark('reseal-end');
  // Long-task entries arrive after the task: let them in before counting.
  await new Promise((resolve) => setTimeout(resolve, 200));
  observer.disconnect();
  await db.remove();
  return { count, resealed: result.done - result.failed.length, failed: result.failed.length, ms, longTasks: longTasks.length, longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0 };
}

const reseal = (count: number) => resealTo(count, 'version');
const resealEpoch = (count: number) => resealTo(count, 'epoch');

const cases = { reseal, resealEpoch, idbBulkPut, plainRxdb, sealedRxdb, cryptoJsRxdb, unlock, clientSearch, groupNotes, ...practiceCases, ...syncCases };
export type BenchCases = typeof cases;
(window as unknown as { waypointBench: BenchCases }).waypointBench = cases;
document.title = 'ready';
