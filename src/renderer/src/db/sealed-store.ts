/**
 * Seals documents on write and unseals them on read: the one place where plaintext records meet
 * RxDB. Repositories are built on it; nothing else touches collections.
 *
 * Every payload goes through its kind's codec (src/shared/records): a read gives a value validated
 * against its version's schema and upgraded to the current one, a write seals the current version.
 * A record written by a newer release (NewerRecordError) is kept byte for byte: lists leave it out
 * and count it (`newerRecords`), `get` and `update` refuse it with that typed error.
 *
 * Every seal binds the record's rev, updatedAt, deleted flag and query fields (a w3 envelope), so
 * each is set before sealing, and a removal is sealed again as a tombstone (docs/ARCHITECTURE.md: Wire).
 */
import { from, map, switchMap, type Observable } from 'rxjs';
import type { MangoQuerySelector, MangoQuerySortPart, RxCollection } from 'rxdb/plugins/core';
import { opaqueRecordId, type DataKey } from '../../../shared/crypto';
import { isNewerRecord, openPayload, RECORD_CODECS, recordState, sealPayload, type Codecs, type RecordToSeal } from '../../../shared/records';
import { canonicalJson, jsonEqual } from '../../../shared/sync/canonical-json';
import { newerRecords } from './newer-records';
import { recordThread, yieldToUi } from './open-records';
import type { SealedFields } from './schemas';

export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
  constructor() {
    super('Waypoint is locked: unlock it to read or change records');
  }
}

/** The record was removed (its deletion pulled from another device) between reading it and writing the change: nothing written. */
export class RecordRemovedError extends Error {
  override readonly name = 'RecordRemovedError';
  constructor(collection: string, id: string) {
    super(`The ${collection} record ${id} was removed on another device meanwhile; the change was not saved to it`);
  }
}

/** Where repositories get the practice key, and hear that it is gone. */
export interface KeySource {
  /** The practice key while unlocked; throws VaultLockedError otherwise. */
  requireKey(): DataKey;
  isUnlocked(): boolean;
  /** Registers a listener called when the vault locks. Returns the unsubscribe function. */
  onLock(listener: () => void): () => void;
}

/** A decrypted record: its plaintext query fields plus its secret part. */
export type Opened<Plain, Secret> = Plain & { id: string; rev: number; updatedAt: number; data: Secret };

type Doc<Plain> = SealedFields & Plain;

/** A record read for an integrity check: opened, or the reason it could not be. */
export type Settled<Plain, Secret> = { record: Opened<Plain, Secret>; error: null } | { record: Opened<Plain, null>; error: Error };

const SEAL_CHUNK = 64;
/** Records per batch sent to the record worker: each batch's results are taken in a task of their own, a few milliseconds long. */
const WORKER_BATCH = 250;

/** Collections whose removals are sealed: the hook is registered once per collection, whichever store comes first. */
const sealedRemovals = new WeakSet<RxCollection>();

/** What the envelope was checked against: a document with the same envelope and another state must be opened (and fail) again. */
const stateKey = (doc: SealedFields): string => canonicalJson(recordState(doc));

/** The record as repositories see it: its plaintext fields and its decrypted part. */
function opened<Plain, Secret>(doc: Doc<Plain>, data: Secret): Opened<Plain, Secret> {
  const plain: Partial<Doc<Plain>> = { ...doc };
  delete plain.sealed;
  return { ...(plain as unknown as Plain & { id: string; rev: number; updatedAt: number }), data };
}

/** Whether a change leaves a record's plaintext fields and secret part as they are. */
function unchanged<Plain, Secret>(current: Opened<Plain, Secret>, next: { plain?: Partial<Plain>; data?: Secret }): boolean {
  const plain = next.plain ?? {};
  return Object.entries(plain).every(([key, value]) => jsonEqual(value, (current as Record<string, unknown>)[key])) && (next.data === undefined || jsonEqual(next.data, current.data));
}

/** A document's plaintext query fields alone, nothing decrypted (and so not yet checked against its envelope). */
function plainOf<Plain>(doc: { toJSON(): unknown }): Plain & { id: string } {
  const plain: Partial<Doc<Plain>> = { ...(doc.toJSON() as Doc<Plain>) };
  delete plain.sealed;
  return plain as Plain & { id: string };
}

export class SealedStore<Plain extends object, Secret> {
  /** Decrypted values by id, valid while the sealed string and the state it was checked against are unchanged; dropped on lock. */
  private cache = new Map<string, { sealed: string; state: string; data: Secret }>();

  constructor(
    private readonly collection: RxCollection<Doc<Plain>>,
    private readonly keys: KeySource,
    private readonly now: () => number = Date.now,
    /** The record kinds' codecs; tests add versions of their own. */
    private readonly codecs: Codecs = RECORD_CODECS,
  ) {
    keys.onLock(() => this.cache.clear());
    this.sealRemovals();
  }

  /**
   * RxDB removes a document by writing it with `_deleted: true`, envelope untouched; a w3 envelope
   * binds the deleted flag, so every removal (`remove()`, `bulkRemove`, `incrementalRemove`: all
   * run the pre-remove hooks on the data they write) is sealed again as a tombstone, rev + 1.
   * A record this release cannot open (a newer one) cannot be removed.
   */
  private sealRemovals(): void {
    const collection = this.collection as unknown as RxCollection;
    if (sealedRemovals.has(collection)) return;
    sealedRemovals.add(collection);
    collection.preRemove(async (data: Doc<Plain> & Record<string, unknown>) => {
      const key = this.keys.requireKey();
      const { value } = await openPayload(key, collection.name, data, this.codecs);
      const tombstone = { ...data, rev: data.rev + 1, updatedAt: this.now(), _deleted: true };
      const { sealed } = await sealPayload(key, collection.name, tombstone, value, this.codecs);
      Object.assign(data, { rev: tombstone.rev, updatedAt: tombstone.updatedAt, sealed });
    }, false);
  }

  /** The decrypted value kept for this document, if it is still the one that was checked. */
  private cached(doc: Doc<Plain>): Secret | undefined {
    const cached = this.cache.get(doc.id);
    return cached !== undefined && cached.sealed === doc.sealed && cached.state === stateKey(doc) ? cached.data : undefined;
  }

  private async open(doc: Doc<Plain>): Promise<Opened<Plain, Secret>> {
    const cached = this.cached(doc);
    if (cached !== undefined) return opened(doc, cached);
    try {
      const { value } = await openPayload<Secret>(this.keys.requireKey(), this.collection.name, doc as Doc<Plain> & Record<string, unknown>, this.codecs);
      newerRecords.forget(this.collection, doc.id);
      return this.remember(doc, value);
    } catch (error) {
      if (isNewerRecord(error)) newerRecords.note(this.collection, doc.id);
      throw error;
    }
  }

  /**
   * Opens in the record worker the documents of `docs` not in the cache, and keeps what opened; a
   * document that did not open there is left to `open`, which throws its typed error here. The
   * worker knows only the current codecs: a store given others (tests) opens on this thread.
   */
  private async openElsewhere(docs: readonly Doc<Plain>[]): Promise<void> {
    const thread = recordThread(this.codecs);
    if (thread === null) return;
    const fresh = docs.filter((doc) => this.cached(doc) === undefined);
    if (fresh.length === 0) return;
    const results = await thread.open(this.keys.requireKey(), this.collection.name, fresh).catch((error: unknown) => {
      // A worker that failed leaves the work to this thread: slower, never wrong.
      console.error('[waypoint:records]', error instanceof Error ? error.message : error);
      return [];
    });
    fresh.forEach((doc, i) => {
      const result = results[i];
      if (result === undefined || result === null) return;
      newerRecords.forget(this.collection, doc.id);
      this.remember(doc, result.value as Secret);
    });
  }

  /** Keeps the decrypted value of a document, so reading it again costs no decryption. */
  private remember(doc: Doc<Plain>, data: Secret): Opened<Plain, Secret> {
    // A write or read that finished after a lock must not refill the cache the lock emptied.
    if (this.keys.isUnlocked()) this.cache.set(doc.id, { sealed: doc.sealed, state: stateKey(doc), data });
    return opened(doc, data);
  }

  /** The envelope of `data` at its kind's current payload version, bound to `doc`'s state and fields, and the value as sealed. */
  private sealed(doc: Omit<Doc<Plain>, 'sealed'>, data: Secret): Promise<{ sealed: string; value: Secret }> {
    return sealPayload(this.keys.requireKey(), this.collection.name, doc as Omit<Doc<Plain>, 'sealed'> & RecordToSeal, data, this.codecs);
  }

  private async seal(id: string, plain: Plain, data: Secret, rev = 1): Promise<{ doc: Doc<Plain>; value: Secret }> {
    const unsealed = { ...plain, id, rev, updatedAt: this.now() } as Omit<Doc<Plain>, 'sealed'>;
    const { sealed, value } = await this.sealed(unsealed, data);
    return { doc: { ...unsealed, sealed } as Doc<Plain>, value };
  }

  /** Records per batch of a bulk open: the worker's batch when there is one, else the chunk opened at once here. */
  private bulkBatch(): number {
    return recordThread(this.codecs) !== null ? WORKER_BATCH : SEAL_CHUNK;
  }

  /** Opens every document; those written by a newer release are left out (and counted in `newerRecords`). */
  private async openAll(docs: readonly { toJSON(): unknown }[]): Promise<Opened<Plain, Secret>[]> {
    const opened: Opened<Plain, Secret>[] = [];
    const readable = (doc: Doc<Plain>) =>
      this.open(doc).catch((error: unknown) => {
        if (isNewerRecord(error)) return null;
        throw error;
      });
    const batch = this.bulkBatch();
    for (let i = 0; i < docs.length; i += batch) {
      const slice = docs.slice(i, i + batch).map((doc) => doc.toJSON() as Doc<Plain>);
      // Batch by batch in tasks of their own, even when the cache answers: thousands of records are tens of milliseconds.
      if (i > 0 && batch === WORKER_BATCH) await yieldToUi();
      await this.openElsewhere(slice);
      for (const record of await Promise.all(slice.map(readable))) if (record !== null) opened.push(record);
    }
    return opened;
  }

  /**
   * A record made where its deletion stands (ids derive from what a record is for, so a discarded
   * draft can be made again) continues that record's revisions: sync takes a lower rev than one it
   * already had for an older version replayed. RxDB writes an insert over a tombstone as it is, so
   * the tombstone is read before sealing and again before writing, and the rev follows the one read.
   */
  async insert(id: string, plain: Plain, data: Secret): Promise<Opened<Plain, Secret>> {
    const tombstone = async () => {
      const [stored] = await this.collection.storageInstance.findDocumentsById([id], true);
      return stored?._deleted ? stored : null;
    };
    for (let before = await tombstone(); ; ) {
      const { doc, value } = await this.seal(id, plain, data, (before?.rev ?? 0) + 1);
      const now = await tombstone();
      if (now?.sealed !== before?.sealed) {
        before = now;
        continue;
      }
      await this.collection.insert(doc as never);
      return this.remember(doc, value);
    }
  }

  /** Inserts many records in one storage write (imports, the demo practice). All or nothing is not promised: failures are listed. */
  async bulkInsert(records: readonly { id: string; plain: Plain; data: Secret }[]): Promise<{ inserted: number; failed: string[] }> {
    // Sealed in chunks: thousands of WebCrypto calls in flight at once are slower than a steady stream.
    const sealed: { doc: Doc<Plain>; value: Secret }[] = [];
    for (let i = 0; i < records.length; i += SEAL_CHUNK) {
      sealed.push(...(await Promise.all(records.slice(i, i + SEAL_CHUNK).map((r) => this.seal(r.id, r.plain, r.data)))));
    }
    const result = await this.collection.bulkInsert(sealed.map((s) => s.doc) as never[]);
    const failed = new Set(result.error.map((e) => e.documentId));
    for (const { doc, value } of sealed) if (!failed.has(doc.id)) this.remember(doc, value);
    return { inserted: result.success.length, failed: [...failed] };
  }

  /**
   * Changes a record atomically: `change` receives the current decrypted record and returns the
   * new plaintext fields and secret part; the result is sealed again with rev + 1 at the current
   * payload version. A record written by a newer release is refused (NewerRecordError), untouched.
   *
   * A change that leaves the plaintext fields and the secret part as they are writes nothing: no
   * new revision, so no audit entry and no sync push (an autosave or a sign with nothing new).
   */
  async update(id: string, change: (current: Opened<Plain, Secret>) => { plain?: Partial<Plain>; data?: Secret }): Promise<Opened<Plain, Secret>> {
    const doc = await this.collection.findOne(id).exec();
    if (doc === null) throw new Error(`No ${this.collection.name} record with id ${id}`);
    // Decided on the version just read. RxDB's incremental write stores a document even when its
    // modifier changes nothing, so an unchanged record is answered here, before it is asked to.
    const before = await this.open(doc.toJSON() as Doc<Plain>);
    if (unchanged(before, change(before))) return before;
    let data!: Secret;
    const updated = await doc.incrementalModify(async (raw) => {
      // RxDB hands the stored version, which may be a tombstone pulled since the read: changing it would seal a deletion holding the change.
      if ((raw as { _deleted?: boolean })._deleted) throw new RecordRemovedError(this.collection.name, id);
      const current = await this.open(raw as Doc<Plain>);
      const next = change(current);
      const unsealed = { ...raw, ...next.plain, rev: raw.rev + 1, updatedAt: this.now() };
      const result = await this.sealed(unsealed, next.data ?? current.data);
      data = result.value;
      return { ...unsealed, sealed: result.sealed };
    });
    return this.remember(updated.toJSON() as Doc<Plain>, data);
  }

  /** Removes a record (the pre-remove hook seals its tombstone, which syncs like any change); none there is no error. */
  async remove(id: string): Promise<void> {
    await (await this.collection.findOne(id).exec())?.incrementalRemove();
  }

  /**
   * The ids of records two devices may create for the same thing (docs/ARCHITECTURE.md: Record
   * ids): each an opaque keyed hash of its `parts`, unless a record stored by an earlier release
   * lives at its composite `legacy` id, which then stays its id.
   */
  async stableIds(prefix: string, entries: readonly { parts: readonly string[]; legacy: string }[]): Promise<string[]> {
    const key = this.keys.requireKey();
    const stored = await this.collection.findByIds(entries.map((e) => e.legacy)).exec();
    return Promise.all(entries.map((e) => (stored.has(e.legacy) ? e.legacy : opaqueRecordId(key, prefix, e.parts))));
  }

  async stableId(prefix: string, parts: readonly string[], legacy: string): Promise<string> {
    return (await this.stableIds(prefix, [{ parts, legacy }]))[0]!;
  }

  async get(id: string): Promise<Opened<Plain, Secret> | null> {
    const doc = await this.collection.findOne(id).exec();
    return doc === null ? null : this.open(doc.toJSON() as Doc<Plain>);
  }

  /** The plaintext fields of the records with these ids, nothing decrypted: for joins on a status or a date. */
  async plainByIds(ids: readonly string[]): Promise<Map<string, Plain & { id: string }>> {
    const docs = await this.collection.findByIds([...ids]).exec();
    return new Map([...docs].map(([id, doc]) => [id, plainOf<Plain>(doc)]));
  }

  /** Live plaintext fields of a query's results, nothing decrypted: joins over years of records. */
  plainFind$(selector: MangoQuerySelector<Doc<Plain>>): Observable<(Plain & { id: string })[]> {
    return this.collection.find({ selector }).$.pipe(map((docs) => docs.map((doc) => plainOf<Plain>(doc))));
  }

  /** The plaintext fields of the first record in this order, nothing decrypted (the last entry of a sequence). */
  async firstPlain(selector: MangoQuerySelector<Doc<Plain>>, sort: MangoQuerySortPart<Doc<Plain>>[]): Promise<(Plain & { id: string }) | null> {
    const doc = await this.collection.findOne({ selector, sort }).exec();
    return doc === null ? null : plainOf<Plain>(doc);
  }

  async find(selector: MangoQuerySelector<Doc<Plain>> = {}): Promise<Opened<Plain, Secret>[]> {
    return this.openAll(await this.collection.find({ selector }).exec());
  }

  /**
   * Like find, but a record that cannot be opened (its envelope tampered with, another key) comes
   * back with the error and its plaintext fields instead of failing the whole read: integrity checks.
   */
  async findSettled(selector: MangoQuerySelector<Doc<Plain>> = {}): Promise<Settled<Plain, Secret>[]> {
    const docs = (await this.collection.find({ selector }).exec()).map((doc) => doc.toJSON() as Doc<Plain>);
    const settled: Settled<Plain, Secret>[] = [];
    const batch = this.bulkBatch();
    for (let i = 0; i < docs.length; i += batch) {
      const slice = docs.slice(i, i + batch);
      if (i > 0 && batch === WORKER_BATCH) await yieldToUi();
      await this.openElsewhere(slice);
      const chunk = slice.map((doc) =>
        this.open(doc).then(
          (record): Settled<Plain, Secret> => ({ record, error: null }),
          (error: unknown): Settled<Plain, Secret> => {
            // Locked is not damage: the caller must not report every record as broken.
            if (error instanceof VaultLockedError || !(error instanceof Error)) throw error;
            return { record: opened(doc, null), error };
          },
        ),
      );
      settled.push(...(await Promise.all(chunk)));
    }
    return settled;
  }

  /** Live results of a query, decrypted. Emits again whenever a matching document changes. */
  find$(selector: MangoQuerySelector<Doc<Plain>> = {}): Observable<Opened<Plain, Secret>[]> {
    return this.collection
      .find({ selector })
      .$.pipe(switchMap((docs) => from(this.openAll(docs))));
  }
}
