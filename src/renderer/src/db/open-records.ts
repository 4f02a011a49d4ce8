/**
 * Opening and re-sealing many sealed records at once (docs/ARCHITECTURE.md: Work off the UI
 * thread): AES-GCM, the state check and each kind's codec (zod) cost about 0.1 ms a record, which
 * over the thousands a dashboard, an integrity check or a re-seal handles would hold the window's
 * thread for hundreds of milliseconds. The record worker (`records.worker.ts`) runs these
 * functions on the key the window posts with each batch (a non-extractable CryptoKey can be
 * posted, never read out); the window runs the same functions when there is no worker (unit
 * tests in Node) or the codecs are not the release's own (tests of a record change).
 */
import type { DataKey } from '../../../shared/crypto';
import { openPayload, RECORD_CODECS, restoreRecord, sealPayload, type Codecs, type StoredRecord } from '../../../shared/records';

/** Records opened in parallel: thousands of WebCrypto calls in flight at once are slower than a steady stream. */
const CHUNK = 64;

/** `each` of the records, CHUNK in flight at a time, results in the records' order. */
async function inChunks<T>(docs: readonly StoredRecord[], each: (doc: StoredRecord) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < docs.length; i += CHUNK) results.push(...(await Promise.all(docs.slice(i, i + CHUNK).map(each))));
  return results;
}

/**
 * Each record's value (validated and upgraded to its kind's current version, RECORD_CODECS), or
 * null where it could not be opened: the caller opens those again where it can throw the typed
 * error (tampered, newer, misshapen), so no error has to cross between threads.
 */
export function openRecords(key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<({ value: unknown } | null)[]> {
  return inChunks(docs, (doc) =>
    openPayload(key, collection, doc).then(
      ({ value }) => ({ value }),
      () => null,
    ),
  );
}

/**
 * Each received record made whole (its query fields restored from its envelope and checked,
 * `restoreRecord`), or null where it could not be: as with `openRecords`, the caller restores
 * those again on its own thread, where the typed error is thrown and reported.
 */
export function restoreRecords(key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<(StoredRecord | null)[]> {
  return inChunks(docs, (doc) => restoreRecord(key, collection, doc).catch(() => null));
}

/** A record sealed again as stored (rev + 1) at its kind's current version under `key`'s epoch: its new envelope, or why it could not be. */
export type Resealed = { sealed: string } | { reason: string };

export async function resealRecords(key: DataKey, collection: string, docs: readonly StoredRecord[], codecs: Codecs = RECORD_CODECS): Promise<Resealed[]> {
  return Promise.all(
    docs.map(async (doc): Promise<Resealed> => {
      try {
        const { value } = await openPayload(key, collection, doc, codecs);
        return { sealed: (await sealPayload(key, collection, { ...doc, rev: doc.rev + 1 }, value, codecs)).sealed };
      } catch (error) {
        return { reason: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

export interface RecordRequest {
  id: number;
  op: 'open' | 'reseal' | 'restore';
  key: DataKey;
  collection: string;
  docs: StoredRecord[];
}

export type RecordReply = { id: number; result: ({ value: unknown } | null)[] | Resealed[] | (StoredRecord | null)[] } | { id: number; failure: string };

/** Another thread that opens, re-seals and restores records (the record worker), with the release's own codecs. */
export interface RecordThread {
  open(key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<({ value: unknown } | null)[]>;
  reseal(key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<Resealed[]>;
  restore(key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<(StoredRecord | null)[]>;
}

let thread: RecordThread | null = null;

/** Sends bulk opens (lists, queries, integrity checks) and re-seals to `worker`; null keeps them on this thread. */
export function recordsInWorker(worker: RecordThread | null): void {
  thread = worker;
}

/** The thread for bulk work with these codecs, if there is one. */
export function recordThread(codecs: Codecs): RecordThread | null {
  return codecs === RECORD_CODECS ? thread : null;
}

/** Lets the browser paint and handle input: the Prioritized Task Scheduling API's yield where there is one (Chromium), a new task elsewhere. */
export const yieldToUi = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};
