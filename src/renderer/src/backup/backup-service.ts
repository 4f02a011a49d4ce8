/**
 * Backup and restore of the practice database on this device (the file format: shared/backup).
 *
 * What goes in: every replicating collection's documents as stored (sealed), and the keyring's
 * wraps (every staff passphrase wrap and the recovery wrap), so a fresh device can be opened with a
 * passphrase or the recovery code. What stays out: drafts (one device's half-typed forms: restored
 * on another device they would reappear out of context), the sync configuration (the device token
 * belongs to this device; a restored device enrols afresh), the sync queue and the unlock throttle
 * counters (state of this device, not of the practice).
 */
import { combineLatest, from, map, type Observable } from 'rxjs';
import type { SaveFileResult, WaypointBridge } from '../../../shared/bridge';
import {
  BACKUP_EXTENSION,
  backupDue,
  migrateDocuments,
  openBackup,
  openedBackup,
  type BackupChunk,
  type BackupDue,
  type BackupKeyring,
  type CollectionMigrations,
  type FormatUpgrade,
  type OpenedBackup,
} from '../../../shared/backup';
import { unwrapPracticeKey } from '../../../shared/crypto';
import type { SyncCollection } from '../../../shared/sync/protocol';
import { Arrival } from '../arrival/arrival';
import type { AuditLog } from '../audit/audit-log';
import type { WaypointDatabase } from '../db/database';
import { yieldToUi } from '../db/open-records';
import { replicatedCollections } from '../db/replicated';
import { rowSink, storedTable, type RxCollection } from '../db/storage';
import { KeyringStore, type Keyring } from '../vault/keyring';
import { RECOVERY_HOLDER } from '../vault/keyring-epochs';
import type { RestoreSecret } from '../vault/enrolment';
import type { VaultParts } from '../vault';
import { checkInWorker } from './check-in-worker';
import { finishBackup, writeLines, type BuiltBackup } from './build-backup';
import { buildInWorkers } from './build-in-worker';
import { st } from '../i18n/staff';

const STATUS_ID = 'backup-status';
/** Restore batches being written at once. */
const RESTORE_WRITES_IN_FLIGHT = 2;
/**
 * Documents a restore writes at once (one IndexedDB transaction): consecutive lines of one
 * collection joined. Each transaction is flushed to disk ('strict' durability, db/database.ts):
 * a one-year restore makes 15 of them rather than 280.
 */
const RESTORE_BATCH = 10_000;

/** The last backup of this device's records (a local document: each device knows its own). */
export interface BackupStatus {
  at: number;
  /** A path in Electron, the download's name in a browser, or the file a restore came from. */
  location: string;
  documents: number;
}

export interface BackupFile {
  fileName: string;
  data: Uint8Array<ArrayBuffer>;
  documents: number;
  createdAt: number;
}

export class DeviceNotEmptyError extends Error {
  override readonly name = 'DeviceNotEmptyError';
  constructor() {
    super(st('services.backup.deviceNotEmpty'));
  }
}

export class RestoreWriteError extends Error {
  override readonly name = 'RestoreWriteError';
}

/**
 * Consecutive lines of one collection joined into batches of at most `size` documents. Each line
 * is parsed in a task of its own (a line is a few milliseconds of JSON; a batch is many lines).
 */
async function* restoreBatches(chunks: Iterable<BackupChunk>, size: number): AsyncGenerator<BackupChunk> {
  let batch: BackupChunk | null = null;
  for (const chunk of chunks) {
    await yieldToUi();
    if (batch !== null && (batch.collection !== chunk.collection || batch.documents.length + chunk.documents.length > size)) {
      yield batch;
      batch = null;
    }
    if (batch === null) batch = { collection: chunk.collection, documents: [...chunk.documents] };
    else batch.documents.push(...chunk.documents);
  }
  if (batch !== null) yield batch;
}

function fileName(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `waypoint-backup-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.${BACKUP_EXTENSION}`;
}

/** The keyring as it travels: wraps and who they belong to, without this device's attempt counters. */
function backupKeyring(keyring: Keyring): BackupKeyring {
  // A profile still waiting for its setup code is left out: the code expires, and a restored device gets a new one.
  const profiles = keyring.profiles.filter((p) => p.wrap.method.type === 'passphrase').map(({ id, displayName, role, wrap }) => ({ id, displayName, role, wrap }));
  // Only current holders' boxes of the newest epoch travel (removed profiles have none); this device's own key pair never does.
  const holders = new Set([...profiles.map((p) => p.id), RECOVERY_HOLDER]);
  const inbox = (keyring.inbox ?? []).filter((e) => holders.has(e.to));
  return {
    practice: keyring.practice,
    argon2: keyring.argon2,
    profiles,
    recovery: keyring.recovery,
    ...(keyring.epochs === undefined ? {} : { epochs: keyring.epochs }),
    ...(inbox.length === 0 ? {} : { inbox }),
  };
}

export class BackupService {
  private readonly keyring: KeyringStore;
  private readonly arrival: Arrival;

  constructor(
    private readonly db: WaypointDatabase,
    private readonly parts: Pick<VaultParts, 'vault' | 'enrolment'>,
    private readonly options: {
      appVersion: string;
      now?: () => number;
      /** The app's tables unless given (tests exercise the upgrade path with their own). */
      upgrades?: readonly FormatUpgrade[];
      migrations?: CollectionMigrations;
      audit?: Pick<AuditLog, 'record'>;
      /** How restored records enter the device; one of its own unless given (a restore merges nothing, so it keeps no conflicts). */
      arrival?: Arrival;
    },
  ) {
    this.keyring = new KeyringStore(db);
    this.arrival = options.arrival ?? new Arrival(db, parts.vault, { conflicts: { record: () => Promise.reject(new Error(st('services.backup.restoreMergesNothing'))) }, ...(options.audit ? { audit: options.audit } : {}) });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private schemaVersions(): Record<string, number> {
    return Object.fromEntries(replicatedCollections(this.db).map(([name, collection]) => [name, collection.schema.version]));
  }

  /**
   * Builds the backup file while unlocked. In the window the build workers read storage and write
   * the file (build-in-worker.ts); here where there is no Worker (Node, the renderer tests) the
   * same code runs on this thread, on the database's own connections.
   */
  async create(): Promise<BackupFile> {
    const key = this.parts.vault.requireKey();
    const keyring = await this.keyring.load();
    if (keyring === null) throw new Error(st('services.backup.noPractice'));
    const createdAt = this.now();
    const meta = { appVersion: this.options.appVersion, createdAt, backupId: crypto.randomUUID(), keyring: backupKeyring(keyring), schemaVersions: this.schemaVersions() };
    const tables = await Promise.all(replicatedCollections(this.db).map(async ([name, collection]) => ({ name, ...(await storedTable(collection.storageInstance)) })));
    let built: BuiltBackup;
    if (typeof Worker === 'undefined') {
      const connections = new Map(tables.map(({ table, connection }) => [table.database, connection]));
      const writer = await writeLines(meta, tables.map(({ name, table }) => [name, table] as const), async (database) => connections.get(database)!);
      built = await finishBackup(writer, key);
    } else {
      built = await buildInWorkers(meta, tables, key);
    }
    return { fileName: fileName(createdAt), data: built.data, documents: built.documents, createdAt };
  }

  /** "Back up now": the file through the save dialog (a download in a browser); remembered once saved. */
  async backUpNow(bridge: Pick<WaypointBridge, 'saveFile'>): Promise<SaveFileResult & { documents: number }> {
    const file = await this.create();
    const result = await bridge.saveFile({
      suggestedName: file.fileName,
      mimeType: 'application/octet-stream',
      data: file.data,
      filters: [{ name: st('services.backup.fileType'), extensions: [BACKUP_EXTENSION] }],
    });
    if (result.saved) {
      await this.record({ at: file.createdAt, location: result.location, documents: file.documents });
      await this.options.audit?.record({ action: 'backup', detail: `${file.documents} records` });
    }
    return { ...result, documents: file.documents };
  }

  private async record(status: BackupStatus): Promise<void> {
    await this.db.upsertLocal<BackupStatus>(STATUS_ID, status);
  }

  status$(): Observable<BackupStatus | null> {
    return this.db.getLocal$<BackupStatus>(STATUS_ID).pipe(map((doc) => (doc === null ? null : (doc.toJSON().data as BackupStatus))));
  }

  /** Whether a reminder is due: days since this device's last backup (or since the practice was set up here) against the practice setting. */
  due$(reminderDays$: Observable<number>): Observable<BackupDue> {
    return combineLatest([this.status$(), from(this.keyring.load()), reminderDays$]).pipe(
      map(([status, keyring, reminderDays]) => backupDue({ lastBackupAt: status?.at ?? null, practiceSetUpAt: keyring?.practice.createdAt ?? this.now(), reminderDays, now: this.now() })),
    );
  }

  /**
   * Reads a backup file and checks everything that needs no secret: refusals come before anyone
   * types one. The check runs in the backup worker where there is one (the window; not Node), with
   * the release's own format upgrades (functions do not cross to a Worker); `bytes` is moved there
   * and back, so the caller's array is empty afterwards.
   */
  async open(bytes: Uint8Array): Promise<OpenedBackup> {
    const schemaVersions = this.schemaVersions();
    if (typeof Worker === 'undefined' || this.options.upgrades !== undefined) return openBackup(bytes, { schemaVersions, upgrades: this.options.upgrades });
    const checked = await checkInWorker(bytes, schemaVersions);
    return openedBackup(checked.bytes, checked.checked);
  }

  /**
   * Restores onto this device, which must have no practice: opens the key with the secret, checks
   * the seal, writes every document (migrated to this version's schemas), then the keyring, and
   * leaves the vault unlocked. A wrong secret, a broken seal or a non-empty device writes nothing;
   * a failed write removes what it wrote.
   *
   * Documents enter through the arrival module, as replicated and transferred ones do: no
   * collection hooks run, so the audit trail gets one "restore" entry, not a "created" entry per
   * record (each record's history is in the restored audit entries of the devices that wrote it).
   */
  async restore(backup: OpenedBackup, secret: RestoreSecret, options: { source?: string; onProgress?: (written: number, total: number) => void } = {}): Promise<void> {
    const collections = new Map<string, RxCollection>(replicatedCollections(this.db));
    if (this.parts.vault.state$.value.status !== 'setup' || (await this.keyring.load()) !== null) throw new DeviceNotEmptyError();
    for (const collection of collections.values()) if ((await collection.count().exec()) > 0) throw new DeviceNotEmptyError();

    const { keyring, header } = backup;
    const profile = keyring.profiles.find((p) => p.id === secret.profileId);
    if (profile === undefined) throw new Error(st('services.backup.profileNotInBackup'));
    if (secret.kind === 'recovery-code') await this.parts.vault.assertNewPassphrase(secret.newPassphrase, [keyring.practice.name, profile.displayName]);
    const { dataKey } = await (secret.kind === 'passphrase' ? unwrapPracticeKey(profile.wrap, secret.passphrase) : unwrapPracticeKey(keyring.recovery, secret.recoveryCode));
    await backup.verifySeal(dataKey);

    let written = 0;
    const arrived = new Map<string, string[]>();
    // A few batches' writes in flight at once: the next lines are parsed and their write queued
    // while IndexedDB stores the last, instead of each side waiting for the other.
    const writing = new Set<Promise<void>>();
    let failure: { error: unknown } | null = null;
    // In the window the insert worker adds the rows: IndexedDB serialises them on the thread that adds them.
    const rows = rowSink();
    try {
      for await (const batch of restoreBatches(backup.chunks(), RESTORE_BATCH)) {
        if (failure !== null) break;
        const backedUpVersion = header.collections[batch.collection]!.schemaVersion;
        const documents = migrateDocuments(batch.collection, batch.documents, backedUpVersion, collections.get(batch.collection)!.schema.version, this.options.migrations);
        const ids = arrived.get(batch.collection) ?? arrived.set(batch.collection, []).get(batch.collection)!;
        for (const doc of documents) ids.push(doc.id);
        const write = this.arrival.restore(batch.collection, documents, rows).then(
          () => {
            written += documents.length;
            options.onProgress?.(written, backup.documentCount);
          },
          (error: unknown) => void (failure ??= { error }),
        );
        writing.add(write);
        void write.then(() => writing.delete(write));
        if (writing.size >= RESTORE_WRITES_IN_FLIGHT) await Promise.race(writing);
      }
    } catch (error) {
      failure ??= { error };
    }
    // Every write settled before anything is undone: one still in flight would land after the undo.
    await Promise.all(writing);
    rows.close();
    if (failure !== null) {
      await this.arrival.undoRestore();
      throw new RestoreWriteError(st('services.backup.recordsNotWritten', { error: ((failure as { error: unknown }).error as Error).message }));
    }
    // The restored records are backed up as of the file's date: reminders count from there.
    await this.record({ at: header.createdAt, location: options.source ?? '', documents: written });
    await this.parts.enrolment.adoptRestoredKeyring(keyring, secret);
    await this.arrival.arrived(
      { source: 'restore', records: [...arrived].map(([collection, ids]) => ({ collection: collection as SyncCollection, ids })) },
      { action: 'restore', detail: `${written} records from a backup made ${new Date(header.createdAt).toISOString()}` },
    );
  }
}
