/**
 * The audit trail on this device (rules: src/shared/audit.ts). Entries are sealed like every
 * record and chained per device: this device numbers its own entries and links each to the one
 * before, one batch at a time, so the numbering never forks here.
 *
 * What is recorded where:
 * - unlock, failed unlock, lock and enrolment: the vault's access events;
 * - records created, changed (signed, co-signed, returned, addended) and deleted: RxDB write hooks
 *   on every collection, which fire for writes made on this device only — replication writes to
 *   storage directly, so records arriving by sync are recorded on the device that wrote them;
 * - print and export: the bridge (audited-bridge.ts); chart opened: the chart page;
 * - backup, restore, device revocation: their features call `record`.
 *
 * While locked there is no key to seal with (a failed unlock, the lock itself): such entries wait
 * in the local document `audit-queue` — action, staff id, time and ids, no names, no content —
 * and are sealed and chained, oldest first, the next time anyone unlocks this device. The same
 * queue keeps entries whose write failed, so none is dropped; an entry still in memory when the
 * window closes is lost.
 */
import { map, type Observable } from 'rxjs';
import {
  AUDIT_COALESCE,
  auditEventForWrite,
  auditTargetSchema,
  chainHash,
  entryHash,
  GENESIS_HASH,
  verifyChain,
  type AuditAction,
  type AuditEntry,
  type AuditEntryBody,
  type AuditTarget,
  type ChainHead,
  type ChainProblem,
  type ChainReport,
  type WrittenRecord,
} from '../../../shared/audit';
import type { WaypointDatabase } from '../db/database';
import { KeyedMutex } from '../db/keyed-mutex';
import type { AuditDocType, SealedFields } from '../db/schemas';
import { SealedStore } from '../db/sealed-store';
import type { MangoQuerySelector, RxCollection } from '../db/storage';
import type { AccessEvent, Vault } from '../vault/vault';

export interface AuditEvent {
  action: AuditAction;
  target?: AuditTarget;
  /** Short and free of record contents: a status change, a reason, a file type. */
  detail?: string;
}

export interface AuditFilter {
  /** UTC ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  staffId?: string;
  clientId?: string;
  action?: AuditAction;
}

export interface DeviceChainReport extends ChainReport {
  thisDevice: boolean;
}

type AuditPlain = Pick<AuditDocType, 'deviceId' | 'seq' | 'at' | 'action' | 'staffId' | 'clientId'>;

/** An entry not yet sealed: names are looked up when it is, so none waits on disk. */
interface QueuedEntry {
  action: AuditAction;
  staffId: string;
  at: string;
  target?: AuditTarget;
  detail?: string;
}

interface DeviceDoc {
  deviceId: string;
  /** This device's last entry: a cut-off or rewritten end of the chain shows against it. */
  head: ChainHead | null;
}

const DEVICE_DOC = 'audit-device';
const QUEUE_DOC = 'audit-queue';
/** The audit trail does not audit itself; conflict copies are written by replication, and resolving one changes the record, which is recorded. */
const UNWATCHED = new Set(['audit', 'conflicts']);

const LONGEST_WINDOW_MS = Math.max(...Object.values(AUDIT_COALESCE).map((rule) => rule.windowMs));

const pad = (seq: number) => String(seq).padStart(10, '0');
const entryId = (deviceId: string, seq: number) => `audit-${deviceId}-${pad(seq)}`;

function plainOf(entry: AuditEntry): AuditPlain {
  return { deviceId: entry.deviceId, seq: pad(entry.seq), at: entry.at, action: entry.action, staffId: entry.who.staffId, clientId: entry.target?.clientId ?? '' };
}

function accessEvent(event: AccessEvent): AuditEvent {
  switch (event.kind) {
    case 'unlock':
      if (event.method === 'practice-created') return { action: 'enrolment', detail: 'practice set up on this device' };
      if (event.method === 'device-joined') return { action: 'enrolment', detail: 'this device joined the practice' };
      return event.method === 'recovery-code' ? { action: 'unlock', detail: 'with the recovery code' } : { action: 'unlock' };
    case 'unlock-failed':
      return { action: 'unlock-failed', detail: event.throttled ? 'refused: too many wrong attempts' : `wrong ${event.method === 'recovery-code' ? 'recovery code' : 'passphrase'}` };
    case 'lock':
      return { action: 'lock', detail: event.reason };
  }
}

function selectorOf(filter: AuditFilter): MangoQuerySelector<SealedFields & AuditPlain> {
  const selector: MangoQuerySelector<SealedFields & AuditPlain> = {};
  if (filter.from !== undefined || filter.to !== undefined) selector.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  if (filter.staffId) selector.staffId = filter.staffId;
  if (filter.clientId) selector.clientId = filter.clientId;
  if (filter.action) selector.action = filter.action;
  return selector;
}

function newestFirst(records: readonly { data: AuditEntry }[]): AuditEntry[] {
  return records.map((r) => r.data).sort((a, b) => (a.at === b.at ? b.seq - a.seq : a.at < b.at ? 1 : -1));
}

export class AuditLog {
  private readonly store: SealedStore<AuditPlain, AuditEntry>;
  private readonly mutex = new KeyedMutex();
  private pending: QueuedEntry[] = [];
  /** Whether `audit-queue` may hold entries: true until read once. */
  private queued = true;
  /** Display names by staff id, from the vault's profiles. */
  private readonly names = new Map<string, string>();
  /** Whoever is unlocked, or was last: hooks that fire during a lock still know who wrote. */
  private current = '';
  /** When an action on a record was last recorded, for AUDIT_COALESCE. */
  private readonly recent = new Map<string, number>();

  private constructor(
    private readonly db: WaypointDatabase,
    private readonly vault: Vault,
    readonly deviceId: string,
    private readonly now: () => number,
  ) {
    this.store = new SealedStore(db.audit, vault, now);
    vault.state$.subscribe((state) => {
      if (state.status === 'locked') for (const p of state.profiles) this.names.set(p.id, p.displayName);
      if (state.status === 'unlocked') {
        this.names.set(state.profile.id, state.profile.displayName);
        this.current = state.profile.id;
      }
    });
    vault.onAccess((event) => void this.record(accessEvent(event), event.profileId));
    // Entries of the last moments (a draft flushed on lock) are sealed while the key is still here.
    vault.onBeforeLock(() => this.flush());
    this.watch();
  }

  /** Opens the audit trail of this device, creating its device id the first time. */
  static async open(db: WaypointDatabase, vault: Vault, options: { now?: () => number } = {}): Promise<AuditLog> {
    let device = (await db.getLocal<DeviceDoc>(DEVICE_DOC))?.toJSON().data;
    if (device === undefined) {
      // Another window may create it at the same moment: whichever insert wins is the device id.
      await db.insertLocal<DeviceDoc>(DEVICE_DOC, { deviceId: crypto.randomUUID(), head: null }).catch(() => undefined);
      device = (await db.getLocal<DeviceDoc>(DEVICE_DOC))!.toJSON().data;
    }
    return new AuditLog(db, vault, device.deviceId, options.now ?? Date.now);
  }

  /**
   * Records an event by the staff member who is unlocked (or `staffId`). Resolves once it is
   * sealed, or queued until the next unlock; never rejects. Events that break the entry rules
   * (an id that is not an id) are refused with a console error: they are programming errors.
   */
  record(event: AuditEvent, staffId = this.current): Promise<void> {
    if (event.target !== undefined && !auditTargetSchema.safeParse(event.target).success) {
      console.error('[waypoint:audit] an event with an invalid target was not recorded:', event.action);
      return Promise.resolve();
    }
    const now = this.now();
    const { target } = event;
    if (target !== undefined) {
      const key = (action: AuditAction) => `${action} ${staffId} ${target.collection}/${target.id}`;
      const rule = AUDIT_COALESCE[event.action];
      if (rule !== undefined && rule.after.some((action) => now - (this.recent.get(key(action)) ?? -Infinity) < rule.windowMs)) return this.flush();
      if (this.recent.size > 5000) for (const [k, t] of this.recent) if (now - t >= LONGEST_WINDOW_MS) this.recent.delete(k);
      this.recent.set(key(event.action), now);
    }
    this.pending.push({
      action: event.action,
      staffId,
      at: new Date(now).toISOString(),
      ...(event.target ? { target: event.target } : {}),
      ...(event.detail ? { detail: event.detail.slice(0, 200) } : {}),
    });
    return this.flush();
  }

  /** Waits until everything recorded so far is written (or queued while locked). */
  flush(): Promise<void> {
    return this.mutex.run(this.deviceId, () => this.exclusive(() => this.drain()));
  }

  /** Across windows of the same profile too, where the browser offers Web Locks (Chromium, Electron). */
  private async exclusive(work: () => Promise<void>): Promise<void> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    await (locks ? locks.request(`waypoint-audit-${this.deviceId}`, work) : work());
  }

  private async drain(): Promise<void> {
    const fresh = this.pending.splice(0);
    if (fresh.length === 0 && !this.queued) return;
    const waiting = this.queued ? ((await this.db.getLocal<{ entries: QueuedEntry[] }>(QUEUE_DOC))?.toJSON().data.entries ?? []) : [];
    const batch = [...waiting, ...fresh];
    const unwritten = this.vault.isUnlocked()
      ? await this.write(batch).catch((error: unknown) => {
          console.error('[waypoint:audit] entries could not be written; they stay queued:', (error as Error).name, (error as Error).message);
          return batch;
        })
      : batch;
    if (unwritten.length > 0 || waiting.length > 0) await this.db.upsertLocal(QUEUE_DOC, { entries: unwritten });
    this.queued = unwritten.length > 0;
  }

  /** Seals and chains a batch after this device's last entry; returns the entries that could not be stored. */
  private async write(batch: QueuedEntry[]): Promise<QueuedEntry[]> {
    if (batch.length === 0) return [];
    let { seq, hash } = await this.head();
    const records: { id: string; plain: AuditPlain; data: AuditEntry; hash: string }[] = [];
    for (const queued of batch) {
      const body: AuditEntryBody = {
        v: 1,
        deviceId: this.deviceId,
        seq: ++seq,
        at: queued.at,
        who: { staffId: queued.staffId, name: (this.names.get(queued.staffId) ?? '').slice(0, 200) },
        action: queued.action,
        ...(queued.target ? { target: queued.target } : {}),
        ...(queued.detail ? { detail: queued.detail } : {}),
      };
      const entry: AuditEntry = { ...body, prevHash: hash };
      hash = await chainHash(hash, body);
      records.push({ id: entryId(this.deviceId, body.seq), plain: plainOf(entry), data: entry, hash });
    }
    const { failed } = await this.store.bulkInsert(records);
    const refused = new Set(failed);
    const last = records.findLast((r) => !refused.has(r.id));
    if (last !== undefined) await this.db.upsertLocal<DeviceDoc>(DEVICE_DOC, { deviceId: this.deviceId, head: { seq: last.data.seq, hash: last.hash } });
    // A refused id means another writer took that number: the gap stays visible to verification.
    if (refused.size > 0) console.error('[waypoint:audit] some entries were refused by storage and are queued again:', refused.size);
    return batch.filter((_, i) => refused.has(records[i]!.id));
  }

  /** Where the next entry links: the remembered head, unless storage holds a later entry of this device. */
  private async head(): Promise<ChainHead> {
    const remembered = (await this.db.getLocal<DeviceDoc>(DEVICE_DOC))?.toJSON().data.head ?? { seq: 0, hash: GENESIS_HASH };
    const last = await this.store.firstPlain({ deviceId: this.deviceId }, [{ deviceId: 'desc' }, { seq: 'desc' }]);
    if (last === null || Number(last.seq) <= remembered.seq) return remembered;
    // Written by another window, or stored just before a crash kept the head from being saved.
    const entry = (await this.store.get(last.id))!.data;
    return { seq: entry.seq, hash: await entryHash(entry) };
  }

  /** Write hooks on every recorded collection: the plaintext fields say what happened, the sealed part is never read. */
  private watch(): void {
    for (const [name, collection] of Object.entries(this.db.collections) as [string, RxCollection][]) {
      if (UNWATCHED.has(name)) continue;
      const before = new Map<string, WrittenRecord>();
      collection.preSave((data: WrittenRecord, previous: unknown) => void before.set(data.id, previous as WrittenRecord), false);
      collection.postInsert((data: WrittenRecord) => void this.record(auditEventForWrite(name, null, data)), false);
      collection.postSave((data: WrittenRecord & { _deleted?: boolean }) => {
        const previous = before.get(data.id) ?? data;
        before.delete(data.id);
        // A removal also saves; postRemove records it once.
        if (!data._deleted) void this.record(auditEventForWrite(name, previous, data));
      }, false);
      collection.postRemove((data: WrittenRecord) => void this.record(auditEventForWrite(name, null, { ...data, _deleted: true })), false);
    }
  }

  /** Entries matching the filter (on plaintext fields, so only those are unsealed), newest first. */
  async find(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return newestFirst(await this.store.find(selectorOf(filter)));
  }

  /** The same, kept current as entries are written here or arrive from other devices. */
  find$(filter: AuditFilter = {}): Observable<AuditEntry[]> {
    return this.store.find$(selectorOf(filter)).pipe(map(newestFirst));
  }

  /**
   * Checks every device's chain as stored here. An entry that cannot be opened, or whose
   * plaintext fields differ from its sealed ones, is altered; this device's remembered head also
   * catches its own last entries being removed or rewritten.
   */
  async verify(): Promise<DeviceChainReport[]> {
    const settled = (await this.store.findSettled()).sort((a, b) => (a.record.deviceId === b.record.deviceId ? (a.record.seq < b.record.seq ? -1 : 1) : a.record.deviceId < b.record.deviceId ? -1 : 1));
    const entries: AuditEntry[] = [];
    const damaged: (ChainProblem & { unopened: boolean })[] = [];
    for (const { record, error } of settled) {
      const seq = Number(record.seq);
      if (error !== null) {
        damaged.push({ deviceId: record.deviceId, seq, kind: 'altered', message: `Entry ${seq} was altered: its sealed envelope does not open (${error.name})`, unopened: true });
        continue;
      }
      const sealed = plainOf(record.data);
      // The stored number is checked by the order it puts the entry in; every other field must match.
      if ((['deviceId', 'at', 'action', 'staffId', 'clientId'] as const).some((field) => sealed[field] !== record[field])) {
        damaged.push({ deviceId: record.deviceId, seq, kind: 'altered', message: `Entry ${seq} was altered: its stored fields differ from the sealed entry`, unopened: false });
      }
      entries.push(record.data);
    }
    const head = (await this.db.getLocal<DeviceDoc>(DEVICE_DOC))?.toJSON().data.head;
    const reports = await verifyChain(entries, head ? { [this.deviceId]: head } : {});
    for (const { deviceId } of damaged) if (!reports.some((r) => r.deviceId === deviceId)) reports.push({ deviceId, entries: 0, lastSeq: 0, problems: [] });
    return reports.map((report) => {
      const own = damaged.filter((p) => p.deviceId === report.deviceId);
      // An entry that does not open is also absent from the chain: it is reported once, as altered.
      const chained = report.problems.filter((p) => !(p.kind === 'missing' && own.some((o) => o.unopened && o.seq === p.seq)));
      const problems = [...own.map(({ unopened: _, ...problem }) => problem), ...chained].sort((a, b) => a.seq - b.seq);
      return { ...report, entries: report.entries + own.filter((o) => o.unopened).length, problems, thisDevice: report.deviceId === this.deviceId };
    });
  }
}
