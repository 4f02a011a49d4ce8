/**
 * Offline transfer by file (a USB stick) between two devices of one practice: this device's
 * changes since the last exchange with a peer go into a sealed transfer file (shared/transfer);
 * importing one applies the network sync's merge rules and reports what happened.
 *
 * Changes for a peer: every record whose stored version differs from the last version known to be
 * on both devices (transfer-state.ts), each with that version as its `base`. The first file for a
 * device not exchanged with yet carries everything, with no bases.
 *
 * Import, per record: new here → stored; identical → nothing; the incoming version is the one last
 * known to be on both devices → nothing (ours moved on from it); ours is the common ancestor → the
 * incoming version is taken; otherwise the two are unsealed and compared (the same version sealed
 * on both devices keeps the lower envelope on both, so their bytes converge too), and if both
 * changed they are merged three ways (sync/sealed-merge.ts, the step network sync uses), resealed, and a true
 * conflict is kept in the conflicts repository. The ancestor is the later of the version this
 * device remembers and the file's `base` (either is a version both held; the later one reports
 * fewer false conflicts). The incoming version is then remembered as received. Importing the same
 * file again finds every record identical or already received: nothing changes.
 *
 * Records are written to storage directly, as replication writes them, so no per-record audit hook
 * runs (the devices that wrote them audited them). The context is not "replication-…": sync
 * (sync-service.ts) must count these as local changes and push them, since the server may not
 * have them.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection, RxDocumentData, WithDeleted } from 'rxdb/plugins/core';
import type { SaveFileResult, WaypointBridge } from '../../../shared/bridge';
import { isNewerRecord } from '../../../shared/records';
import { canonicalJson, jsonEqual } from '../../../shared/sync/canonical-json';
import type { ConflictKind } from '../../../shared/sync/merge';
import { deviceNameSchema, type SyncDocument } from '../../../shared/sync/protocol';
import { joinParts } from '../../../shared/backup';
import {
  openTransfer,
  TRANSFER_CHUNK,
  TRANSFER_EXTENSION,
  TRANSFER_MIME,
  TransferError,
  TransferWriter,
  type TransferChunk,
  type TransferEntry,
} from '../../../shared/transfer';
import type { AuditLog } from '../audit/audit-log';
import { pageAfter } from '../backup/backup-service';
import type { WaypointDatabase } from '../db/database';
import { KeyedMutex } from '../db/keyed-mutex';
import { replicatedCollections, withoutStorageFields } from '../db/replicated';
import type { SealedFields } from '../db/schemas';
import type { KeySource } from '../db/sealed-store';
import { sealedMerger, type ConflictSink, type SealedMerger } from '../sync/sealed-merge';
import { TransferState, type VersionState } from './transfer-state';

const IMPORT_CONTEXT = 'transfer-import';
/** A record changed here between reading and writing it is decided again; more often than this, something keeps rewriting it. */
const MAX_ATTEMPTS = 5;

export type ImportOutcome = 'new' | 'updated' | 'merged' | 'unchanged';
export type CollectionCounts = Record<ImportOutcome, number>;

/** What an import did: counts per collection the file carried, and the true conflicts (type and id, never content). */
export interface ImportReport {
  from: { id: string; name: string };
  collections: Record<string, CollectionCounts>;
  conflicts: { collection: string; id: string; kind: ConflictKind }[];
}

export interface TransferPeer {
  id: string;
  name: string;
  lastImportedAt: number | null;
  lastExportedAt: number | null;
}

export interface TransferStatus {
  /** How this device is named in the files it makes; null until someone names it. */
  deviceName: string | null;
  /** Devices this one has imported a file from, by name. */
  peers: TransferPeer[];
}

export interface TransferFile {
  fileName: string;
  data: Uint8Array<ArrayBuffer>;
  documents: number;
}

type Stored = RxDocumentData<SyncDocument>;

interface Decision {
  outcome: ImportOutcome;
  /** What to store, or null to leave the record as it is. */
  write: SyncDocument | null;
  conflict: { kind: ConflictKind } | null;
}

const same = (a: SyncDocument, b: SyncDocument) => canonicalJson(a) === canonicalJson(b);

/** The later of two versions both devices held: on one device's line of versions the later one has the higher rev. */
function laterOf(a: SyncDocument | null, b: SyncDocument | null): SyncDocument | null {
  if (a === null || b === null) return a ?? b;
  return b.rev > a.rev || (b.rev === a.rev && b.updatedAt > a.updatedAt) ? b : a;
}

function fileName(at: number, seq: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `waypoint-transfer-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}-${seq}.${TRANSFER_EXTENSION}`;
}

/** A transferred document as a storage write: RxDB's storage wrapper sets `_meta` and `_rev`. */
const stored = (doc: SyncDocument) => ({ ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' }) as Stored;

export class TransferService {
  private readonly state: TransferState;
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly db: WaypointDatabase,
    private readonly keys: KeySource,
    /** Where true conflicts are kept: the repository network sync records them in. */
    private readonly sink: ConflictSink,
    private readonly options: { deviceId: string; now?: () => number; audit?: Pick<AuditLog, 'record'> },
  ) {
    this.state = new TransferState(db);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** One transfer at a time: in this window, and across windows where the browser has Web Locks. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    return this.mutex.run('transfer', () => (locks ? (locks.request('waypoint-transfer', work) as Promise<T>) : work()));
  }

  private schemaVersions(): Record<string, number> {
    return Object.fromEntries(replicatedCollections(this.db).map(([name, collection]) => [name, collection.schema.version]));
  }

  status$(): Observable<TransferStatus> {
    return this.state.ledger$().pipe(
      map((ledger) => ({
        deviceName: ledger.deviceName,
        peers: Object.entries(ledger.peers)
          .map(([id, peer]) => ({ id, name: peer.name, lastImportedAt: peer.lastImportedAt, lastExportedAt: peer.lastExportedAt }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      })),
    );
  }

  /** The name the other device lists this one by. */
  setDeviceName(name: string): Promise<void> {
    const deviceName = deviceNameSchema.parse(name);
    return this.exclusive(async () => this.state.saveLedger({ ...(await this.state.ledger()), deviceName }));
  }

  /**
   * Builds the file of changes for `peerId` (null: a device not exchanged with yet, which gets
   * everything). What it carries is remembered as sent at once, page by page: a file that is
   * never delivered is harmless, as its records go again until the peer acknowledges one.
   */
  createExport(peerId: string | null): Promise<TransferFile> {
    return this.exclusive(async () => {
      const key = this.keys.requireKey();
      const ledger = await this.state.ledger();
      if (ledger.deviceName === null) throw new Error('Name this device first: the other device lists it by that name');
      const peer = peerId === null ? null : ledger.peers[peerId];
      if (peer === undefined) throw new Error('No transfer file from that device has been imported here');
      const seq = ledger.nextSeq;
      const at = ledger.clock + 1;
      await this.state.saveLedger({ ...ledger, nextSeq: seq + 1, clock: at });
      const createdAt = this.now();
      const writer = new TransferWriter(
        { transferId: crypto.randomUUID(), createdAt, from: { id: this.options.deviceId, name: ledger.deviceName }, to: peerId, seq, ack: peer?.lastImportedSeq ?? null, schemaVersions: this.schemaVersions() },
        key.id,
      );
      const carried: string[] = [];
      for (const [name, collection] of replicatedCollections(this.db)) {
        // A record rewritten while the file is made comes round again with a later time; its first version goes.
        const seen = new Set<string>();
        for (let page = await pageAfter(collection.storageInstance, null, TRANSFER_CHUNK); page.length > 0; page = await pageAfter(collection.storageInstance, page.at(-1)!, TRANSFER_CHUNK)) {
          const docs = page.map(withoutStorageFields).filter((doc) => !seen.has(doc.id));
          docs.forEach((doc) => seen.add(doc.id));
          const states = peerId === null ? new Map<string, VersionState>() : await this.state.versions(peerId, name, docs.map((doc) => doc.id));
          const entries: TransferEntry[] = docs.flatMap((doc) => {
            const known = states.get(doc.id)?.known?.doc ?? null;
            return known !== null && same(known, doc) ? [] : [{ doc, base: known }];
          });
          writer.add(name, entries);
          if (peerId === null) continue;
          const sent = entries.map(({ doc }): VersionState => {
            const state = states.get(doc.id) ?? { peer: peerId, collection: name, docId: doc.id, known: null, sent: null };
            // The same version sent again keeps the file that first carried it: an acknowledgement of either file covers it.
            return { ...state, sent: state.sent !== null && same(state.sent.doc, doc) ? { ...state.sent, at } : { doc, seq, at } };
          });
          carried.push(...(await this.state.saveVersions(sent)));
        }
      }
      const data = joinParts(await writer.finish(key));
      if (peerId !== null) await this.state.recordExport(peerId, seq, carried, createdAt);
      return { fileName: fileName(createdAt, seq), data, documents: writer.entryCount };
    });
  }

  /** "Export changes for …": the file through the save dialog (a download in a browser). */
  async exportTo(bridge: Pick<WaypointBridge, 'saveFile'>, peerId: string | null): Promise<SaveFileResult & { documents: number }> {
    const file = await this.createExport(peerId);
    const result = await bridge.saveFile({
      suggestedName: file.fileName,
      mimeType: TRANSFER_MIME,
      data: file.data,
      filters: [{ name: 'Waypoint transfer file', extensions: [TRANSFER_EXTENSION] }],
    });
    if (result.saved) {
      await this.options.audit?.record({ action: 'transfer-export', detail: `${file.documents} records for ${peerId === null ? 'a device not exchanged with yet' : `device ${peerId}`}` });
    }
    return { ...result, documents: file.documents };
  }

  /**
   * Imports a transfer file. Everything about the file is checked before anything is written
   * (framing, digest, seal, that it is for this device and not older than one already imported);
   * a refusal is a TransferError and writes nothing.
   */
  importFile(bytes: Uint8Array): Promise<ImportReport> {
    return this.exclusive(async () => {
      const opened = await openTransfer(bytes, { key: this.keys.requireKey(), schemaVersions: this.schemaVersions() });
      const { header, senderName } = opened;
      if (header.from === this.options.deviceId) throw new TransferError('own-file');
      if (header.to !== null && header.to !== this.options.deviceId) throw new TransferError('not-for-this-device');
      const before = (await this.state.ledger()).peers[header.from];
      if (before?.lastImportedSeq != null && header.seq < before.lastImportedSeq) throw new TransferError('superseded');

      if (header.ack !== null) await this.state.acknowledge(header.from, header.ack);
      const at = (await this.state.ledger()).clock + 1;
      const report: ImportReport = { from: { id: header.from, name: senderName }, collections: {}, conflicts: [] };
      for (const chunk of opened.chunks()) await this.importChunk(header.from, chunk, at, report);

      const ledger = await this.state.ledger();
      const peer = ledger.peers[header.from] ?? { lastExportedAt: null, unacked: [] };
      await this.state.saveLedger({
        ...ledger,
        clock: at,
        peers: { ...ledger.peers, [header.from]: { ...peer, name: senderName, lastImportedSeq: header.seq, lastImportedAt: this.now() } },
      });
      const counts = Object.values(report.collections);
      const total = (outcome: ImportOutcome) => counts.reduce((n, c) => n + c[outcome], 0);
      await this.options.audit?.record({
        action: 'transfer-import',
        detail: `from device ${header.from}: ${total('new')} new, ${total('updated')} updated, ${total('merged')} merged, ${total('unchanged')} unchanged, ${report.conflicts.length} conflicts`,
      });
      return report;
    });
  }

  private async importChunk(peer: string, chunk: TransferChunk, at: number, report: ImportReport): Promise<void> {
    const collection = replicatedCollections(this.db).find(([name]) => name === chunk.collection)![1] as unknown as RxCollection<SyncDocument>;
    const merger = sealedMerger<SealedFields>(collection, this.keys, this.sink);
    const states = await this.state.versions(peer, chunk.collection, chunk.entries.map((e) => e.doc.id));
    const counts = (report.collections[chunk.collection] ??= { new: 0, updated: 0, merged: 0, unchanged: 0 });
    const remembered: VersionState[] = [];
    let pending = chunk.entries;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`${pending.length} ${chunk.collection} records kept changing while the file was imported: import it again`);
      const local = new Map((await collection.storageInstance.findDocumentsById(pending.map((e) => e.doc.id), true)).map((doc) => [doc.id, doc]));
      const decided: [TransferEntry, Decision][] = [];
      for (const entry of pending) decided.push([entry, await this.decide(merger, local.get(entry.doc.id) ?? null, entry, states.get(entry.doc.id) ?? null)]);
      const writes = decided.filter(([, d]) => d.write !== null);
      const result = writes.length === 0 ? { error: [] } : await collection.storageInstance.bulkWrite(writes.map(([entry, d]) => ({ previous: local.get(entry.doc.id), document: stored(d.write!) })), IMPORT_CONTEXT);
      // Changed here meanwhile: decided again against what is stored now. Anything else is a failure.
      const failed = result.error.filter((e) => e.status !== 409);
      if (failed.length > 0) throw new Error(`${failed.length} ${chunk.collection} records could not be written`);
      const changed = new Set(result.error.map((e) => e.documentId));
      for (const [entry, decision] of decided) {
        if (changed.has(entry.doc.id)) continue;
        counts[decision.outcome]++;
        if (decision.conflict) report.conflicts.push({ collection: chunk.collection, id: entry.doc.id, kind: decision.conflict.kind });
        const state = states.get(entry.doc.id) ?? { peer, collection: chunk.collection, docId: entry.doc.id, known: null, sent: null };
        // Already remembered as received (the same file imported again): left exactly as it was.
        if (state.known === null || !same(state.known.doc, entry.doc)) remembered.push({ ...state, known: { doc: entry.doc, at } });
      }
      pending = pending.filter((entry) => changed.has(entry.doc.id));
    }
    await this.state.saveVersions(remembered);
  }

  private async decide(merger: SealedMerger<SealedFields>, storedDoc: Stored | null, { doc: incoming, base: fileBase }: TransferEntry, state: VersionState | null): Promise<Decision> {
    const kept = (write: SyncDocument | null = null): Decision => ({ outcome: 'unchanged', write, conflict: null });
    const taken: Decision = { outcome: 'updated', write: incoming, conflict: null };
    if (storedDoc === null) return { outcome: 'new', write: incoming, conflict: null };
    const local = withoutStorageFields(storedDoc);
    const known = state?.known?.doc ?? null;
    // Identical, or the version both already held: ours has moved on from it, if anything.
    if (same(local, incoming) || (known !== null && same(incoming, known))) return kept();
    const base = laterOf(known, fileBase);
    if (base !== null && same(local, base)) return taken;

    // Sealed afresh on every write, so equal versions can differ in bytes: compare them opened.
    const sealed = (doc: SyncDocument) => doc as unknown as WithDeleted<SealedFields>;
    const opened = await Promise.all([merger.open(sealed(local)), merger.open(sealed(incoming)), base === null ? null : merger.open(sealed(base))]).catch((error: unknown) => {
      if (isNewerRecord(error)) return null;
      throw error;
    });
    // A version a newer release wrote is never merged into or overwritten: the merger keeps it as it is.
    if (opened === null) {
      const { doc } = await merger.merge({ base: null, mine: sealed(local), theirs: sealed(incoming) });
      return (doc as unknown) === sealed(local) ? kept() : taken;
    }
    const [mine, theirs, ancestor] = opened;
    // The same version sealed on both devices (each merged the same pair): both keep the lower envelope, so their bytes converge too.
    if (jsonEqual(mine, theirs)) return kept(incoming.sealed < local.sealed ? incoming : null);
    if (ancestor !== null && jsonEqual(mine, ancestor)) return taken;
    if (ancestor !== null && jsonEqual(theirs, ancestor)) return kept();
    const { doc, conflict } = await merger.merge({ base: base === null ? null : sealed(base), mine: sealed(local), theirs: sealed(incoming) });
    return { outcome: 'merged', write: doc as unknown as SyncDocument, conflict: conflict === null ? null : { kind: conflict.kind } };
  }
}
