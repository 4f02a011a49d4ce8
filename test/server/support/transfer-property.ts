/**
 * The sync property's invariants through the other ways records arrive: transfer files and restore
 * (both adapters over the arrival module, like sync). Two devices with no server run the record
 * steps of history.ts and exchange transfer files, some of which are lost on the way; at the end
 * every pair exchanges until no file carries anything, every device decrypts the same records and
 * conflicts, and the history passes the oracle (sync-oracle.ts). Then one device's stored
 * documents are restored onto a fresh device, which must decrypt exactly what the others do.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { Arrival } from '../../../src/renderer/src/arrival/arrival';
import { openDatabase } from '../../../src/renderer/src/db/database';
import { replicatedCollections } from '../../../src/renderer/src/db/replicated';
import { storedPages } from '../../../src/renderer/src/db/storage';
import { ConflictsRepository } from '../../../src/renderer/src/repositories/conflicts';
import { NotesRepository } from '../../../src/renderer/src/repositories/notes';
import { PlansRepository } from '../../../src/renderer/src/repositories/plans';
import { SessionsRepository } from '../../../src/renderer/src/repositories/sessions';
import { TransferService } from '../../../src/renderer/src/transfer/transfer-service';
import { createPracticeKey, type DataKey } from '../../../src/shared/crypto';
import { testKeySource } from '../../renderer/support/keys';
import { COLLECTIONS, isRecordStep, Recorder, recordStepArbitraries, tally, type HistoryDevice, type RecordStep } from './history';
import { budgetParameters, type PropertyBudget } from './property-budget';

export { tally };

/**
 * Two: with three, a version that reached a device through a third is not known to the sender as
 * one the receiver holds, so the file's base is older than the true common ancestor and two edits
 * in turn are flagged as a conflict (docs/ARCHITECTURE.md: Transfer by file, limits).
 */
const DEVICES = 2;
/** Rounds of every pair exchanging after the schedule: the first two files to a new peer carry everything, then only changes. */
const MAX_ROUNDS = 6;

export type TransferStep = RecordStep | { kind: 'exchange'; from: number; to: number; lost: boolean };

const device = fc.integer({ min: 0, max: DEVICES - 1 });
const exchange: fc.Arbitrary<TransferStep> = fc
  .record({ from: device, to: device, lost: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) })
  .filter(({ from, to }) => from !== to)
  .map((e) => ({ kind: 'exchange' as const, ...e }));

export const transferSchedule = (maxLength = 20): fc.Arbitrary<TransferStep[]> =>
  fc.array(fc.oneof(...recordStepArbitraries(DEVICES), { weight: 6, arbitrary: exchange }), { minLength: 1, maxLength });

interface TransferDevice extends HistoryDevice {
  transfer: TransferService;
  close(): Promise<void>;
}

let counter = 0;

async function openDevice(name: string, key: DataKey): Promise<TransferDevice> {
  const keys = await testKeySource(key);
  const db = await openDatabase({ name: `transfer-${name}-${++counter}-${crypto.randomUUID()}`, validate: true, only: [...COLLECTIONS] });
  const conflicts = new ConflictsRepository(db.conflicts, keys);
  return {
    name,
    db,
    conflicts,
    notes: new NotesRepository(db.notes, keys),
    sessions: new SessionsRepository(db.sessions, keys),
    plans: new PlansRepository(db.plans, keys),
    transfer: new TransferService(db, keys, new Arrival(db, keys, { conflicts }), { deviceId: name }),
    close: () => db.remove().then(() => undefined),
  };
}

/** A file from `from` for `to` (for a device not exchanged with yet if `from` never imported one of `to`'s), imported unless lost; returns the records it carried. */
async function send(from: TransferDevice, to: TransferDevice, lost = false): Promise<number> {
  const { peers } = await firstValueFrom(from.transfer.status$());
  const file = await from.transfer.createExport(peers.some((p) => p.id === to.name) ? to.name : null);
  tally.files += 1;
  if (lost) {
    tally.lostFiles += 1;
    return file.documents;
  }
  await to.transfer.importFile(file.data);
  return file.documents;
}

/** Every pair, both ways, until no file carries anything. */
async function exchangeUntilSettled(devices: readonly TransferDevice[]): Promise<void> {
  for (let round = 0; ; round++) {
    if (round === MAX_ROUNDS) throw new Error(`files still carried records after ${MAX_ROUNDS} rounds of exchanges`);
    let carried = 0;
    for (const from of devices) for (const to of devices) if (from !== to) carried += await send(from, to);
    if (carried === 0) return;
  }
}

export async function runTransferSchedule(steps: TransferStep[]): Promise<void> {
  const key = (await createPracticeKey()).dataKey;
  const history = new Recorder(key, (context) => context === 'transfer-import' || context === 'restore');
  const devices: TransferDevice[] = [];
  const unwatch: (() => void)[] = [];
  try {
    for (let i = 0; i < DEVICES; i++) {
      const d = await openDevice(`t${i}`, key);
      await d.transfer.setDeviceName(`Synthetic laptop ${i}`);
      devices.push(d);
      unwatch.push(history.watch(d));
    }
    await history.setUp(devices[0]!);
    // Devices introduced to each other first: files for a device not exchanged with yet carry every record with no
    // base, so a version the other changed meanwhile meets it with no known ancestor (docs/ARCHITECTURE.md: Transfer
    // by file, limits).
    await exchangeUntilSettled(devices);
    for (const [index, step] of steps.entries()) {
      if (isRecordStep(step)) await history.run(devices[step.device]!, step.device, index, step);
      else await send(devices[step.from]!, devices[step.to]!, step.lost);
    }
    await exchangeUntilSettled(devices);
    await history.check(devices);

    // Restore: the first device's documents as stored (what its backup holds) onto a fresh device. The others
    // close first: RxDB's open-source build allows 13 open collections per process.
    const expected = await history.view(devices[0]!);
    await Promise.all(devices.splice(1).map((d) => d.close()));
    const restored = await openDevice('restored', key);
    devices.push(restored);
    unwatch.push(history.watch(restored));
    const arrival = new Arrival(restored.db, await testKeySource(key), { conflicts: restored.conflicts });
    for (const [name, collection] of replicatedCollections(devices[0]!.db)) {
      for await (const page of storedPages(collection.storageInstance, 100)) await arrival.restore(name, page);
    }
    tally.restores += 1;
    const actual = await history.view(restored);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`the restored device decrypts other records or conflicts:\n${JSON.stringify(actual)}\n≠ ${JSON.stringify(expected)}`);
  } finally {
    unwatch.forEach((stop) => stop());
    await Promise.all(devices.map((d) => d.close()));
  }
}

export function checkTransfers(options: { runs: number; budget: PropertyBudget; seed?: number; path?: string }): Promise<fc.RunDetails<[TransferStep[]]>> {
  return fc.check(fc.asyncProperty(transferSchedule(), runTransferSchedule), {
    numRuns: options.runs,
    ...budgetParameters(options.budget),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  });
}
