/**
 * Devices of one practice for sync tests: each a real RxDB database (fake-indexeddb in Node), the
 * app's repositories and SyncService, talking to a real server over HTTP. RxDB's open-source build
 * allows 13 open collections per process, so a device opens only what the test needs.
 */
import 'fake-indexeddb/auto';
import { Arrival } from '../../../src/renderer/src/arrival/arrival';
import { openDatabase, type WaypointCollections, type WaypointDatabase } from '../../../src/renderer/src/db/database';
import { ClientsRepository } from '../../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../../src/renderer/src/repositories/conflicts';
import { NotesRepository } from '../../../src/renderer/src/repositories/notes';
import { PlansRepository } from '../../../src/renderer/src/repositories/plans';
import { SessionsRepository } from '../../../src/renderer/src/repositories/sessions';
import { SyncConfigStore } from '../../../src/renderer/src/sync/sync-config';
import { SyncService, type SyncStatus } from '../../../src/renderer/src/sync/sync-service';
import type { DataKey } from '../../../src/shared/crypto';
import { testKeySource } from '../../renderer/support/keys';

export interface Credentials {
  practiceId: string;
  deviceId: string;
  token: string;
}

export interface Device {
  name: string;
  db: WaypointDatabase;
  keys: Awaited<ReturnType<typeof testKeySource>>;
  notes: NotesRepository;
  /** Null unless the device opened the collection (at most 13 collections are open per process). */
  clients: ClientsRepository | null;
  sessions: SessionsRepository | null;
  plans: PlansRepository | null;
  conflicts: ConflictsRepository;
  sync: SyncService;
  /** Resolves when the status satisfies `test` (or rejects after `timeoutMs`, naming the last status). */
  until(test: (status: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  /** The app quit and started again (updated to `appVersion`, if given): sync stopped, the database closed and opened again by name, new repositories and SyncService (not started). */
  restart(appVersion?: string): Promise<void>;
  close(): Promise<void>;
}

/** The version test devices state unless told otherwise: a release after 0.1.0 (the one release that states none). */
export const DEVICE_APP_VERSION = '0.2.0';

export const DEFAULT_COLLECTIONS: (keyof WaypointCollections)[] = ['clients', 'notes', 'conflicts'];
let counter = 0;

/** Short waits, for tests that take the server away and back and restart devices often (see SyncService). */
export type DeviceOptions = Partial<Pick<ConstructorParameters<typeof SyncService>[3], 'appVersion' | 'retryTime' | 'maxBackoffMs' | 'waitForLeadership' | 'updateRecheckMs' | 'pullBatch'>> & {
  /** The collections the device opens and syncs (`conflicts` is always needed). */
  collections?: (keyof WaypointCollections)[];
};

/** The first sync status `test` accepts, or an error naming the device and its last status after `timeoutMs`. */
export function untilStatus(name: string, sync: SyncService, test: (status: SyncStatus) => boolean, timeoutMs: number): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`${name}: sync status never matched; last ${JSON.stringify(sync.status$.value)}`));
    }, timeoutMs);
    const subscription = sync.status$.subscribe((status) => {
      if (!test(status)) return;
      clearTimeout(timer);
      queueMicrotask(() => subscription.unsubscribe());
      resolve(status);
    });
  });
}

export async function newDevice(name: string, key: DataKey, serverUrl: string, credentials: Credentials, { collections = DEFAULT_COLLECTIONS, ...options }: DeviceOptions = {}): Promise<Device> {
  const dbName = `device-${name}-${++counter}-${crypto.randomUUID()}`;
  const keys = await testKeySource(key);
  let appVersion = options.appVersion ?? DEVICE_APP_VERSION;
  const open = async () => {
    const db = await openDatabase({ name: dbName, validate: true, only: collections });
    const conflicts = new ConflictsRepository(db.conflicts, keys);
    const sync = new SyncService(db, new SyncConfigStore(db, keys), { arrival: new Arrival(db, keys, { conflicts }), whenUnlocked: () => keys.whenUnlocked() }, { retryTime: 200, ...options, appVersion });
    return {
      db,
      conflicts,
      sync,
      clients: collections.includes('clients') ? new ClientsRepository(db.clients, keys) : null,
      notes: new NotesRepository(db.notes, keys),
      sessions: collections.includes('sessions') ? new SessionsRepository(db.sessions, keys) : null,
      plans: collections.includes('plans') ? new PlansRepository(db.plans, keys) : null,
    };
  };
  const opened = await open();
  await new SyncConfigStore(opened.db, keys).save({ serverUrl, practiceId: credentials.practiceId, deviceId: credentials.deviceId, deviceName: name, role: 'admin' }, credentials.token);
  const device: Device = {
    name,
    keys,
    ...opened,
    until: (test, timeoutMs = 15_000) => untilStatus(name, device.sync, test, timeoutMs),
    async restart(version) {
      appVersion = version ?? appVersion;
      await device.sync.stop();
      await device.db.close();
      Object.assign(device, await open());
    },
    async close() {
      await device.sync.stop();
      await device.db.remove();
    },
  };
  return device;
}
