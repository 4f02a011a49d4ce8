/**
 * Keeping the laptop light (docs/RETENTION.md): clients discharged long ago are archived off this
 * laptop's store and brought back from the sync server on demand. Archiving is never a deletion
 * elsewhere: the records are removed from local storage with sync stopped and their tombstones
 * purged at once (RxDB's storage `cleanup`), so replication never sees a deletion to push; and
 * only records the server holds in exactly this version are removed, so nothing exists only here.
 * A sealed local document (never replicated) remembers who is archived, by name for search, and
 * which record ids to bring back; bringing back fetches them by id and writes them through arrival.
 */
import { sealJson, unsealJson } from '../../../shared/crypto';
import { restoreRecord } from '../../../shared/records/seal';
import { BehaviorSubject } from 'rxjs';
import { CLIENT_COLLECTIONS, RETENTION_CONTEXT, archivable, belongsTo, type ArchiveAfterMonths, type ClientCollection, type EpisodeFacts, type Ineligible } from '../../../shared/retention';
import { LIMITS, type SyncDocument } from '../../../shared/sync/protocol';
import type { Arrival } from '../arrival/arrival';
import type { WaypointDatabase } from '../db/database';
import { replicatedCollections } from '../db/replicated';
import type { KeySource } from '../db/sealed-store';
import { readStored, withoutStorageFields, writeStored, type RxCollection, type RxDocumentData } from '../db/storage';
import type { AuditEvent } from '../audit/audit-log';
import type { SyncClient } from './sync-client';
import { st } from '../i18n/staff';

const INDEX_ID = 'retention-index';
const SEAL_CONTEXT = { collection: 'retention-index', id: INDEX_ID, schemaVersion: 1 };

export interface ArchivedClient {
  clientId: string;
  /** As the client list shows it, for search while archived. */
  name: string;
  archivedAt: number;
  records: Partial<Record<ClientCollection, string[]>>;
}

export class RetentionOfflineError extends Error {
  override readonly name = 'RetentionOfflineError';
  constructor() {
    super(st('services.retention.returnNeedsServer'));
  }
}

export interface RetentionOptions {
  /** A client for the practice's sync server, or null when this laptop does not sync. */
  client: () => Promise<Pick<SyncClient, 'fetch'> | null>;
  /** Runs `work` with sync stopped, and starts it again after (if it was running). */
  whileSyncStopped: <T>(work: () => Promise<T>) => Promise<T>;
  /** Where archiving and bringing back are recorded (who, which client, how many records). */
  audit: { record(event: AuditEvent): Promise<void> };
  now?: () => number;
}

type Stored = RxDocumentData<SyncDocument>;

const sameVersion = (a: SyncDocument, b: SyncDocument) => a.rev === b.rev && a.sealed === b.sealed && a._deleted === b._deleted;

/** Ids in requests the server accepts (at most a pull batch each). */
function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += LIMITS.pullBatch) yield items.slice(i, i + LIMITS.pullBatch);
}

export class Retention {
  /** Counts archives and returns, so screens read the index again. */
  readonly changes$ = new BehaviorSubject(0);

  constructor(
    private readonly db: WaypointDatabase,
    private readonly keys: KeySource,
    private readonly arrival: Arrival,
    private readonly options: RetentionOptions,
  ) {}

  private collections(): [ClientCollection, RxCollection<SyncDocument>][] {
    return replicatedCollections(this.db).filter(([name]) => (CLIENT_COLLECTIONS as readonly string[]).includes(name)) as unknown as [ClientCollection, RxCollection<SyncDocument>][];
  }

  /** Who is archived off this laptop. */
  async archived(): Promise<ArchivedClient[]> {
    const doc = await this.db.getLocal<{ sealed: string }>(INDEX_ID);
    if (doc === null) return [];
    return unsealJson<ArchivedClient[]>(this.keys.requireKey(), SEAL_CONTEXT, (doc.toJSON().data as { sealed: string }).sealed);
  }

  private async saveIndex(entries: readonly ArchivedClient[]): Promise<void> {
    await this.db.upsertLocal(INDEX_ID, { sealed: await sealJson(this.keys.requireKey(), SEAL_CONTEXT, entries) });
    this.changes$.next(this.changes$.value + 1);
  }

  /**
   * Archives everyone the practice's rule allows (shared/retention.ts): discharged at least
   * `months` ago, and every record of theirs on the server in the version stored here.
   */
  async sweep(input: { months: ArchiveAfterMonths; today: string; episodes: readonly EpisodeFacts[]; nameOf: (clientId: string) => Promise<string> }): Promise<{ archived: string[]; kept: Map<string, Ineligible> }> {
    const archived = new Set((await this.archived()).map((entry) => entry.clientId));
    const rule = { months: input.months, today: input.today, episodes: input.episodes, archived };
    const candidates = archivable({ ...rule, recordsOf: () => [], pending: new Set() }).clientIds;
    if (candidates.length === 0) return { archived: [], kept: new Map() };
    const fetcher = await this.options.client();
    if (fetcher === null) return { archived: [], kept: new Map() };
    const records = new Map<string, Map<ClientCollection, Stored[]>>();
    const pending = new Set<string>();
    for (const clientId of candidates) {
      const found = await this.recordsOf(clientId);
      records.set(clientId, found);
      for (const id of await this.notOnServer(fetcher, found)) pending.add(id);
    }
    const idsOf = (clientId: string) => [...(records.get(clientId)?.values() ?? [])].flat().map((doc) => doc.id);
    const { clientIds, kept } = archivable({ ...rule, episodes: input.episodes.filter((e) => records.has(e.clientId)), recordsOf: idsOf, pending });
    const names = new Map(await Promise.all(clientIds.map(async (id) => [id, await input.nameOf(id)] as const)));
    // One stop of sync for all of them; a client whose record changed since the check stays.
    const done = await this.options.whileSyncStopped(async () => {
      const removed: string[] = [];
      for (const clientId of clientIds) {
        if (await this.remove(clientId, names.get(clientId)!, records.get(clientId)!).then(() => true, () => false)) removed.push(clientId);
      }
      return removed;
    });
    return { archived: done, kept };
  }

  /** Every stored live record of one client, per collection (their tombstones go with the purge). */
  private async recordsOf(clientId: string): Promise<Map<ClientCollection, Stored[]>> {
    const found = new Map<ClientCollection, Stored[]>();
    for (const [name, collection] of this.collections()) {
      const selector = name === 'clients' ? { $or: [{ id: clientId }, { clientId }] } : { clientId };
      const ids = (await collection.find({ selector: selector as never }).exec()).map((doc) => doc.primary);
      const stored = [...(await readStored(collection.storageInstance, ids)).values()].filter((doc) => belongsTo(clientId, doc));
      if (stored.length > 0) found.set(name, stored);
    }
    return found;
  }

  /** The records of `records` whose version the server does not hold as stored here (a change not yet acknowledged). */
  private async notOnServer(fetcher: Pick<SyncClient, 'fetch'>, records: Map<ClientCollection, Stored[]>): Promise<string[]> {
    const differing: string[] = [];
    for (const [name, docs] of records) {
      for (const batch of batches(docs)) {
        const server = new Map((await fetcher.fetch(name, batch.map((doc) => doc.id))).map((doc) => [doc.id, doc]));
        for (const doc of batch) if (!server.has(doc.id) || !sameVersion(server.get(doc.id)!, doc)) differing.push(doc.id);
      }
    }
    return differing;
  }

  /**
   * Archives one client off this laptop. Refuses (and changes nothing) when offline, when any of
   * their records is not on the server in this very version, or when one changes meanwhile.
   */
  async archive(clientId: string, name: string): Promise<{ records: number }> {
    const fetcher = await this.options.client();
    if (fetcher === null) throw new Error(st('services.retention.archiveNeedsSync'));
    if ((await this.archived()).some((entry) => entry.clientId === clientId)) return { records: 0 };
    const before = await this.recordsOf(clientId);
    const differing = await this.notOnServer(fetcher, before).catch((error: unknown) => {
      throw new Error(st('services.retention.archiveNeedsConnection', { error: (error as Error).message }));
    });
    if (differing.length > 0) throw new Error(st('services.retention.unacknowledgedChanges', { changes: differing.length }));
    return this.options.whileSyncStopped(() => this.remove(clientId, name, before));
  }

  /**
   * With sync stopped: removes the records as read before (`previous`, so one changed since is
   * refused and everything put back), purges the tombstones and notes the client in the index.
   */
  private async remove(clientId: string, name: string, before: Map<ClientCollection, Stored[]>): Promise<{ records: number }> {
    const removed: [ClientCollection, Stored[]][] = [];
    try {
      for (const [collection, docs] of before) {
        const { storageInstance } = this.collections().find(([n]) => n === collection)![1];
        const live = docs.filter((doc) => !doc._deleted);
        const result = await storageInstance.bulkWrite(live.map((doc) => ({ previous: doc, document: { ...doc, _deleted: true } })) as never, RETENTION_CONTEXT);
        const refused = new Set(result.error.map((e) => e.documentId));
        removed.push([collection, live.filter((doc) => !refused.has(doc.id))]);
        if (refused.size > 0) throw new Error(st('services.retention.changedWhileArchiving'));
      }
    } catch (error) {
      await this.putBack(removed);
      throw error;
    }
    await this.purge(before.keys());
    const entries = await this.archived();
    const records = Object.fromEntries([...before].map(([collection, docs]) => [collection, docs.map((doc) => doc.id)]));
    await this.saveIndex([...entries, { clientId, name, archivedAt: (this.options.now ?? Date.now)(), records }]);
    const count = [...before.values()].reduce((n, docs) => n + docs.length, 0);
    await this.options.audit.record({ action: 'client-archived', target: { collection: 'clients', id: clientId, clientId }, detail: `${count} records` });
    return { records: count };
  }

  /** Undoes removals of an archive that could not finish: each record back as it was (the server's version, so nothing to push). */
  private async putBack(removed: [ClientCollection, Stored[]][]): Promise<void> {
    for (const [name, originals] of removed) {
      const { storageInstance } = this.collections().find(([n]) => n === name)![1];
      const current = await readStored(storageInstance, originals.map((doc) => doc.id));
      await writeStored(storageInstance, originals.map((doc) => ({ previous: current.get(doc.id), doc: withoutStorageFields(doc) })), RETENTION_CONTEXT);
    }
  }

  /**
   * Purges the collections' tombstones (RxDB's storage cleanup has no per-document form), ours and
   * those already acknowledged alike. A removal someone made in another collection's window, not
   * yet pushed, is written again after the purge, so sync still sends it.
   */
  private async purge(names: Iterable<ClientCollection>): Promise<void> {
    for (const name of names) {
      const { storageInstance } = this.collections().find(([n]) => n === name)![1];
      const foreign: SyncDocument[] = [];
      const subscription = storageInstance.changeStream().subscribe((bulk) => {
        if (bulk.context !== RETENTION_CONTEXT) foreign.push(...bulk.events.filter((e) => e.documentData._deleted).map((e) => withoutStorageFields(e.documentData)));
      });
      try {
        await storageInstance.cleanup(0);
      } finally {
        subscription.unsubscribe();
      }
      if (foreign.length > 0) {
        const current = await readStored(storageInstance, foreign.map((doc) => doc.id));
        await writeStored(storageInstance, foreign.filter((doc) => !current.has(doc.id)).map((doc) => ({ previous: undefined, doc })), 'retention-kept-removal');
      }
    }
  }

  /** Brings an archived client back from the server, records as they are there now. */
  async bringBack(clientId: string): Promise<{ records: number }> {
    const entries = await this.archived();
    const entry = entries.find((e) => e.clientId === clientId);
    if (entry === undefined) return { records: 0 };
    const fetcher = await this.options.client();
    if (fetcher === null) throw new RetentionOfflineError();
    const key = this.keys.requireKey();
    const fetched: [ClientCollection, SyncDocument[]][] = [];
    try {
      for (const [name, ids] of Object.entries(entry.records) as [ClientCollection, string[]][]) {
        const docs: SyncDocument[] = [];
        for (const batch of batches(ids)) docs.push(...(await fetcher.fetch(name, batch)));
        fetched.push([name, docs]);
      }
    } catch {
      throw new RetentionOfflineError();
    }
    let records = 0;
    for (const [name, docs] of fetched) {
      const restored = await Promise.all(docs.map((doc) => restoreRecord(key, name, doc) as Promise<SyncDocument>));
      await this.arrival.receive(RETENTION_CONTEXT, name, restored.map((doc) => ({ doc, base: null })));
      records += restored.length;
    }
    await this.saveIndex(entries.filter((e) => e.clientId !== clientId));
    await this.options.audit.record({ action: 'client-returned', target: { collection: 'clients', id: clientId, clientId }, detail: `${records} records` });
    await this.arrival.arrived({ source: RETENTION_CONTEXT, records: fetched.map(([collection, docs]) => ({ collection, ids: docs.map((d) => d.id) })) }, null);
    return { records };
  }
}
