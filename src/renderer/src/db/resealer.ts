/**
 * Migration after unlock: records sealed at an older payload version are already upgraded on
 * every read (their codecs); this seals them again at the current version in the background, so
 * the upgrade is done once per practice instead of on every read forever. Records in an envelope
 * that does not bind their state (w1, w2) are sealed again as w3 the same way, so their rev,
 * deleted flag and query fields become authenticated and the server no longer needs the fields.
 *
 * - Which records are older is read from the envelope's clear payload version: no decryption to
 *   find them. Records written by a newer release are left alone.
 * - A small batch at a time, yielding between batches, so the app stays usable meanwhile.
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
import type { RxCollection, RxDocumentData } from 'rxdb/plugins/core';
import { envelopeBindsState, envelopeKeyId, envelopePayloadVersion } from '../../../shared/crypto';
import { codecOf, isNewerRecord, openPayload, RECORD_CODECS, sealPayload, type Codecs, type StoredRecord } from '../../../shared/records';
import { VaultLockedError, type KeySource } from './sealed-store';
import type { SealedFields } from './schemas';

export const RESEAL_CONTEXT = 'reseal';
const BATCH = 50;
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

type Stored = RxDocumentData<SealedFields & Record<string, unknown>>;

/** Lets the browser paint and handle input between batches. */
const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

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
  private outdated(collection: string, doc: Stored, keyId: string): boolean {
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
    const work: [string, RxCollection, Stored[]][] = [];
    for (const [name, collection] of this.collections) {
      // Read a page at a time, yielding between pages: one query over every record held the main
      // thread for half a second at 10,000 records (npm run bench).
      const docs: Stored[] = [];
      for (let after = ''; ; ) {
        const page = (await collection.find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: SCAN_PAGE }).exec()).map((d) => d.toJSON(true) as unknown as Stored);
        docs.push(...page.filter((d) => this.outdated(name, d, keyId)));
        if (page.length < SCAN_PAGE) break;
        after = page[page.length - 1]!.id;
        await yieldToUi();
      }
      if (docs.length > 0) work.push([name, collection, docs]);
    }
    let progress: ResealProgress = { status: 'running', total: work.reduce((n, [, , docs]) => n + docs.length, 0), done: 0, failed: [] };
    this.progress$.next(progress);
    for (const [name, collection, docs] of work) {
      for (let i = 0; i < docs.length; i += BATCH) {
        const batch = docs.slice(i, i + BATCH);
        if (!this.keys.isUnlocked()) {
          // Locked mid-way: what is left is picked up after the next unlock.
          progress = { ...progress, status: 'idle' };
          this.progress$.next(progress);
          return progress;
        }
        const failed = await this.resealBatch(name, collection, batch).catch((error: unknown) => {
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

  private async resealBatch(collection: string, target: RxCollection, docs: readonly Stored[]): Promise<ResealFailure[]> {
    const key = this.keys.requireKey();
    const failed: ResealFailure[] = [];
    const writes: { previous: Stored; document: Stored }[] = [];
    await Promise.all(
      docs.map(async (doc) => {
        try {
          const { value } = await openPayload(key, collection, doc as unknown as StoredRecord, this.codecs);
          const next = { ...doc, rev: doc.rev + 1 };
          const { sealed } = await sealPayload(key, collection, next, value, this.codecs);
          writes.push({ previous: doc, document: { ...next, sealed } });
        } catch (error) {
          failed.push({ collection, id: doc.id, reason: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
    if (writes.length > 0) {
      // A conflict here means the record changed since it was read: its newer version stands.
      await target.storageInstance.bulkWrite(writes, RESEAL_CONTEXT);
    }
    return failed;
  }
}
