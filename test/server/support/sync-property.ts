/**
 * Sync under random schedules (fast-check), shared by the property test and by the test that
 * proves its oracle can fail. Three devices (the app's repositories and SyncService on real RxDB
 * databases) and a real server over HTTP, through a proxy that loses answers and repeats requests.
 * A schedule interleaves, on any device, the record steps of history.ts (edits of the same and of
 * different fields of two notes, signing and co-signing them, discarding a draft, attendance on a
 * session, edits and the signature of a treatment plan) with devices going offline and online,
 * app restarts, the whole server going down and coming back on the same port and database. After
 * a final sync to quiescence every device and the server hold the same documents, every device
 * decrypts the same records, and the history passes the oracle (sync-oracle.ts).
 */
import fc from 'fast-check';
import { getChangedDocumentsSince, type RxCollection } from 'rxdb/plugins/core';
import type { AddressInfo } from 'node:net';
import { createSyncServer, type Storage, type SyncServer } from '../../../src/server';
import { withoutStorageFields } from '../../../src/renderer/src/db/replicated';
import type { SealedFields } from '../../../src/renderer/src/db/schemas';
import { canonicalJson } from '../../../src/shared/sync/canonical-json';
import { wireDocument } from '../../../src/shared/sync/protocol';
import { createPracticeKey, type DataKey } from '../../../src/shared/crypto';
import { newDevice, type Device } from './devices';
import { startFaultyProxy, type Fault, type FaultTarget, type FaultyProxy } from './faulty-proxy';
import { COLLECTIONS, isRecordStep, Recorder, recordStepArbitraries, tally, type RecordStep } from './history';
import { enrolDevice, registerPractice } from './server';
import { budgetParameters, type PropertyBudget } from './property-budget';

export { tally };

export const SECRET = 'synthetic-registration-secret-for-tests';
const DEVICES = 3;
/** Long enough for a slow shared machine; a device that is online with the server up must get there. */
const SETTLE_MS = 20_000;

// ── Schedules ──────────────────────────────────────────────────────────────────────────────────

export type Step =
  | RecordStep
  | { kind: 'toggle'; device: number }
  | { kind: 'restart'; device: number }
  | { kind: 'server' }
  | { kind: 'fault'; fault: Fault; target: FaultTarget }
  | { kind: 'settle'; device: number };

const device = fc.integer({ min: 0, max: DEVICES - 1 });
/** Each kind of step with its weight in a schedule. */
const STEPS: { kind: Step['kind']; weight: number; arbitrary: fc.Arbitrary<Step> }[] = [
  ...recordStepArbitraries(DEVICES),
  { kind: 'toggle', weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const), device }) },
  { kind: 'restart', weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), device }) },
  { kind: 'server', weight: 1, arbitrary: fc.record({ kind: fc.constant('server' as const) }) },
  { kind: 'fault', weight: 2, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom<Fault>('drop', 'repeat'), target: fc.constantFrom<FaultTarget>('push', 'pull') }) },
  { kind: 'settle', weight: 2, arbitrary: fc.record({ kind: fc.constant('settle' as const), device }) },
];

/** Schedules of the given kinds of step (all of them by default). */
export function scheduleOf(kinds: readonly Step['kind'][] = STEPS.map((s) => s.kind), maxLength = 20): fc.Arbitrary<Step[]> {
  return fc.array(fc.oneof(...STEPS.filter((s) => kinds.includes(s.kind))), { minLength: 1, maxLength });
}

// ── The server, restartable on its port and database ───────────────────────────────────────────

/** One practice's devices, kept from run to run (each run's records have ids of their own): opening and removing three databases was a third of a run. */
interface Fleet {
  key: DataKey;
  practiceId: string;
  devices: Device[];
  runs: number;
}

export class World {
  server: SyncServer | null = null;
  port = 0;
  proxy!: FaultyProxy;
  private fleet: Fleet | null = null;

  constructor(readonly storage: Storage) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createSyncServer({ storage: this.storage, logger: false, registrationSecret: SECRET });
    await server.listen({ host: '127.0.0.1', port: this.port });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }

  async start(): Promise<void> {
    await this.up();
    this.proxy = await startFaultyProxy(this.port);
  }

  /** The devices (syncing when `start`), with the server up: those of the last run, or new ones. */
  async devices(start: boolean): Promise<Fleet> {
    if (this.fleet !== null) return this.fleet;
    const key: DataKey = (await createPracticeKey()).dataKey;
    const admin = await registerPractice(this, { registrationSecret: SECRET });
    const credentials = [admin, ...(await Promise.all(Array.from({ length: DEVICES - 1 }, () => enrolDevice(this, admin.token))))];
    const devices: Device[] = [];
    for (const [i, c] of credentials.entries()) {
      devices.push(await newDevice(`d${i}`, key, this.proxy.url, c, { retryTime: 50, maxBackoffMs: 200, waitForLeadership: false, collections: [...COLLECTIONS] }));
    }
    if (start) for (const d of devices) await d.sync.start();
    this.fleet = { key, practiceId: admin.practiceId, devices, runs: 0 };
    return this.fleet;
  }

  /** Closes the devices: after a failed run (what it left must not decide the next one), and at the end. */
  async discard(): Promise<void> {
    const fleet = this.fleet;
    this.fleet = null;
    await Promise.all(fleet?.devices.map((d) => d.close()) ?? []);
  }

  async stop(): Promise<void> {
    await this.discard();
    await this.proxy.close();
    await this.down();
  }
}

// ── One run ────────────────────────────────────────────────────────────────────────────────────

/** `reuse`: the last run's devices, syncing throughout (set-up included); otherwise fresh devices, set up offline, then syncing. */
export async function runSchedule(world: World, steps: Step[], reuse = false): Promise<void> {
  const fleet = await world.devices(reuse);
  const { key, practiceId, devices } = fleet;
  const unwatch = new Map<Device, () => void>();
  const running = new Set<Device>(reuse ? devices : []);
  const history = new Recorder(key, (context) => context.startsWith('replication-'), `run${++fleet.runs}`);
  let passed = false;

  try {
    for (const d of devices) unwatch.set(d, history.watch(d));
    await history.setUp(devices[0]!);
    for (const d of devices) {
      if (!running.has(d)) await d.sync.start();
      running.add(d);
    }

    for (const [index, step] of steps.entries()) {
      if (isRecordStep(step)) {
        await history.run(devices[step.device]!, step.device, index, step);
      } else if (step.kind === 'toggle') {
        const d = devices[step.device]!;
        if (running.delete(d)) await d.sync.stop();
        else {
          await d.sync.start();
          running.add(d);
        }
      } else if (step.kind === 'restart') {
        const d = devices[step.device]!;
        unwatch.get(d)!();
        await d.restart();
        tally.restarts += 1;
        unwatch.set(d, history.watch(d));
        if (running.has(d)) await d.sync.start();
      } else if (step.kind === 'server') {
        if (world.server) {
          await world.down();
          tally.serverRestarts += 1;
        } else await world.up();
      } else if (step.kind === 'fault') {
        world.proxy.arm(step.fault, step.target);
      } else if (step.kind === 'settle') {
        const d = devices[step.device]!;
        if (running.has(d) && world.server) await d.until((s) => s.phase === 'up-to-date' && s.pending === 0, SETTLE_MS);
      }
    }

    // Everyone back: the server up, every device syncing, until nothing moves.
    await world.up();
    for (const d of devices) {
      if (!running.has(d)) await d.sync.start();
      running.add(d);
    }
    await quiescence(world, practiceId, devices);
    await history.check(devices);
    passed = true;
  } finally {
    unwatch.forEach((stop) => stop());
    await world.up();
    world.proxy.disarm();
    // A failed run's devices never decide the next run; others are kept only when reused.
    if (!passed || !reuse) await world.discard();
  }
}

// ── Convergence ────────────────────────────────────────────────────────────────────────────────

type Snapshot = Record<string, string>;

/** A device's documents as stored (query fields included), or as they travel (what the server holds). */
async function deviceDocs(d: Device, form: 'stored' | 'wire'): Promise<Snapshot> {
  const entries = await Promise.all(
    COLLECTIONS.map(async (name) => {
      // Deleted documents too: a deletion must reach everyone.
      const docs = await getChangedDocumentsSince((d.db[name] as unknown as RxCollection<SealedFields>).storageInstance, 100_000);
      return docs.documents.map((doc) => [`${name}/${doc.id}`, canonicalJson(form === 'wire' ? wireDocument(doc) : withoutStorageFields(doc))] as const);
    }),
  );
  return Object.fromEntries(entries.flat());
}

export async function serverDocs(world: World, practiceId: string): Promise<Snapshot> {
  const rows = await world.storage.query<{ collection: string; id: string; doc: unknown }>('SELECT collection, id, doc FROM documents WHERE practice_id = $1', [practiceId]);
  return Object.fromEntries(rows.map((row) => [`${row.collection}/${row.id}`, canonicalJson(row.doc)]));
}

/** What differs between two snapshots (per document, the fields that differ), or null. */
export function difference(a: Snapshot, b: Snapshot): string | null {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((k) => a[k] !== b[k]);
  const fields = (k: string) => {
    if (a[k] === undefined || b[k] === undefined) return a[k] === undefined ? 'missing on the left' : 'missing on the right';
    const [x, y] = [JSON.parse(a[k]) as Record<string, unknown>, JSON.parse(b[k]) as Record<string, unknown>];
    return Object.keys({ ...x, ...y })
      .filter((f) => JSON.stringify(x[f]) !== JSON.stringify(y[f]))
      .map((f) => `${f} ${JSON.stringify(x[f])?.slice(0, 40)} ≠ ${JSON.stringify(y[f])?.slice(0, 40)}`)
      .join(', ');
  };
  return keys.length === 0 ? null : keys.map((k) => `${k}: ${fields(k)}`).join('\n');
}

/** Every device up to date with nothing pending, holding exactly the server's documents, with the same query fields (restored from the envelopes) as the first device. */
async function quiescence(world: World, practiceId: string, devices: Device[]): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    await Promise.all(devices.map((d) => d.until((s) => s.phase === 'up-to-date' && s.pending === 0, Math.max(1, deadline - Date.now()))));
    const server = await serverDocs(world, practiceId);
    const first = await deviceDocs(devices[0]!, 'stored');
    const diffs = (await Promise.all(devices.map(async (d) => [d.name, difference(server, await deviceDocs(d, 'wire')) ?? difference(first, await deviceDocs(d, 'stored'))] as const))).filter(
      ([, diff]) => diff !== null,
    );
    if (diffs.length === 0) return;
    if (Date.now() > deadline) throw new Error(`devices did not converge on the server's documents:\n${diffs.map(([name, diff]) => `${name}:\n${diff}`).join('\n')}`);
    // Another round of the live stream may be under way: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ── The property ───────────────────────────────────────────────────────────────────────────────

export interface PropertyOptions {
  runs: number;
  budget: PropertyBudget;
  seed?: number;
  path?: string;
  /** Stop at the first failure without shrinking (the oracle's own test wants only to see it fail). */
  endOnFailure?: boolean;
  schedule?: fc.Arbitrary<Step[]>;
  /** Keep the devices from run to run, syncing throughout (see runSchedule). */
  reuse?: boolean;
}

export async function checkSync(storage: Storage, options: PropertyOptions): Promise<fc.RunDetails<[Step[]]>> {
  const world = new World(storage);
  await world.start();
  try {
    const details = await fc.check(
      fc.asyncProperty(options.schedule ?? scheduleOf(), (steps) => runSchedule(world, steps, options.reuse)),
      { numRuns: options.runs, ...budgetParameters(options.budget), ...(options.endOnFailure ? { endOnFailure: true } : {}), ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.path === undefined ? {} : { path: options.path }) },
    );
    console.info(`sync property: ${JSON.stringify({ ...tally, faultsApplied: world.proxy.applied() })}`);
    return details;
  } finally {
    await world.stop();
  }
}
