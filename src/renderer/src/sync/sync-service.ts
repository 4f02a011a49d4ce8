/**
 * Background sync with the central server while the vault is unlocked (docs/ARCHITECTURE.md: Sync): RxDB's
 * replication protocol for every synced collection, pulled by the server's checkpoints, pushed in
 * bounded batches, kept live by one server-sent-events stream, retried with backoff and jitter.
 * Documents travel as id, rev, updatedAt, deleted flag and envelope: their query fields are sealed
 * inside it (w3) and restored on arrival, where a document whose state is not the sealed one is
 * reported and never applied (docs/ARCHITECTURE.md: Wire).
 *
 * What it reports must never claim more than is true: "up to date" only when every collection's
 * replication is idle and in sync, nothing local is waiting and no error is outstanding.
 */
import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { envelopeKeyId, TamperedError, VaultCryptoError, type DataKey } from '../../../shared/crypto';
import { isNewerRecord, MissingFieldsError, RECORD_CODECS, restoreRecord } from '../../../shared/records';
import { isBelowMinimum, updateNeededMessage } from '../../../shared/sync/app-version';
import { LIMITS, wireDocument, type Checkpoint, type PushResponse, type SyncCollection, type SyncDocument } from '../../../shared/sync/protocol';
import type { WaypointDatabase } from '../db/database';
import { recordThread } from '../db/open-records';
import { replicatedCollections } from '../db/replicated';
import {
  replicateRxCollection,
  stopReplication,
  type RxCollection,
  type RxReplicationPullStreamItem,
  type RxReplicationState,
  type RxReplicationWriteToMasterRow,
  type WithDeleted,
} from '../db/storage';
import { sealedConflictHandler, type ConflictHandlerOptions } from './conflict-handler';
import { SyncClient, SyncHttpError, SyncOfflineError } from './sync-client';
import type { SyncConfigStore } from './sync-config';
import type { KeyRelay } from './key-relay';
import { RETENTION_CONTEXT } from '../../../shared/retention';
import { st } from '../i18n/staff';

/** `update-needed`: the practice requires a newer app to send changes; this device keeps receiving and keeps its changes. */
export type SyncPhase = 'off' | 'connecting' | 'syncing' | 'up-to-date' | 'offline' | 'error' | 'refused' | 'update-needed';

export interface SyncFailure {
  collection: SyncCollection;
  message: string;
  at: number;
}

export interface SyncStatus {
  phase: SyncPhase;
  /** For people: why it is offline, refused or failing. */
  message: string;
  /** Local changes the server has not acknowledged yet. */
  pending: number;
  /** Documents received in this run, and how many the server says are still to come (null: unknown). */
  received: number;
  remaining: number | null;
  lastSyncedAt: number | null;
  failures: SyncFailure[];
}

const PENDING_ID = 'sync-pending';
/** Versions of one record remembered as sent and not acknowledged (each retry of a lost push is another). */
const MAX_SENT = 8;
/** Records whose settled versions are kept: saved with the pending ids, so few (those that matter were sent or pulled just before a stop). */
const RECENT_SENT = 1_000;
/** Versions the server held kept per record: it holds the last, the earlier ones only help a retry of them. */
const MAX_HELD = 3;
/** How long stopping waits for the answers of pushes under way (a lock must not hang on a slow link). */
const LATE_ANSWER_MS = 3_000;

/** What is known of a record's versions once a push of it was acknowledged or a version of it pulled. */
interface Settled {
  /** Versions sent from here (the acknowledged one and earlier attempts, which may or may not have landed). */
  sent: string[];
  /** Versions the server held (acknowledged from here, or pulled): its later versions descend from each. */
  held: string[];
}

/**
 * The local document `sync-pending`: ids and revs not acknowledged, versions sent and not
 * acknowledged, versions settled lately (fingerprints and ids only: no record content).
 */
interface PendingDoc {
  collections: Record<string, Record<string, number>>;
  sent?: Record<string, Record<string, string[]>>;
  settled?: Record<string, Settled>;
  /** Versions acknowledged that RxDB did not record as the server's state, as they travel (id, state, envelope: nothing in clear). */
  late?: Record<string, Record<string, SyncDocument>>;
  /** The last version of each record pushed whose answer never came, as it travels. */
  unanswered?: Record<string, Record<string, SyncDocument>>;
  lastSyncedAt: number | null;
}

/** A version's identity without keeping its envelope: rev, deletion and the envelope's last characters (its GCM tag). */
const fingerprint = (doc: SyncDocument) => `${doc.rev}.${doc._deleted ? 'd' : 'l'}.${doc.sealed.slice(-24)}`;
const PUSH_BATCH = 100;
/** Received records opened at once: enough to keep WebCrypto busy, few enough to keep the UI thread's tasks short. */
const RESTORE_CHUNK = 64;
const MAX_BACKOFF_MS = 60_000;
/** Below the practice's minimum, how often the server is asked again whether changes may be sent. */
const UPDATE_RECHECK_MS = 5 * 60_000;

/** Exponential backoff with full jitter: many clinic laptops coming back online at once do not stampede the server. */
export function backoffMs(attempt: number, random: () => number = Math.random, maxMs = MAX_BACKOFF_MS): number {
  return Math.round(random() * Math.min(maxMs, 1000 * 2 ** attempt));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A push held back because the practice requires a newer app (not sent; RxDB keeps the rows). */
class UpdateNeededError extends Error {
  override readonly name = 'UpdateNeededError';
}

/** What leaves the device: id, state and envelope; the query fields are sealed inside it. */
const toWire = (doc: unknown): SyncDocument => wireDocument(doc as SyncDocument);

/** Why a received document was not applied, for the person reading the sync status. */
function refusal(id: string, error: unknown): string | null {
  if (error instanceof VaultCryptoError) return st('services.sync.integrityFailed', { id, error: error.message });
  if (error instanceof MissingFieldsError || isNewerRecord(error)) return st('services.sync.notApplied', { id, error: error.message });
  return null;
}

interface Run {
  client: SyncClient;
  deviceId: string;
  states: Map<SyncCollection, RxReplicationState<unknown, Checkpoint>>;
  streams: Map<SyncCollection, Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>>;
  abort: AbortController;
  subscriptions: Subscription[];
  attempts: number;
  /** A check for "up to date" is under way; another was asked for meanwhile. */
  checking: boolean;
  checkAgain: boolean;
  /** Set while the practice requires a newer app: what to tell the person. Pushes wait; pulls go on. */
  updateNeeded: string | null;
  /** Wakes pushes waiting for an update to be allowed again (Sync now). */
  wake: Set<() => void>;
  /** The practice's minimum, asked for at start; pushes wait for the answer. */
  minimumChecked: Promise<void>;
  /** Pushes held back below the minimum, by collection: ends the wait (the push then fails, unsent). */
  held: Map<SyncCollection, () => void>;
  /** Collections whose held replication is being replaced (see changed()). */
  replacing: Set<SyncCollection>;
  /** Collections changed on the server while below the minimum and no push was held yet. */
  missed: Set<SyncCollection>;
  /** Pushes whose answer has not come yet. */
  pushes: Set<Promise<unknown>>;
  /** Stopped and saved: late answers are no longer taken in. */
  closed: boolean;
}

export class SyncService {
  readonly status$ = new BehaviorSubject<SyncStatus>({ phase: 'off', message: '', pending: 0, received: 0, remaining: null, lastSyncedAt: null, failures: [] });
  private run: Run | null = null;
  /** Local changes not yet acknowledged: collection → document id → rev written locally. */
  private pending = new Map<SyncCollection, Map<string, number>>();
  /**
   * Versions pushed and not yet acknowledged: collection → document id → fingerprints (rev and the
   * envelope's tail, which holds its authentication tag). A push whose answer was lost leaves RxDB
   * without the server's state of the record, so the next push of it meets this device's own
   * earlier version with no ancestor; knowing it was sent from here makes it the ancestor.
   */
  private sent = new Map<SyncCollection, Map<string, string[]>>();
  /**
   * Records settled lately (`collection/id`, oldest first, at most RECENT_SENT), saved with the
   * pending ids so a restart keeps them. RxDB does not always record an acknowledged version as the
   * server's state: a retried push accepted while the record changed here, or an answer that came
   * after the replication stopped (a lock or a restart), which RxDB drops and pushes again at the
   * next start with an older assumed state; or a pulled version written locally just before a stop,
   * whose assumed state RxDB had not yet recorded, so it pushes it back as a local change with none.
   * The versions sent still count as sent by this device; one the server held meeting a later server
   * version is that version's ancestor, not a conflict.
   */
  private recent = new Map<string, Settled>();
  /**
   * Versions the server acknowledged (or named superseded) that RxDB did not record as its state,
   * whole (wire form, sealed), until a running replication has a later one acknowledged (a pull is
   * not enough: RxDB does not record a pulled version as the server's state while this device has
   * changes of its own): answered after their replication stopped, or after the record changed
   * here (a retry of a push whose answer was lost, after a local edit). When this device's later
   * version meets another device's, they are the common ancestor RxDB's assumed state is not (a
   * fingerprint alone cannot be merged from).
   */
  private late = new Map<SyncCollection, Map<string, SyncDocument>>();
  /**
   * The last version of each record pushed whose answer never came, whole (wire form, sealed),
   * until a push of the record is answered. RxDB retries that very row, but after a stop it pushes
   * the record's current version instead; if that was made from the lost one and meets a version
   * the server built on it, the conflict answer says nothing of the lost one (`superseded` names
   * only the version pushed), so the server is asked about it (`askLost`).
   */
  private unanswered = new Map<SyncCollection, Map<string, SyncDocument>>();
  /**
   * The version RxDB's pull last wrote of each record lately (`collection/id`, at most RECENT_SENT,
   * wire form, in memory), until a resolved conflict is written over it: an ancestor of this
   * device's later versions (only local writes follow it) and of the server's. RxDB's
   * upstream can read the assumed state before its downstream has written it (a local write just
   * after a pulled one), and then pushes with none.
   */
  private pulled = new Map<string, SyncDocument>();
  /**
   * The rev of the version of each record acknowledged last (`collection/id`, at most RECENT_SENT, in
   * memory) and the number of that acknowledgement among all of them (`acknowledgements`): a pull
   * answered while a push of the same record was acknowledged may hold the version before it.
   */
  private acknowledged = new Map<string, { rev: number; n: number }>();
  private acknowledgements = 0;
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private remainingBy = new Map<SyncCollection, number>();

  constructor(
    private readonly db: WaypointDatabase,
    private readonly config: SyncConfigStore,
    /** How pulled versions and conflicts are taken in (the arrival module), and waiting for an unlock. */
    private readonly conflicts: ConflictHandlerOptions,
    /**
     * For tests that take the server down and up and restart devices many times: `maxBackoffMs` so
     * they do not wait a minute each time, `waitForLeadership: false` where a database has a single
     * instance anyway (the leader election costs most of a second at every start).
     */
    private readonly options: {
      appVersion: string;
      now?: () => number;
      retryTime?: number;
      maxBackoffMs?: number;
      waitForLeadership?: boolean;
      updateRecheckMs?: number;
      /** Documents a pull asks for at once (LIMITS.pullBatch); tests make pages of a few records. */
      pullBatch?: number;
      /** Key epochs through the server (`key-relay.ts`); without it this device neither receives nor relays them. */
      keyRelay?: KeyRelay;
    },
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, Math.random, this.options.maxBackoffMs);
  }

  private collections(): [SyncCollection, RxCollection][] {
    return replicatedCollections(this.db);
  }

  private update(patch: Partial<SyncStatus>): void {
    const pending = [...this.pending.values()].reduce((sum, ids) => sum + ids.size, 0);
    const remainingValues = [...this.remainingBy.values()];
    this.status$.next({ ...this.status$.value, pending, remaining: remainingValues.length ? remainingValues.reduce((a, b) => a + b, 0) : null, ...patch });
  }

  /** Starts syncing if this device is set up for it (call after unlock). */
  async start(): Promise<void> {
    if (this.run) return;
    const settings = await this.config.withToken();
    if (settings === null) {
      this.update({ phase: 'off', message: '' });
      return;
    }
    await this.loadPending();
    const client = new SyncClient({ serverUrl: settings.serverUrl, token: settings.token, appVersion: this.options.appVersion });
    const run: Run = {
      client,
      deviceId: settings.deviceId,
      states: new Map(),
      streams: new Map(),
      abort: new AbortController(),
      subscriptions: [],
      attempts: 0,
      checking: false,
      checkAgain: false,
      updateNeeded: null,
      wake: new Set(),
      minimumChecked: Promise.resolve(),
      held: new Map(),
      replacing: new Set(),
      missed: new Set(),
      pushes: new Set(),
      closed: false,
    };
    this.run = run;
    this.options.keyRelay?.attach(client, settings.deviceId);
    this.update({ phase: 'connecting', message: st('services.sync.connectingTo', { host: new URL(settings.serverUrl).host }), received: 0, failures: [] });
    // Known before anything is pushed; offline, or a server that states no minimum, leaves it to the push's answer.
    run.minimumChecked = this.checkMinimum(run);
    // What replication writes has arrived: the checks after arrival run on it.
    const { arrival } = this.conflicts;
    run.subscriptions.push(arrival.replicated$().subscribe((arrived) => void arrival.arrived(arrived, null)));
    const settle = (name: SyncCollection, doc: SyncDocument) => this.acknowledge(name, [doc], { conflicts: [] });
    for (const [name, collection] of this.collections()) {
      // RxDB reads the handler when replication starts: the domain merge rules, on unsealed records.
      const handler = sealedConflictHandler(collection as never, {
        ...this.conflicts,
        sentHere: (doc) => this.wasSent(name, doc),
        knownToServer: (doc) => this.wasHeld(name, doc),
        lastHeld: (id) => this.lateHeld(name, id),
      });
      (collection as unknown as { conflictHandler: unknown }).conflictHandler = {
        isEqual: handler.isEqual,
        async resolve(input: Parameters<typeof handler.resolve>[0], context: string) {
          const resolved = await handler.resolve(input, context);
          // The server's version stands (ours was its ancestor, or the same content): nothing of this device's is left to push.
          if (handler.isEqual(resolved, input.realMasterState, context)) settle(name, toWire(input.newDocumentState));
          return resolved;
        },
      };
      const stream$ = new Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>();
      run.streams.set(name, stream$);
      run.subscriptions.push(
        collection.eventBulks$.subscribe((bulk) => {
          // Writes by replication itself are not local changes, nor are retention's (the server's own versions, docs/RETENTION.md).
          if (bulk.context.startsWith('replication-downstream')) for (const event of bulk.events) this.wrotePulled(name, toWire(event.documentData));
          // A resolved conflict may put an older server version in its place; RxDB records the server's state with it.
          if (bulk.context.startsWith('replication-up-write-conflict')) for (const event of bulk.events) this.pulled.delete(`${name}/${event.documentId}`);
          if (bulk.context.startsWith('replication-') || bulk.context === RETENTION_CONTEXT) return;
          // RxDB stores a record unchanged when a repository's change is refused mid-write; it never pushes that, so it is not pending.
          const changed = bulk.events.filter(({ previousDocumentData: a, documentData: b }) => !(a && a.rev === b.rev && a.sealed === b.sealed && a._deleted === b._deleted));
          if (changed.length === 0) return;
          const ids = this.pending.get(name) ?? new Map<string, number>();
          for (const event of changed) ids.set(event.documentId, (event.documentData as { rev?: number }).rev ?? 0);
          this.pending.set(name, ids);
          this.persistPending();
          if (this.run && this.run.updateNeeded === null) this.update({ phase: 'syncing' });
          else this.update({});
        }),
      );
      this.replicate(run, name, collection, `waypoint-sync-${settings.practiceId}-${name}`);
    }
    // Only once every replication exists: a check while the first ones were being set up found them idle
    // and said "up to date" while a fresh device had most of its documents still to pull.
    for (const state of run.states.values()) run.subscriptions.push(state.active$.subscribe(() => this.checkInSync(run)));
    void this.streamLoop(run);
  }

  /** One collection's replication (RxDB's protocol over the sync client). */
  private replicate(run: Run, name: SyncCollection, collection: RxCollection, identifier: string): RxReplicationState<unknown, Checkpoint> {
    const { client } = run;
    const state = replicateRxCollection<unknown, Checkpoint>({
      replicationIdentifier: identifier,
      collection: collection as RxCollection<unknown>,
      live: true,
      autoStart: true,
      waitForLeadership: this.options.waitForLeadership ?? true,
      retryTime: this.options.retryTime ?? 1000,
      pull: {
        batchSize: this.options.pullBatch ?? LIMITS.pullBatch,
        stream$: run.streams.get(name)!.asObservable(),
        handler: (checkpoint, batchSize) =>
          this.guarded(name, async () => {
            // RxDB ends its walk at a page shorter than it asked for (downstream.js), so one that lost documents here
            // (refused, replayed, or older than a version acknowledged since) is filled from the server's next ones
            // while the server's pages are full: otherwise the rest waited for the next change on the server.
            const documents: SyncDocument[] = [];
            let at = checkpoint;
            for (let full = true; documents.length < batchSize && full; ) {
              const page = await this.pullPage(run, name, collection, at, batchSize - documents.length);
              documents.push(...page.documents);
              ({ checkpoint: at, full } = page);
            }
            return { documents: documents as WithDeleted<unknown>[], checkpoint: at };
          }),
      },
      push: {
        batchSize: Math.min(PUSH_BATCH, LIMITS.pushBatch),
        handler: (rows: RxReplicationWriteToMasterRow<unknown>[]) =>
          this.guarded(name, async () => {
            // Below the minimum nothing is sent: the rows stay RxDB's to push (a pull-only replication would
            // count them as sent), and the push waits here, not in a loop of refusals, until allowed again.
            await this.untilPushAllowed(run, name);
            const wire = rows.map((row) => ({ newDocumentState: toWire(row.newDocumentState), assumedMasterState: row.assumedMasterState ? toWire(row.assumedMasterState) : null }));
            this.remember(name, wire.map((r) => r.newDocumentState));
            // Once stopped, RxDB drops the answer and pushes these rows again next time; the answer is still taken in (stop()
            // waits for it, so the database is open), so those versions are known as acknowledged when they meet later ones.
            const answered = client.push(name, wire).then(
              (answer) => {
                if (!run.closed) this.acknowledge(name, wire.map((r) => r.newDocumentState), answer, this.run !== run);
                return answer.conflicts;
              },
              (error: unknown) => {
                if (!run.closed) this.keepUnanswered(name, wire.map((r) => r.newDocumentState));
                throw error;
              },
            );
            run.pushes.add(answered);
            const conflicts = await answered.finally(() => run.pushes.delete(answered));
            await this.askLost(run, name, conflicts);
            // The server's versions become the other side of a merge: one that is not authentic fails the push (retried).
            // A server state older than the one RxDB last took from it was put back (replayed, or the server restored from
            // a backup): reported; the conflict handler lets this device's newer version stand and sends it again.
            const assumed = new Map(wire.flatMap((r) => (r.assumedMasterState ? [[r.assumedMasterState.id, r.assumedMasterState.rev] as const] : [])));
            for (const doc of conflicts) {
              const had = assumed.get(doc.id);
              if (had !== undefined && doc.rev < had) this.fail(name, st('services.sync.olderRevision', { id: doc.id, rev: doc.rev, had }));
            }
            return (await this.restoreAll(name, conflicts, 'throw')) as WithDeleted<unknown>[];
          }),
      },
    });
    run.states.set(name, state);
    run.subscriptions.push(
      state.error$.subscribe((error) => {
        // RxDB hands a handler's error on as plain JSON, so it is known by name; guarded() has reported it already.
        const cause = (error as { parameters?: { errors?: { name?: unknown; message?: unknown }[] } }).parameters?.errors?.[0];
        if (cause?.name === 'SyncHttpError' || cause?.name === 'SyncOfflineError' || cause?.name === 'UpdateNeededError') return;
        this.fail(name, typeof cause?.message === 'string' ? cause.message : error.message);
      }),
    );
    return state;
  }

  /** One page from the server, as RxDB takes it: restored, with what must not be applied left out. */
  private async pullPage(run: Run, name: SyncCollection, collection: RxCollection, checkpoint: Checkpoint | undefined, limit: number): Promise<{ documents: SyncDocument[]; checkpoint: Checkpoint | undefined; full: boolean }> {
    // Counted on the first page of a walk; on the next ones counted down from it (a count reads every later row).
    const expected = this.remainingBy.get(name) ?? 0;
    const asked = this.acknowledgements;
    const result = await run.client.pull(name, checkpoint, limit, { count: expected === 0, signal: run.abort.signal });
    await this.ensureKeys(run, result.documents);
    const known = await this.knownRevs(name, collection, result.documents);
    const documents = await this.restoreAll(name, this.readBefore(name, result.documents, asked), 'skip', known);
    for (const doc of documents) this.remembered(name, doc.id, { held: [fingerprint(doc)] });
    this.remainingBy.set(name, result.remaining ?? Math.max(0, expected - result.documents.length));
    this.update({ received: this.status$.value.received + result.documents.length });
    return { documents, checkpoint: result.checkpoint, full: result.documents.length === limit };
  }

  /**
   * A change on the server for this collection: pull it. While a push is held back (below the
   * minimum) RxDB 17.6 holds stream events until the push ends (downstream.js), so the held
   * replication is replaced by a new one with the same identifier, whose first act is a pull;
   * the held rows were never marked sent (RxDB checks for a cancel before it does), so the new
   * replication holds them again.
   */
  private changed(run: Run, name: SyncCollection): void {
    const release = run.held.get(name);
    if (release === undefined) {
      // A push refused a moment ago may be held next, with this RESYNC queued behind it: remembered.
      if (run.updateNeeded !== null) run.missed.add(name);
      run.streams.get(name)?.next('RESYNC');
      return;
    }
    if (run.replacing.has(name)) return;
    run.replacing.add(name);
    release();
    const old = run.states.get(name)!;
    void stopReplication(old, LATE_ANSWER_MS)
      .then(() => {
        if (this.run !== run) return;
        const state = this.replicate(run, name, old.collection as unknown as RxCollection, old.replicationIdentifier);
        run.subscriptions.push(state.active$.subscribe(() => this.checkInSync(run)));
      })
      .finally(() => run.replacing.delete(name));
  }

  /** Stops syncing (lock, or settings changed). Local changes stay pending and go out next time. */
  async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = null;
    this.options.keyRelay?.attach(null, run.deviceId);
    // Pulls under way end now; pushes under way do not (their answers are taken in below).
    run.abort.abort();
    // The writes the replications finish while they stop are still watched (what the pull wrote is an ancestor).
    await Promise.all([...run.states.values()].map((s) => stopReplication(s, LATE_ANSWER_MS)));
    run.subscriptions.forEach((s) => s.unsubscribe());
    // Answers of pushes under way are taken in before saving: a push that landed is then known as acknowledged after a restart.
    await Promise.race([Promise.allSettled(run.pushes), sleep(LATE_ANSWER_MS)]);
    run.closed = true;
    await this.flushPending();
    this.remainingBy.clear();
    this.update({ phase: 'off', message: st('services.sync.pausedWhileLocked') });
  }

  /** Pulls and pushes now (the "Sync now" button, or a connection that came back); below the minimum, asks the server again. */
  syncNow(): void {
    this.run?.wake.forEach((wake) => wake());
    this.run?.states.forEach((s) => s.reSync());
  }

  /** Asks the server for the practice's minimum app version; unreachable or not stating one: no change. */
  private async checkMinimum(run: Run): Promise<void> {
    const info = await run.client.practice().catch(() => null);
    if (info === null || this.run !== run) return;
    if (isBelowMinimum(this.options.appVersion, info.minAppVersion)) this.needUpdate(run, updateNeededMessage(info.minAppVersion!, this.options.appVersion));
    else if (run.updateNeeded !== null) {
      run.updateNeeded = null;
      this.update({ phase: 'syncing', message: '' });
    }
  }

  private needUpdate(run: Run, message: string): void {
    run.updateNeeded = message;
    if (this.run === run) this.update({ phase: 'update-needed', message });
  }

  /**
   * Returns once this app may push again; throws (the rows stay unsent, RxDB keeps them) if the run
   * stopped or the replication is being replaced meanwhile.
   */
  private async untilPushAllowed(run: Run, name: SyncCollection): Promise<void> {
    await run.minimumChecked;
    while (run.updateNeeded !== null) {
      const released = await new Promise<boolean>((resolve) => {
        const done = (release: boolean) => {
          clearTimeout(timer);
          run.wake.delete(wake);
          run.held.delete(name);
          run.abort.signal.removeEventListener('abort', wake);
          resolve(release);
        };
        const wake = () => done(false);
        const timer = setTimeout(wake, this.options.updateRecheckMs ?? UPDATE_RECHECK_MS);
        run.wake.add(wake);
        run.held.set(name, () => done(true));
        run.abort.signal.addEventListener('abort', wake);
        if (run.missed.delete(name)) queueMicrotask(() => this.changed(run, name));
      });
      if (released || run.abort.signal.aborted) throw new UpdateNeededError(run.updateNeeded);
      await this.checkMinimum(run);
    }
  }

  /** Runs a handler; classifies failures for the status, and waits before RxDB's retry when offline. */
  private async guarded<T>(collection: SyncCollection, work: () => Promise<T>): Promise<T> {
    const run = this.run;
    try {
      const result = await work();
      if (run) run.attempts = 0;
      if (run?.updateNeeded) {
        if (this.status$.value.phase !== 'update-needed') this.update({ phase: 'update-needed', message: run.updateNeeded });
      } else if (this.status$.value.phase !== 'up-to-date') this.update({ phase: 'syncing', message: '' });
      return result;
    } catch (error) {
      // Stopped meanwhile (a pull cut short by the stop): nothing to report, nothing to wait for.
      if (error instanceof UpdateNeededError || run?.abort.signal.aborted) throw error;
      if (error instanceof SyncHttpError && error.updateRequired && run) {
        // Raised while this device was running (a push refused), or records it cannot read (a pull): say so; retry later.
        // No backoff: the next push attempt waits in untilPushAllowed.
        this.needUpdate(run, error.message);
      } else if (error instanceof SyncHttpError && error.refused) {
        this.update({ phase: 'refused', message: st('services.sync.refused', { error: error.message }) });
        void this.stop().then(() => this.update({ phase: 'refused' }));
      } else if (error instanceof SyncOfflineError) {
        this.update({ phase: 'offline', message: error.message });
        if (run) await sleep(this.backoff(run.attempts++));
      } else {
        this.fail(collection, (error as Error).message);
        if (run) await sleep(this.backoff(run.attempts++));
      }
      throw error;
    }
  }

  /** Records sealed under a key epoch this device does not hold yet: the relays to it are taken in first. */
  private async ensureKeys(run: Run, docs: readonly SyncDocument[]): Promise<void> {
    const held = (id: string | null) => {
      const key = this.conflicts.arrival.keys.requireKey();
      return id === null || id === key.id || (key.older?.has(id) ?? false);
    };
    if (docs.every((doc) => held(envelopeKeyId(doc.sealed)))) return;
    // A new epoch's relays are published before anything is sealed under it, so after taking in every
    // relay to this device a key still not held is not one it will receive (a foreign or forged
    // envelope, or this device was left out of the epoch): each such record is reported and passed
    // over by restoreAll, rather than one row stopping the collection's sync for good.
    if (this.options.keyRelay) await this.options.keyRelay.exchange(run.client, run.deviceId);
  }

  /**
   * Received documents made whole (query fields restored from their envelopes, state checked:
   * src/shared/records/seal.ts). One that cannot be is reported and, pulled, left out: never
   * applied; the pull moves on past it. In a push's answer it fails the push instead, since RxDB
   * would otherwise take the push as accepted. `known`: revisions already taken from the server,
   * below which a pulled version is a replay (`knownRevs`).
   */
  private async restoreAll(collection: SyncCollection, docs: readonly SyncDocument[], onRefused: 'skip' | 'throw', known: ReadonlyMap<string, number> = new Map()): Promise<SyncDocument[]> {
    const key = this.conflicts.arrival.keys.requireKey();
    const replayed = (doc: SyncDocument) => {
      const floor = known.get(doc.id);
      return floor !== undefined && doc.rev < floor ? floor : null;
    };
    const restore = async (doc: SyncDocument, elsewhere: SyncDocument | null = null) => {
      const floor = replayed(doc);
      // An authentic envelope with its own rev passes every check of its own: only what this device has seen tells a replay.
      if (floor !== null) throw new TamperedError(st('services.sync.olderRevisionSent', { rev: doc.rev, floor }));
      return elsewhere ?? restoreRecord(key, collection, doc);
    };
    const inWorker = await this.restoreElsewhere(key, collection, docs.filter((doc) => replayed(doc) === null));
    // Opened many at a time (one decryption awaited after another left WebCrypto idle: the initial sync's cost per
    // document), then taken in order, so a refusal is reported and handled as if they had been opened one by one.
    // What the record worker restored is taken as it is; the rest (refused there, or no worker) is restored here.
    const outcomes: PromiseSettledResult<SyncDocument>[] = [];
    for (let i = 0; i < docs.length; i += RESTORE_CHUNK) outcomes.push(...(await Promise.allSettled(docs.slice(i, i + RESTORE_CHUNK).map((doc) => restore(doc, inWorker.get(doc) ?? null)))));
    const restored: SyncDocument[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') {
        restored.push(outcome.value);
        continue;
      }
      const message = refusal(docs[i]!.id, outcome.reason);
      if (message === null) throw outcome.reason;
      this.fail(collection, message);
      if (onRefused === 'throw') throw new Error(message);
    }
    return restored;
  }

  /**
   * Received documents restored in the record worker (docs/ARCHITECTURE.md: Work off the UI thread):
   * the same function, off the window's thread, which the decryption of a whole initial sync held
   * for seconds. Only what was restored there comes back: a refusal is left for this thread, where
   * it is thrown as its typed error and reported; a worker that failed leaves all of them here.
   */
  private async restoreElsewhere(key: DataKey, collection: SyncCollection, docs: readonly SyncDocument[]): Promise<Map<SyncDocument, SyncDocument>> {
    const thread = recordThread(RECORD_CODECS);
    if (thread === null || docs.length === 0) return new Map();
    const restored = await thread.restore(key, collection, docs).catch((error: unknown) => {
      console.error('[waypoint:sync]', error instanceof Error ? error.message : error);
      return [];
    });
    return new Map(docs.flatMap((doc, i) => (restored[i] ? [[doc, restored[i] as SyncDocument] as const] : [])));
  }

  /**
   * The newest revision of each pulled record this device already took from the server: the
   * server's revisions of a record only grow (every seal raises rev), so a lower one is an older
   * version replayed (docs/ARCHITECTURE.md: Wire). A stored record with no local change waiting is
   * the server's version or a later one of the server's; one with a change waiting may be ahead of
   * the server, so only its acknowledged versions count.
   */
  private async knownRevs(name: SyncCollection, collection: RxCollection, docs: readonly SyncDocument[]): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    const waiting = this.pending.get(name);
    const stored = (await collection.storageInstance.findDocumentsById(docs.map((d) => d.id), true)) as unknown as SyncDocument[];
    for (const doc of stored) if (!waiting?.has(doc.id)) known.set(doc.id, doc.rev);
    for (const { id } of docs) {
      const acknowledged = this.recent.get(`${name}/${id}`)?.held.map((print) => Number(print.split('.')[0]));
      if (acknowledged?.length) known.set(id, Math.max(known.get(id) ?? 0, ...acknowledged));
    }
    return known;
  }

  private fail(collection: SyncCollection, message: string): void {
    const failures = [...this.status$.value.failures.filter((f) => !(f.collection === collection && f.message === message)), { collection, message, at: this.now() }].slice(-20);
    this.update({ phase: 'error', message, failures });
  }

  /**
   * The server kept what it did not return as a conflict: those local changes are no longer pending.
   * A conflict that is the document as sent is kept too: an earlier attempt landed and its answer was lost.
   * A conflict the server says superseded the version sent (an earlier attempt landed, its answer was
   * lost, and another device built on it) makes that version one the server held: the conflict handler
   * then takes the server's as made from it (docs/ARCHITECTURE.md: Sync). Believed only for a later
   * revision: a descendant always has a higher one, so a claim otherwise is a lie or a replay.
   * `unrecorded`: RxDB will not record these versions as the server's state (answered after their
   * replication stopped, or asked about by askLost).
   */
  private acknowledge(collection: SyncCollection, sent: SyncDocument[], { conflicts, superseded = [] }: PushResponse, unrecorded = false): void {
    const refused = new Map(conflicts.map((c) => [c.id, c]));
    const descended = new Set(superseded);
    const ids = this.pending.get(collection);
    const lateOnes = this.late.get(collection) ?? new Map<string, SyncDocument>();
    this.late.set(collection, lateOnes);
    const lost = this.unanswered.get(collection);
    for (const doc of sent) {
      const master = refused.get(doc.id);
      const waiting = ids?.get(doc.id);
      // Answered: a lost version is known now, or is no longer needed; one left behind a conflict is asked about.
      if (master === undefined || (lost?.has(doc.id) && fingerprint(lost.get(doc.id)!) === fingerprint(doc))) lost?.delete(doc.id);
      // RxDB records the answer as the server's state only if the record is still the version pushed here (a retry of a
      // lost answer may come after a local edit): otherwise kept whole, the ancestor of that edit and of the server's.
      const whole = unrecorded || (waiting !== undefined && waiting > doc.rev);
      if (master && !(master.rev === doc.rev && master.sealed === doc.sealed && master._deleted === doc._deleted)) {
        if (descended.has(doc.id) && master.rev > doc.rev) {
          this.remembered(collection, doc.id, { held: [fingerprint(doc)] });
          if (whole) lateOnes.set(doc.id, doc);
        }
        continue;
      }
      this.settleSent(collection, doc);
      this.noteAcknowledged(collection, doc);
      if (whole) lateOnes.set(doc.id, doc);
      else lateOnes.delete(doc.id);
      if (waiting !== undefined && waiting <= doc.rev) ids!.delete(doc.id);
    }
    this.persistPending();
    this.update({});
  }

  /**
   * One check at a time, and one more if asked meanwhile: activity changes come in bursts (every
   * collection, up and down), and each check queues RxDB idle waits that resolve one per tick, so
   * overlapping checks delayed "up to date" by a good part of a second.
   */
  private async checkInSync(run: Run): Promise<void> {
    if (run.checking) {
      run.checkAgain = true;
      return;
    }
    run.checking = true;
    try {
      do {
        run.checkAgain = false;
        await this.checkOnce(run);
      } while (run.checkAgain);
    } finally {
      run.checking = false;
    }
  }

  private async checkOnce(run: Run): Promise<void> {
    if (this.run !== run) return;
    // Idle everywhere, nothing waiting, no error: only then is it up to date.
    const states = [...run.states.values()];
    if (states.some((s) => s.isStopped())) return;
    await Promise.all(states.map((s) => s.awaitInSync()));
    if (this.run !== run) return;
    const pending = [...this.pending.values()].some((ids) => ids.size > 0);
    const phase = this.status$.value.phase;
    if (!pending && run.updateNeeded === null && phase !== 'error' && phase !== 'offline' && phase !== 'refused') {
      this.remainingBy.clear();
      this.update({ phase: 'up-to-date', message: '', lastSyncedAt: this.now() });
      await this.db.upsertLocal(PENDING_ID, this.pendingDoc(this.now()));
    }
  }

  /** One live stream for every collection: browsers allow few connections per server over HTTP/1.1. */
  private async streamLoop(run: Run): Promise<void> {
    let attempt = 0;
    while (this.run === run && !run.abort.signal.aborted) {
      try {
        await run.client.stream(
          // An event says that a collection changed, and the pull from this device's checkpoint fetches what did. The
          // documents are not handed on: RxDB (17.6, downstream.js) holds stream events back while a push runs, then
          // drops a RESYNC queued behind them, so a reconnect's RESYNC could be lost for good (the property test found
          // devices that never converged); and a held-back batch can be older than what this device has just pushed.
          (event) => this.changed(run, event.collection),
          () => {
            attempt = 0;
            // A key epoch relayed while the stream was down is taken in now (records sealed under it would wait for it).
            if (this.options.keyRelay) void this.guarded('settings', () => this.options.keyRelay!.exchange(run.client, run.deviceId)).catch(() => undefined);
            // Changes made while the stream was down are not replayed: ask every collection to pull.
            run.streams.forEach((_stream, name) => this.changed(run, name));
          },
          run.abort.signal,
        );
      } catch (error) {
        if (error instanceof SyncHttpError && error.refused) {
          await this.guarded('settings', () => Promise.reject(error)).catch(() => undefined);
          return;
        }
      }
      if (run.abort.signal.aborted) return;
      await sleep(this.backoff(attempt++));
    }
  }

  private keepUnanswered(collection: SyncCollection, docs: readonly SyncDocument[]): void {
    const lost = this.unanswered.get(collection) ?? new Map<string, SyncDocument>();
    this.unanswered.set(collection, lost);
    for (const doc of docs) lost.set(doc.id, doc);
    this.persistPending();
  }

  /**
   * For each conflict on a record with a version pushed from here whose answer never came (and
   * that was not the version pushed now): a push of that version assuming no state, which the
   * server answers with a conflict and never writes (it holds the record). Its answer is taken in as
   * any push's: the lost version acknowledged (the server holds it) or superseded (the server's
   * version descends from it) is kept whole, the ancestor of this device's later version and of
   * the server's; otherwise it never landed, and is forgotten.
   */
  private async askLost(run: Run, collection: SyncCollection, conflicts: readonly SyncDocument[]): Promise<void> {
    const lost = this.unanswered.get(collection);
    const asked = conflicts.flatMap((c) => (lost?.has(c.id) ? [lost.get(c.id)!] : []));
    if (asked.length === 0) return;
    const answer = await run.client.push(
      collection,
      asked.map((doc) => ({ newDocumentState: doc, assumedMasterState: null })),
    );
    if (run.closed) return;
    this.acknowledge(collection, asked, answer, true);
    for (const doc of asked) lost?.delete(doc.id);
    this.persistPending();
  }

  private remember(collection: SyncCollection, docs: readonly SyncDocument[]): void {
    const ids = this.sent.get(collection) ?? new Map<string, string[]>();
    this.sent.set(collection, ids);
    for (const doc of docs) ids.set(doc.id, [...(ids.get(doc.id) ?? []), fingerprint(doc)].slice(-MAX_SENT));
    this.persistPending();
  }

  /** An acknowledged version: the record's sent versions move from the sent list to the settled ones. */
  private settleSent(collection: SyncCollection, acknowledged: SyncDocument): void {
    const versions = this.sent.get(collection)?.get(acknowledged.id) ?? [];
    this.sent.get(collection)?.delete(acknowledged.id);
    this.remembered(collection, acknowledged.id, { sent: versions, held: [fingerprint(acknowledged)] });
  }

  private remembered(collection: SyncCollection, id: string, more: Partial<Settled>): void {
    const key = `${collection}/${id}`;
    const before = this.recent.get(key) ?? { sent: [], held: [] };
    const held = [...before.held.filter((print) => !more.held?.includes(print)), ...(more.held ?? [])];
    const settled = { sent: [...before.sent, ...(more.sent ?? [])].slice(-MAX_SENT), held: held.slice(-MAX_HELD) };
    // Deleted first, so the record moves to the newest end of the map's order.
    this.recent.delete(key);
    this.recent.set(key, settled);
    while (this.recent.size > RECENT_SENT) this.recent.delete(this.recent.keys().next().value!);
  }

  private noteAcknowledged(collection: SyncCollection, doc: SyncDocument): void {
    const key = `${collection}/${doc.id}`;
    this.acknowledged.delete(key);
    this.acknowledged.set(key, { rev: doc.rev, n: ++this.acknowledgements });
    while (this.acknowledged.size > RECENT_SENT) this.acknowledged.delete(this.acknowledged.keys().next().value!);
  }

  /**
   * Pulled documents without those older than a version of theirs acknowledged since acknowledgement
   * number `asked` (the pull's request): the server read them before that push was written, and holds
   * the pushed version later in its sequence. Not a replay (restoreAll would report one): left out, so
   * RxDB does not write them over the newer version it has just recorded as the server's.
   */
  private readBefore(collection: SyncCollection, docs: readonly SyncDocument[], asked: number): SyncDocument[] {
    return docs.filter((doc) => {
      const ack = this.acknowledged.get(`${collection}/${doc.id}`);
      return ack === undefined || ack.n <= asked || doc.rev >= ack.rev;
    });
  }

  private wasSent(collection: SyncCollection, doc: SyncDocument): boolean {
    const print = fingerprint(doc);
    return (this.sent.get(collection)?.get(doc.id)?.includes(print) ?? false) || (this.recent.get(`${collection}/${doc.id}`)?.sent.includes(print) ?? false);
  }

  private wrotePulled(collection: SyncCollection, doc: SyncDocument): void {
    const key = `${collection}/${doc.id}`;
    this.pulled.delete(key);
    this.pulled.set(key, doc);
    while (this.pulled.size > RECENT_SENT) this.pulled.delete(this.pulled.keys().next().value!);
  }

  /**
   * The later of the version acknowledged that RxDB did not record (`late`) and the one the pull last
   * wrote (both the server held, so the later descends from the other), made whole again (query
   * fields from its envelope); null if neither.
   */
  private async lateHeld(collection: SyncCollection, id: string): Promise<SyncDocument | null> {
    const versions = [this.late.get(collection)?.get(id), this.pulled.get(`${collection}/${id}`)].filter((doc) => doc !== undefined);
    if (versions.length === 0) return null;
    const later = versions.reduce((a, b) => (b.rev > a.rev ? b : a));
    return restoreRecord(this.conflicts.arrival.keys.requireKey(), collection, later);
  }

  private wasHeld(collection: SyncCollection, doc: SyncDocument): boolean {
    return this.recent.get(`${collection}/${doc.id}`)?.held.includes(fingerprint(doc)) ?? false;
  }

  private pendingDoc(lastSyncedAt: number | null): PendingDoc {
    const serialise = <T>(map: Map<SyncCollection, Map<string, T>>) => Object.fromEntries([...map].map(([name, ids]) => [name, Object.fromEntries(ids)]));
    return { collections: serialise(this.pending), sent: serialise(this.sent), settled: Object.fromEntries(this.recent), late: serialise(this.late), unanswered: serialise(this.unanswered), lastSyncedAt };
  }

  private async loadPending(): Promise<void> {
    const stored = (await this.db.getLocal<PendingDoc>(PENDING_ID))?.toJSON().data as PendingDoc | undefined;
    const load = <T>(byCollection: Record<string, Record<string, T>> | undefined) => new Map(Object.entries(byCollection ?? {}).map(([name, ids]) => [name as SyncCollection, new Map(Object.entries(ids))]));
    this.pending = load(stored?.collections);
    // Written by releases that did not remember sent or settled versions: none.
    this.sent = load(stored?.sent);
    this.recent = new Map(Object.entries(stored?.settled ?? {}));
    this.late = load(stored?.late);
    this.unanswered = load(stored?.unanswered);
    this.update({ lastSyncedAt: stored?.lastSyncedAt ?? null });
  }

  /** Pending ids are plain ids (no record content); saved soon after each change, so a restart still counts them. */
  private persistPending(): void {
    if (this.persistTimer !== null) return;
    this.persistTimer = setTimeout(() => void this.flushPending(), 500);
  }

  private async flushPending(): Promise<void> {
    if (this.persistTimer !== null) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    await this.db.upsertLocal(PENDING_ID, this.pendingDoc(this.status$.value.lastSyncedAt));
  }
}
