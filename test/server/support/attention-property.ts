/**
 * The practice rules under random schedules (fast-check): three devices, each in a worker thread
 * of its own (worker-devices.ts), a real server over HTTP that restarts, devices going offline and
 * online and restarting. Steps admit the same client, add members to a group of capacity 2 and
 * register the same person, on any device, online or not; each device's own checks refuse what it
 * can see breaks a rule, so only devices apart break one. After a final sync to quiescence every
 * device shows exactly the items an oracle computes from the server's final records by the shared
 * rules (src/shared/invariants.ts), read from the records themselves rather than through the app's
 * repositories and queries; one device resolves them all, and after another sync no device shows
 * any and the oracle agrees.
 */
import fc from 'fast-check';
import { addDays, isoToday } from '../../../src/shared/calendar';
import { createPracticeKey, type DataKey } from '../../../src/shared/crypto';
import type { ClientIdentityLike } from '../../../src/shared/duplicates';
import { attentionItems, type AttentionKind, type PracticeSnapshot, type SnapshotAuthorization } from '../../../src/shared/invariants';
import { openPayload, restoreRecord, type StoredRecord } from '../../../src/shared/records';
import type { Membership } from '../../../src/shared/roster';
import { CAPACITY_WINDOW } from '../../../src/renderer/src/features/attention/attention';
import type { Storage } from '../../../src/server';
import { enrolDevice, registerPractice } from './server';
import { difference, SECRET, serverDocs, World } from './sync-property';
import { WorkerDevice, type AttentionIds, type AttentionStep } from './worker-devices';
import { budgetParameters, type PropertyBudget } from './property-budget';

const DEVICES = 3;
const ROSTER = 4;
const SETTLE_MS = 30_000;

export type Step = AttentionStep | { kind: 'toggle'; device: number } | { kind: 'restart'; device: number } | { kind: 'server' } | { kind: 'settle'; device: number };

const device = fc.integer({ min: 0, max: DEVICES - 1 });
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('admit' as const), device }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('join' as const), device, member: fc.integer({ min: 0, max: ROSTER - 1 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('register' as const), device }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('toggle' as const), device }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), device }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('server' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('settle' as const), device }) },
  ),
  { minLength: 6, maxLength: 16 },
);
/** Devices apart from the start make rules broken by devices apart common even in short schedules. */
export const schedule: fc.Arbitrary<Schedule> = fc.record({ apart: fc.subarray([...Array(DEVICES).keys()]), steps });

/** What the runs went through (checked: a property that never met an item proves little). */
export const attentionTally = { runs: 0, refused: 0, resolved: 0, items: { 'open-episodes': 0, 'over-capacity': 0, 'duplicate-client': 0 } as Partial<Record<AttentionKind, number>> };

// ── The oracle: the shared rules over the server's final records ───────────────────────────────

interface Opened {
  collection: string;
  id: string;
  plain: Record<string, unknown>;
  data: Record<string, unknown>;
}

const SIGNED = new Set(['signed', 'pending-cosign', 'cosigned']);

/** The practice as the server holds it (every record opened with the practice key), as the rules read it on `today`. */
export async function serverSnapshot(world: World, practiceId: string, key: DataKey, today: string): Promise<PracticeSnapshot> {
  const rows = await world.storage.query<{ collection: string; id: string; doc: StoredRecord }>('SELECT collection, id, doc FROM documents WHERE practice_id = $1', [practiceId]);
  const records: Opened[] = [];
  for (const row of rows) {
    if (row.doc._deleted) continue;
    const plain = await restoreRecord(key, row.collection, row.doc);
    const { value } = await openPayload<Record<string, unknown>>(key, row.collection, plain);
    records.push({ collection: row.collection, id: row.id, plain, data: value });
  }
  const of = (collection: string, kind?: string) => records.filter((r) => r.collection === collection && (kind === undefined || r.plain['kind'] === kind));
  const window = { from: addDays(today, -CAPACITY_WINDOW.daysBack), to: addDays(today, CAPACITY_WINDOW.daysAhead) };
  const clients = of('clients', 'client');
  const sessions = of('sessions');
  const notes = of('notes').filter((n) => SIGNED.has(String(n.plain['status'])) && !['shared', 'addendum'].includes(String(n.plain['kind'])));
  return {
    clients: clients.filter((c) => c.plain['status'] !== 'merged').map((c) => ({ id: c.id, identity: c.data as unknown as ClientIdentityLike, merged: false })),
    episodes: of('episodes')
      .filter((e) => e.plain['status'] === 'active')
      .map((e) => ({ id: e.id, clientId: String(e.plain['clientId']), programId: String(e.plain['programId']), open: true, admittedOn: String(e.plain['admittedOn']) })),
    memberships: of('programs', 'membership').map((m) => m.data as unknown as Membership),
    groups: of('programs', 'group').map((g) => ({ id: g.id, capacity: Number(g.data['capacity']) })),
    sessions: sessions
      .filter((s) => s.plain['kind'] === 'group' && s.plain['status'] !== 'cancelled' && String(s.plain['date']) >= window.from && String(s.plain['date']) <= window.to)
      .map((s) => ({ id: s.id, groupId: String(s.plain['groupId']), date: String(s.plain['date']), capacityOverride: s.data['capacityOverride'] !== undefined })),
    notes: notes.map((n) => ({ id: n.id, sessionId: String(n.plain['sessionId']), clientId: String(n.plain['clientId']), signed: true })),
    noteTargets: { sessions: sessions.map((s) => s.id), clients: clients.map((c) => c.id) },
    authorizations: of('plans', 'authorization').map((a) => ({
      id: a.id,
      clientId: String(a.data['clientId']),
      payerId: String(a.data['payerId']),
      startOn: String(a.data['startOn']),
      endOn: String(a.data['endOn']),
      status: a.data['status'] as SnapshotAuthorization['status'],
    })),
    dismissals: of('settings')
      .filter((s) => s.id.startsWith('dismissal-'))
      .map((s) => ({ itemKey: String(s.data['itemKey']), recordIds: s.data['recordIds'] as string[] })),
  };
}

// ── One run ────────────────────────────────────────────────────────────────────────────────────

/** Every device up to date with nothing pending and holding exactly the server's documents. */
async function quiescence(world: World, practiceId: string, devices: readonly WorkerDevice[]): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    await Promise.all(devices.map((d) => d.call('settled', { timeoutMs: Math.max(1, deadline - Date.now()) })));
    const server = await serverDocs(world, practiceId);
    const diffs = (await Promise.all(devices.map(async (d) => [d.name, difference(server, await d.call('docs', {}))] as const))).filter(([, diff]) => diff !== null);
    if (diffs.length === 0) return;
    if (Date.now() > deadline) throw new Error(`devices did not converge on the server's documents:\n${diffs.map(([name, diff]) => `${name}:\n${diff}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each device's items equal the oracle's; returns them. */
async function sameItems(world: World, practiceId: string, key: DataKey, today: string, devices: readonly WorkerDevice[], when: string) {
  const expected = attentionItems(await serverSnapshot(world, practiceId, key, today));
  const keys = expected.map((i) => i.key);
  for (const d of devices) {
    const shown = await d.call('items', { today });
    const missing = keys.filter((k) => !shown.includes(k));
    const spurious = shown.filter((k) => !keys.includes(k));
    if (missing.length > 0 || spurious.length > 0) throw new Error(`${when}, ${d.name} shows other items than the server's records make: missing ${JSON.stringify(missing)}, spurious ${JSON.stringify(spurious)}`);
  }
  return expected;
}

/** A schedule: the devices apart from the start (their sync stopped), then the steps. */
export interface Schedule {
  apart: number[];
  steps: Step[];
}

export async function runSchedule(world: World, devices: readonly WorkerDevice[], { apart, steps }: Schedule): Promise<void> {
  const today = isoToday(Date.now());
  const { dataKey: key, raw } = await createPracticeKey();
  const admin = await registerPractice(world, { registrationSecret: SECRET });
  const credentials = [admin, ...(await Promise.all(Array.from({ length: DEVICES - 1 }, () => enrolDevice(world, admin.token))))];
  const opened: WorkerDevice[] = [];
  try {
    await Promise.all(
      devices.map(async (d, i) => {
        await d.call('open', { setup: { name: d.name, keyId: key.id, rawKey: raw, serverUrl: world.proxy.url, credentials: credentials[i]! } });
        opened.push(d);
      }),
    );
    const ids: AttentionIds = await devices[0]!.call('setUp', { today, rosterSize: ROSTER });
    await Promise.all(devices.map((d) => d.call('start', {})));
    await quiescence(world, admin.practiceId, devices);
    const online = new Set(devices);
    for (const i of apart) {
      await devices[i]!.call('stop', {});
      online.delete(devices[i]!);
    }

    for (const step of steps) {
      if (step.kind === 'admit' || step.kind === 'join' || step.kind === 'register') {
        if (!(await devices[step.device]!.call('step', { step, ids, today }))) attentionTally.refused += 1;
      } else if (step.kind === 'toggle') {
        const d = devices[step.device]!;
        if (online.delete(d)) await d.call('stop', {});
        else {
          await d.call('start', {});
          online.add(d);
        }
      } else if (step.kind === 'restart') {
        const d = devices[step.device]!;
        await d.call('restart', {});
        if (online.has(d)) await d.call('start', {});
      } else if (step.kind === 'server') {
        if (world.server) await world.down();
        else await world.up();
      } else {
        const d = devices[step.device]!;
        if (online.has(d) && world.server) await d.call('settled', { timeoutMs: SETTLE_MS });
      }
    }

    // Everyone back, until nothing moves: every device shows what the records make.
    await world.up();
    for (const d of devices) if (!online.has(d)) await d.call('start', {});
    await quiescence(world, admin.practiceId, devices);
    const items = await sameItems(world, admin.practiceId, key, today, devices, 'after the final sync');
    for (const item of items) attentionTally.items[item.kind] = (attentionTally.items[item.kind] ?? 0) + 1;

    // One device resolves them all; after another sync, none anywhere (and the records agree).
    if (items.length > 0) {
      const resolver = devices[steps.length % DEVICES]!;
      attentionTally.resolved += await resolver.call('resolveAll', { today });
      await quiescence(world, admin.practiceId, devices);
      const left = await sameItems(world, admin.practiceId, key, today, devices, 'after resolving');
      if (left.length > 0) throw new Error(`after ${resolver.name} resolved every item, the records still make ${JSON.stringify(left.map((i) => i.key))}`);
    }
    attentionTally.runs += 1;
  } finally {
    raw.fill(0);
    await world.up();
    await Promise.all(opened.map((d) => d.call('close', {})));
  }
}

export interface AttentionOptions {
  runs: number;
  budget: PropertyBudget;
  seed?: number;
  path?: string;
}

export async function checkAttention(storage: Storage, options: AttentionOptions): Promise<fc.RunDetails<[Schedule]>> {
  const world = new World(storage);
  await world.start();
  const devices = Array.from({ length: DEVICES }, (_, i) => WorkerDevice.spawn(`d${i}`));
  try {
    return await fc.check(
      fc.asyncProperty(schedule, (s) => runSchedule(world, devices, s)),
      { numRuns: options.runs, ...budgetParameters(options.budget), ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.path === undefined ? {} : { path: options.path }) },
    );
  } finally {
    await Promise.all(devices.map((d) => d.terminate()));
    await world.stop();
  }
}
