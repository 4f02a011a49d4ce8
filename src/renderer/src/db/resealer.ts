/**
 * Migration after unlock: records sealed at an older payload version are already upgraded on
 * every read (their codecs); this seals them again at the current version in the background, so
 * the upgrade is done once per practice instead of on every read forever. Records in an envelope
 * that does not bind their state (w1, w2) are sealed again as w3 the same way, so their rev,
 * deleted flag and query fields become authenticated and the server no longer needs the fields.
 *
 * - Which records are older is read from the envelope's clear payload version: no decryption to
 *   find them. Records written by a newer release are left alone.
 * - Found by reading storage a page at a time (no RxDB documents: the document cache and the
 *   garbage they made for 10,000 records gave collections of 170 ms on the main thread), keeping
 *   ids only; each small batch is read again just before it is sealed, and the app gets the main
 *   thread back between batches (`scheduler.yield`, so a key press waits for one batch at most).
 * - A write goes to storage with the stored version as `previous`: a record changed meanwhile
 *   (typed in, synced) is skipped, not overwritten; its new version is current anyway.
 * - An upgrade that fails (the record does not match its version's shape, or is damaged) leaves
 *   the stored record as it was and is reported, with the reason, in the progress.
 * - A re-seal is a new version of the record (rev + 1) and syncs like any local change; its
 *   content and `updatedAt` are unchanged. It goes to storage directly, as replication and
 *   restore write, so no per-record audit entry is made: nothing a person did changed.
 * - Records sealed under an earlier key epoch are sealed again under the newest the same way
 *   (docs/ARCHITECTURE.md, Key epochs); a new epoch while unlocked starts a run.
 */
import { BehaviorSubject } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import { envelopeBindsState, envelopeKeyId, envelopePayloadVersion } from '../../../shared/crypto';
import { codecOf, isNewerRecord, RECORD_CODECS, type Codecs, type StoredRecord } from '../../../shared/records';
import type { SyncDocument } from '../../../shared/sync/protocol';
import { recordThread, resealRecords, yieldToUi } from './open-records';
import { VaultLockedError, type KeySource } from './sealed-store';
import { readStored, storedPages, withoutStorageFields, writeStored, type RxDocumentData, type RxStorageInstance } from './storage';

export const RESEAL_CONTEXT = 'reseal';
/** Records sealed between two yields: about 5 ms of main-thread work (npm run bench) where no worker seals them. */
const BATCH = 25;
const SCAN_PAGE = 500;

export interface ResealFailure {
  collection: string;
  id: string;
  reason: string;
}

export interface ResealProgress {
  status: 'idle' | 'running' | 'done';
  /** Records found at an older payload version when the run started. */
  total: number;
  /** Records handled so far: resealed, skipped (changed meanwhile) or failed. */
  done: number;
  failed: ResealFailure[];
}

type Storage = RxStorageInstance<SyncDocument, unknown, unknown>;

export class Resealer {
  readonly progress$ = new BehaviorSubject<ResealProgress>({ status: 'idle', total: 0, done: 0, failed: [] });
  private running: Promise<ResealProgress> | null = null;
  private again = false;

  constructor(
    private readonly collections: readonly (readonly [string, RxCollection])[],
    private readonly keys: KeySource,
    private readonly codecs: Codecs = RECORD_CODECS,
  ) {}

  /** Whether a stored record is sealed at an older payload version than its kind's current one, in an envelope that does not bind its state, or under an earlier key epoch. */
  private outdated(collection: string, doc: SyncDocument, keyId: string): boolean {
    if (doc._deleted) return false;
    const version = envelopePayloadVersion(doc.sealed);
    try {
      return version !== null && (version < codecOf(collection, doc, this.codecs).current || !envelopeBindsState(doc.sealed) || envelopeKeyId(doc.sealed) !== keyId);
    } catch (error) {
      if (isNewerRecord(error)) return false;
      throw error;
    }
  }

  /**
   * Re-seals every outdated record once; a second call while one runs returns the same run and
   * asks for one more after it (a new key epoch mid-run outdates what the run already passed).
   */
  run(): Promise<ResealProgress> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.reseal().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.run().catch((error: unknown) => console.error('[waypoint:reseal]', error));
      }
    });
    return this.running;
  }

  private async reseal(): Promise<ResealProgress> {
    if (!this.keys.isUnlocked()) return this.progress$.value;
    const keyId = this.keys.requireKey().id;
    const work: [string, Storage, string[]][] = [];
    for (const [name, collection] of this.collections) {
      const ids: string[] = [];
      for await (const page of storedPages(collection.storageInstance, SCAN_PAGE)) {
        for (const doc of page) if (this.outdated(name, doc, keyId)) ids.push(doc.id);
        await yieldToUi();
      }
      if (ids.length > 0) work.push([name, collection.storageInstance as Storage, ids]);
    }
    let progress: ResealProgress = { status: 'running', total: work.reduce((n, [, , ids]) => n + ids.length, 0), done: 0, failed: [] };
    this.progress$.next(progress);
    for (const [name, storage, ids] of work) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        if (!this.keys.isUnlocked()) {
          // Locked mid-way: what is left is picked up after the next unlock.
          progress = { ...progress, status: 'idle' };
          this.progress$.next(progress);
          return progress;
        }
        const failed = await this.resealBatch(name, storage, batch).catch((error: unknown) => {
          if (error instanceof VaultLockedError) return null;
          throw error;
        });
        if (failed === null) continue;
        progress = { ...progress, done: progress.done + batch.length, failed: [...progress.failed, ...failed] };
        this.progress$.next(progress);
        await yieldToUi();
      }
    }
    progress = { ...progress, status: 'done' };
    this.progress$.next(progress);
    return progress;
  }

  /**
   * Seals the records of `ids` again as they are stored now, in the record worker when there is
   * one (`open-records.ts`: the same function either way); one changed meanwhile to a current
   * version (or removed) is left as it is.
   */
  private async resealBatch(collection: string, storage: Storage, ids: readonly string[]): Promise<ResealFailure[]> {
    const key = this.keys.requireKey();
    const stored = [...(await readStored(storage, ids)).values()].filter((doc) => this.outdated(collection, doc, key.id));
    const docs = stored.map((previous) => withoutStorageFields(previous) as StoredRecord);
    const thread = recordThread(this.codecs);
    const resealed = thread !== null ? await thread.reseal(key, collection, docs) : await resealRecords(key, collection, docs, this.codecs);
    const failed: ResealFailure[] = [];
    const writes: { previous: RxDocumentData<SyncDocument>; doc: SyncDocument }[] = [];
    resealed.forEach((result, i) => {
      const doc = docs[i] as SyncDocument;
      if ('sealed' in result) writes.push({ previous: stored[i]!, doc: { ...doc, rev: doc.rev + 1, sealed: result.sealed } });
      else failed.push({ collection, id: doc.id, reason: result.reason });
    });
    // A record changed since it was read is not written: its newer version stands.
    await writeStored(storage, writes, RESEAL_CONTEXT);
    return failed;
  }
}
