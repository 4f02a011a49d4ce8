/**
 * Arrival: the one way a version of a record made on another device enters this one (docs/ARCHITECTURE.md:
 * Arrival). Network sync (its conflict handler), transfer-file import and backup restore are
 * adapters over it; a LAN peer would be the next.
 *
 * Per record: new here → stored; identical → nothing; a version this device held before (the one
 * last received from the same source, one sent or exchanged with another) → nothing (ours moved on
 * from it); ours is the common ancestor → theirs is taken;
 * otherwise both are opened with their kind's codec: the same content on both sides keeps one
 * version of it (the later, then the lower envelope, so versions and bytes converge), a deletion
 * of exactly the content the other side holds stands, ours
 * unchanged since the ancestor takes theirs, theirs unchanged since the ancestor keeps ours, else
 * a three-way merge by the shared rules (sync/sealed-merge.ts), resealed, with a true conflict
 * kept in the conflicts repository. A version a newer release wrote is never merged into or
 * written over.
 *
 * Writes go through the storage layer (db/storage.ts) with the stored version as `previous`, so
 * a record changed meanwhile is decided again (a restore, onto an empty device, only adds); no per-record audit hook runs (the writing device
 * audited the change): one audit entry per arrival. After each arrival the `afterArrival` checks
 * run (the practice invariants of issue 24 will be one).
 */
import { filter, map, merge, type Observable } from 'rxjs';
import { isNewerRecord } from '../../../shared/records';
import { canonicalJson, jsonEqual } from '../../../shared/sync/canonical-json';
import type { MergeConflict } from '../../../shared/sync/merge';
import type { SyncCollection, SyncDocument } from '../../../shared/sync/protocol';
import type { AuditEvent } from '../audit/audit-log';
import type { WaypointDatabase } from '../db/database';
import { replicatedCollections } from '../db/replicated';
import type { SealedFields } from '../db/schemas';
import type { KeySource } from '../db/sealed-store';
import { insertStored, readStored, removeEverything, withoutStorageFields, writeStored, type RowSink, type RxCollection, type WithDeleted } from '../db/storage';
import { sealedMerger, type ConflictSink, type SealedMerger } from '../sync/sealed-merge';
import { st } from '../i18n/staff';

/** Where versions come from; the storage context of the writes made for them (`retention`: archived clients brought back, docs/RETENTION.md). */
export type ArrivalSource = 'sync' | 'transfer-import' | 'restore' | 'retention';

export type ArrivalOutcome = 'new' | 'updated' | 'merged' | 'unchanged';

/** One incoming version: the version the sender knows this device had (null if none), and the one last received from the same source. */
export interface Incoming {
  doc: SyncDocument;
  base: SyncDocument | null;
  known?: SyncDocument | null;
  /**
   * Other versions this device is known to have held (sent, or exchanged with other peers). Ours
   * descends from every version it held, so one of them coming back changes nothing.
   */
  held?: readonly SyncDocument[];
}

export interface Decision {
  outcome: ArrivalOutcome;
  /** What to store, or null to leave the record as it is. */
  write: SyncDocument | null;
  conflict: MergeConflict | null;
}

/** The records one arrival wrote or decided on, per collection. */
export interface Arrived {
  source: ArrivalSource;
  records: { collection: SyncCollection; ids: readonly string[] }[];
}

/** A check run after records arrive (issue 24's practice invariants); it must not throw for the arrival to count. */
export type AfterArrival = (arrived: Arrived) => void | Promise<void>;

/** A record changed here between reading and writing it is decided again; more often than this, something keeps rewriting it. */
const MAX_ATTEMPTS = 5;

const same = (a: SyncDocument, b: SyncDocument) => canonicalJson(a) === canonicalJson(b);

/** The later of two versions both devices held: on one device's line of versions the later one has the higher rev. */
function laterOf(a: SyncDocument | null, b: SyncDocument | null): SyncDocument | null {
  if (a === null || b === null) return a ?? b;
  return b.rev > a.rev || (b.rev === a.rev && b.updatedAt > a.updatedAt) ? b : a;
}

const sealed = (doc: SyncDocument) => doc as unknown as WithDeleted<SealedFields>;

export class Arrival {
  /** Checks run after every arrival, in order (a failing one is logged; the records stay). */
  readonly afterArrival: AfterArrival[] = [];
  private readonly mergers = new Map<string, SealedMerger<SealedFields>>();

  constructor(
    private readonly db: WaypointDatabase,
    readonly keys: KeySource,
    private readonly options: { conflicts: ConflictSink; audit?: { record(event: AuditEvent): Promise<void> } },
  ) {}

  private collection(name: string): RxCollection<SyncDocument> {
    const found = replicatedCollections(this.db).find(([n]) => n === name);
    if (found === undefined) throw new Error(st('services.arrival.notHeld', { collection: name }));
    return found[1] as unknown as RxCollection<SyncDocument>;
  }

  private merger(name: string): SealedMerger<SealedFields> {
    let merger = this.mergers.get(name);
    if (merger === undefined) this.mergers.set(name, (merger = sealedMerger<SealedFields>({ name }, this.keys, this.options.conflicts)));
    return merger;
  }

  /** What an incoming version does to the stored one (null: none stored). A true conflict is recorded before this returns. */
  async decide(collection: string, storedDoc: SyncDocument | null, { doc: incoming, base: senderBase, known = null, held = [] }: Incoming): Promise<Decision> {
    const kept = (write: SyncDocument | null = null): Decision => ({ outcome: 'unchanged', write, conflict: null });
    const taken: Decision = { outcome: 'updated', write: incoming, conflict: null };
    if (storedDoc === null) return { outcome: 'new', write: incoming, conflict: null };
    const local = storedDoc;
    if (same(local, incoming) || [...(known === null ? [] : [known]), ...held].some((version) => same(incoming, version))) return kept();
    // Either is a version both sides held; the later one reports fewer false conflicts.
    const base = laterOf(known, senderBase);
    if (base !== null && same(local, base)) return taken;

    const merger = this.merger(collection);
    // Sealed afresh on every write, so equal versions can differ in bytes: compare them opened.
    const opened = await Promise.all([merger.open(sealed(local)), merger.open(sealed(incoming)), base === null ? null : merger.open(sealed(base))]).catch((error: unknown) => {
      if (isNewerRecord(error)) return null;
      throw error;
    });
    if (opened === null) {
      const { doc } = await merger.merge({ base: null, mine: sealed(local), theirs: sealed(incoming) });
      return (doc as unknown) === sealed(local) ? kept() : taken;
    }
    // Compared by what they hold, not by rev or time: a merge on each side of the same pair gives the same content at other revs.
    const [mine, theirs, ancestor] = opened.map((r) => (r === null ? null : { plain: r.plain, data: r.data, deleted: r.deleted }));
    // The same content on both sides: both keep one version of it (the later, then the lower envelope), so versions and bytes converge.
    if (jsonEqual(mine, theirs)) return kept(incoming.rev > local.rev || (incoming.rev === local.rev && incoming.sealed < local.sealed) ? incoming : null);
    // A tombstone seals the content it deleted (db/sealed-store.ts): a deletion of exactly what the other side holds was
    // made from it (or from its equal), so it stands. The ancestor alone cannot tell: a push whose answer was lost leaves
    // RxDB assuming an older version, though the device that deleted had received the one pushed.
    if (mine!.deleted !== theirs!.deleted && jsonEqual({ ...mine, deleted: false }, { ...theirs, deleted: false })) return theirs!.deleted ? taken : kept();
    if (ancestor !== null && jsonEqual(mine, ancestor)) return taken;
    if (ancestor !== null && jsonEqual(theirs, ancestor)) return kept();
    const { doc, conflict } = await merger.merge({ base: base === null ? null : sealed(base), mine: sealed(local), theirs: sealed(incoming) });
    return { outcome: 'merged', write: doc as unknown as SyncDocument, conflict };
  }

  /**
   * `local`, decided to stand over `incoming`, as the version that replaces it where `incoming` is
   * the server's (a push assuming it): at a revision above it, sealed afresh. The server's revisions
   * of a record only grow; a lower one would take it back a revision, and devices holding
   * `incoming` would refuse `local` as an older version replayed. A version this release cannot
   * read stays as it is.
   */
  async above(collection: string, local: SyncDocument, incoming: SyncDocument): Promise<SyncDocument> {
    if (local.rev > incoming.rev) return local;
    const reissued = await this.merger(collection)
      .reissue(sealed(local), incoming.rev + 1, Math.max(local.updatedAt, incoming.updatedAt))
      .catch((error: unknown) => {
        if (isNewerRecord(error)) return sealed(local);
        throw error;
      });
    return reissued as unknown as SyncDocument;
  }

  /**
   * Receives versions of `collection`'s records (a transfer file's page): each decided against
   * what is stored and written, a record changed meanwhile decided again. Returns each entry's
   * decision, in order.
   */
  async receive(source: ArrivalSource, collection: string, entries: readonly Incoming[]): Promise<Decision[]> {
    const storage = this.collection(collection).storageInstance;
    const decisions = new Map<Incoming, Decision>();
    let pending = [...entries];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(st('services.arrival.keptChanging', { pending: pending.length, collection }));
      const stored = await readStored(storage, pending.map((e) => e.doc.id));
      const decided: [Incoming, Decision][] = [];
      for (const entry of pending) {
        const previous = stored.get(entry.doc.id);
        decided.push([entry, await this.decide(collection, previous === undefined ? null : withoutStorageFields(previous), entry)]);
      }
      const writes = decided.filter(([, d]) => d.write !== null).map(([entry, d]) => ({ previous: stored.get(entry.doc.id), doc: d.write! }));
      const { changed } = await writeStored(storage, writes, source);
      for (const [entry, decision] of decided) if (!changed.has(entry.doc.id)) decisions.set(entry, decision);
      pending = pending.filter((entry) => changed.has(entry.doc.id));
    }
    return entries.map((entry) => decisions.get(entry)!);
  }

  /** Stores documents in collections that hold none (a restore), without reading first, their rows added by `rows`; on failure, `undoRestore`. */
  async restore(collection: string, docs: readonly SyncDocument[], rows?: RowSink): Promise<void> {
    await insertStored(this.collection(collection), docs, 'restore', rows);
  }

  /** Removes everything a failed restore wrote. */
  async undoRestore(): Promise<void> {
    await Promise.allSettled(replicatedCollections(this.db).map(([, collection]) => removeEverything(collection.storageInstance, 'restore')));
  }

  /** The end of an arrival: its one audit entry (none for sync: each record's writer audited it), then the checks. */
  async arrived(arrived: Arrived, audit: AuditEvent | null): Promise<void> {
    if (audit !== null) await this.options.audit?.record(audit);
    const records = arrived.records.filter((r) => r.ids.length > 0);
    if (records.length === 0) return;
    for (const check of this.afterArrival) {
      try {
        await check({ ...arrived, records });
      } catch (error) {
        console.error('[waypoint:arrival] a check after arrival failed:', (error as Error).message);
      }
    }
  }

  /** What replication writes (pulled records, resolved conflicts), as arrivals: for the checks after each. */
  replicated$(): Observable<Arrived> {
    return merge(
      ...replicatedCollections(this.db).map(([name, collection]) =>
        collection.eventBulks$.pipe(map((bulk): Arrived | null => (bulk.context.startsWith('replication-') ? { source: 'sync', records: [{ collection: name, ids: bulk.events.map((e) => e.documentId) }] } : null))),
      ),
    ).pipe(filter((arrived): arrived is Arrived => arrived !== null));
  }
}
