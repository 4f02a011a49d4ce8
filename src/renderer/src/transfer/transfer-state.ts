/**
 * What this device remembers of its transfers with each peer device: RxDB local documents, which
 * never replicate and are not in backups (a wiped or restored device has a new device id too, so
 * its peers treat it as a device they have not exchanged with yet).
 *
 * - `transfer-ledger`: this device's name in transfer files, its next file number, a counter that
 *   orders exchanges, and per peer: its name, the last file imported from it, and the numbers of
 *   files made for it that it has not acknowledged yet.
 * - `transfer-v-<digest>`, per peer and record: `known`, the latest version both devices are known
 *   to hold (received from the peer, or sent and acknowledged), and `sent`, the latest version sent
 *   and not acknowledged yet: `seq` is the first file that carried it (every later file carried it
 *   too, until `sent` changes), `at` the last time one did. Local document ids are at most 128
 *   characters and record ids up to 200, hence the digest of (peer, collection, id).
 * - `transfer-sent-<peer>-<seq>`: which of those file `seq` carried, so its acknowledgement finds them.
 *
 * Versions are written many at a time through the local documents' storage instance: one storage
 * write per page of records, where `upsertLocal` would be one per record.
 */
import { map, type Observable } from 'rxjs';
import { toBase64Url } from '../../../shared/crypto';
import type { SyncDocument } from '../../../shared/sync/protocol';
import type { WaypointDatabase } from '../db/database';
import { localDocumentStorage, type RxDocumentData, type RxLocalDocumentData, type RxStorageInstance } from '../db/storage';
import { st } from '../i18n/staff';

export interface PeerInfo {
  name: string;
  lastImportedSeq: number | null;
  lastImportedAt: number | null;
  lastExportedAt: number | null;
  /** Files made for this peer that it has not acknowledged. */
  unacked: number[];
}

export interface Ledger {
  deviceName: string | null;
  nextSeq: number;
  /** Orders this device's exchanges: whichever of `known` and `sent` happened later. */
  clock: number;
  peers: Record<string, PeerInfo>;
}

export interface VersionState {
  peer: string;
  collection: string;
  docId: string;
  known: { doc: SyncDocument; at: number } | null;
  sent: { doc: SyncDocument; seq: number; at: number } | null;
}

const LEDGER_ID = 'transfer-ledger';
const EMPTY_LEDGER: Ledger = { deviceName: null, nextSeq: 1, clock: 0, peers: {} };
/** Records read and written at a time while settling an acknowledgement. */
const PAGE = 500;
const manifestId = (peer: string, seq: number) => `transfer-sent-${peer}-${seq}`;

async function versionId(peer: string, collection: string, docId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([peer, collection, docId])));
  return `transfer-v-${toBase64Url(new Uint8Array(digest))}`;
}

export class TransferState {
  constructor(private readonly db: WaypointDatabase) {}

  private storage(): Promise<RxStorageInstance<RxLocalDocumentData, unknown, unknown>> {
    return localDocumentStorage(this.db);
  }

  async ledger(): Promise<Ledger> {
    return ((await this.db.getLocal<Ledger>(LEDGER_ID))?.toJSON().data as Ledger | undefined) ?? EMPTY_LEDGER;
  }

  ledger$(): Observable<Ledger> {
    return this.db.getLocal$<Ledger>(LEDGER_ID).pipe(map((doc) => (doc === null ? EMPTY_LEDGER : (doc.toJSON().data as Ledger))));
  }

  async saveLedger(ledger: Ledger): Promise<void> {
    await this.db.upsertLocal<Ledger>(LEDGER_ID, ledger);
  }

  /** What is remembered of these records of `collection` with `peer`, by record id. */
  async versions(peer: string, collection: string, docIds: readonly string[]): Promise<Map<string, VersionState>> {
    const ids = await Promise.all(docIds.map((docId) => versionId(peer, collection, docId)));
    const found = await (await this.storage()).findDocumentsById(ids, false);
    return new Map(found.map((doc) => [(doc.data as VersionState).docId, doc.data as VersionState]));
  }

  /** Writes these states in one storage write; returns their local document ids. */
  async saveVersions(states: readonly VersionState[]): Promise<string[]> {
    if (states.length === 0) return [];
    const storage = await this.storage();
    const ids = await Promise.all(states.map((s) => versionId(s.peer, s.collection, s.docId)));
    const previous = new Map((await storage.findDocumentsById(ids, true)).map((doc) => [doc.id, doc]));
    const rows = states.map((data, i) => {
      const before = previous.get(ids[i]!);
      const document: RxDocumentData<RxLocalDocumentData> = { id: ids[i]!, data, _deleted: false, _attachments: {}, _meta: { lwt: 0 }, _rev: '' };
      return before ? { previous: before, document } : { document };
    });
    const result = await storage.bulkWrite(rows, 'transfer-state');
    // Transfers run one at a time per profile (TransferService), so nothing else writes these.
    if (result.error.length > 0) throw new Error(st('services.transfer.notRemembered', { failed: result.error.length }));
    return ids;
  }

  /** After a file for `peer` is made: which records it carried, and that it awaits acknowledgement. */
  async recordExport(peer: string, seq: number, carried: readonly string[], at: number): Promise<void> {
    if (carried.length > 0) await this.db.upsertLocal(manifestId(peer, seq), { ids: carried });
    const ledger = await this.ledger();
    const info = ledger.peers[peer]!;
    await this.saveLedger({ ...ledger, peers: { ...ledger.peers, [peer]: { ...info, lastExportedAt: at, unacked: [...info.unacked, seq] } } });
  }

  /**
   * `peer` says it imported our file `ack`. Whatever that file carried is on both devices now:
   * each record it listed whose sent version has not changed since (first sent in `ack` or
   * earlier) becomes known, unless something later was exchanged meanwhile. Older files are
   * settled too: what they carried and `ack` did not was already known by the time `ack` was made.
   */
  async acknowledge(peer: string, ack: number): Promise<void> {
    const ledger = await this.ledger();
    const info = ledger.peers[peer];
    if (info === undefined) return;
    const settled = info.unacked.filter((seq) => seq <= ack).sort((a, b) => b - a);
    const storage = await this.storage();
    for (const seq of settled) {
      const ids = (await this.db.getLocal<{ ids: string[] }>(manifestId(peer, seq)))?.toJSON().data.ids ?? [];
      for (let i = 0; i < ids.length; i += PAGE) {
        const states = (await storage.findDocumentsById(ids.slice(i, i + PAGE), false)).map((doc) => doc.data as VersionState);
        const unchanged = states.filter((s) => s.sent !== null && s.sent.seq <= seq);
        await this.saveVersions(
          unchanged.map(({ sent, known, ...s }) => ({ ...s, sent: null, known: seq === ack && (known === null || sent!.at > known.at) ? { doc: sent!.doc, at: sent!.at } : known })),
        );
      }
      await (await this.db.getLocal(manifestId(peer, seq)))?.remove();
    }
    await this.saveLedger({ ...ledger, peers: { ...ledger.peers, [peer]: { ...info, unacked: info.unacked.filter((seq) => seq > ack) } } });
  }
}
