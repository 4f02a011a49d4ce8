/**
 * Offline transfer by file (a USB stick) between two devices of one practice: this device's
 * changes since the last exchange with a peer go into a sealed transfer file (shared/transfer);
 * importing one hands each record to the arrival module (arrival/arrival.ts: decided, merged by
 * the network sync's rules, written, true conflicts kept) and reports what happened.
 *
 * Changes for a peer: every record whose stored version differs from the last version known to be
 * on both devices (transfer-state.ts), each with that version as its `base`. The first file for a
 * device not exchanged with yet carries everything, with no bases. On import, what this device
 * remembers as received from that peer is the `known` version arrival compares with; the incoming
 * version is then remembered as received, so importing the same file again changes nothing.
 * The storage context is "transfer-import", not "replication-…": sync (sync-service.ts) counts
 * these as local changes and pushes them, since the server may not have them.
 */
import { map, type Observable } from 'rxjs';
import type { SaveFileResult, WaypointBridge } from '../../../shared/bridge';
import { canonicalJson } from '../../../shared/sync/canonical-json';
import type { ConflictKind, MergeRecord } from '../../../shared/sync/merge';
import { deviceNameSchema, type SyncCollection, type SyncDocument } from '../../../shared/sync/protocol';
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
import type { Arrival, ArrivalOutcome } from '../arrival/arrival';
import type { AuditLog } from '../audit/audit-log';
import type { WaypointDatabase } from '../db/database';
import { KeyedMutex } from '../db/keyed-mutex';
import { replicatedCollections } from '../db/replicated';
import type { KeySource } from '../db/sealed-store';
import { storedPages } from '../db/storage';
import { TransferState, type VersionState } from './transfer-state';
import { parseOrThrow } from '../../../shared/messages';
import { st } from '../i18n/staff';

export type ImportOutcome = ArrivalOutcome;
export type CollectionCounts = Record<ImportOutcome, number>;

/**
 * What an import did: counts per collection the file carried, and the true conflicts: which record
 * (its plaintext fields, so the report names it in words) and what kind, never its content.
 */
export interface ImportReport {
  from: { id: string; name: string };
  collections: Record<string, CollectionCounts>;
  conflicts: { collection: string; id: string; kind: ConflictKind; plain: MergeRecord['plain'] }[];
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

const same = (a: SyncDocument, b: SyncDocument) => canonicalJson(a) === canonicalJson(b);

function fileName(at: number, seq: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `waypoint-transfer-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}-${seq}.${TRANSFER_EXTENSION}`;
}

export class TransferService {
  private readonly state: TransferState;
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly db: WaypointDatabase,
    private readonly keys: KeySource,
    /** The one way records enter the device: it decides, merges, writes, audits the import and runs the checks after it. */
    private readonly arrival: Arrival,
    /** `audit`: where an export is recorded (an import is recorded by arrival). */
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
    const deviceName = parseOrThrow(deviceNameSchema, name);
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
      if (ledger.deviceName === null) throw new Error(st('services.transfer.nameThisDeviceFirst'));
      const peer = peerId === null ? null : ledger.peers[peerId];
      if (peer === undefined) throw new Error(st('services.transfer.noFileFromDevice'));
      const seq = ledger.nextSeq;
      const at = ledger.clock + 1;
      await this.state.saveLedger({ ...ledger, nextSeq: seq + 1, clock: at });
      const createdAt = this.now();
      const writer = new TransferWriter(
        { transferId: crypto.randomUUID(), createdAt, from: { id: this.options.deviceId, name: ledger.deviceName }, to: peerId, seq, ack: peer?.lastImportedSeq ?? null, schemaVersions: this.schemaVersions() },
        key,
      );
      const carried: string[] = [];
      for (const [name, collection] of replicatedCollections(this.db)) {
        for await (const docs of storedPages(collection.storageInstance, TRANSFER_CHUNK)) {
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
      filters: [{ name: st('services.transfer.fileType'), extensions: [TRANSFER_EXTENSION] }],
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
      const arrived = new Map<string, string[]>();
      for (const chunk of opened.chunks()) {
        await this.importChunk(header.from, chunk, at, report);
        arrived.set(chunk.collection, [...(arrived.get(chunk.collection) ?? []), ...chunk.entries.map((e) => e.doc.id)]);
      }

      const ledger = await this.state.ledger();
      const peer = ledger.peers[header.from] ?? { lastExportedAt: null, unacked: [] };
      await this.state.saveLedger({
        ...ledger,
        clock: at,
        peers: { ...ledger.peers, [header.from]: { ...peer, name: senderName, lastImportedSeq: header.seq, lastImportedAt: this.now() } },
      });
      const counts = Object.values(report.collections);
      const total = (outcome: ImportOutcome) => counts.reduce((n, c) => n + c[outcome], 0);
      await this.arrival.arrived(
        { source: 'transfer-import', records: [...arrived].map(([collection, ids]) => ({ collection: collection as SyncCollection, ids })) },
        {
          action: 'transfer-import',
          detail: `from device ${header.from}: ${total('new')} new, ${total('updated')} updated, ${total('merged')} merged, ${total('unchanged')} unchanged, ${report.conflicts.length} conflicts`,
        },
      );
      return report;
    });
  }

  private async importChunk(peer: string, chunk: TransferChunk, at: number, report: ImportReport): Promise<void> {
    const ids = chunk.entries.map((e) => e.doc.id);
    const states = await this.state.versions(peer, chunk.collection, ids);
    // Versions this device held that it exchanged with other peers, or sent to this one: one coming back is no news.
    const others = await Promise.all(Object.keys((await this.state.ledger()).peers).filter((p) => p !== peer).map((p) => this.state.versions(p, chunk.collection, ids)));
    const held = (id: string) =>
      [states.get(id)?.sent, ...others.flatMap((m) => [m.get(id)?.known, m.get(id)?.sent])].flatMap((version) => (version ? [version.doc] : []));
    const counts = (report.collections[chunk.collection] ??= { new: 0, updated: 0, merged: 0, unchanged: 0 });
    const decisions = await this.arrival.receive(
      'transfer-import',
      chunk.collection,
      chunk.entries.map(({ doc, base }) => ({ doc, base, known: states.get(doc.id)?.known?.doc ?? null, held: held(doc.id) })),
    );
    const remembered: VersionState[] = [];
    for (const [i, { doc }] of chunk.entries.entries()) {
      const decision = decisions[i]!;
      counts[decision.outcome]++;
      if (decision.conflict) report.conflicts.push({ collection: chunk.collection, id: doc.id, kind: decision.conflict.kind, plain: decision.conflict.versions[0].plain });
      const state = states.get(doc.id) ?? { peer, collection: chunk.collection, docId: doc.id, known: null, sent: null };
      // Already remembered as received (the same file imported again): left exactly as it was.
      if (state.known === null || !same(state.known.doc, doc)) remembered.push({ ...state, known: { doc, at } });
    }
    await this.state.saveVersions(remembered);
  }
}
