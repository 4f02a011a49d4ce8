/**
 * Devices with the app's real vault (keyring, key epochs, device keys) on real RxDB databases
 * (fake-indexeddb in Node), syncing with a real server over HTTP and relaying key epochs through
 * it; with the re-sealer the app runs after unlock and after each new epoch.
 */
import 'fake-indexeddb/auto';
import { Arrival } from '../../../src/renderer/src/arrival/arrival';
import { openDatabase, type WaypointDatabase } from '../../../src/renderer/src/db/database';
import { replicatedCollections } from '../../../src/renderer/src/db/replicated';
import { Resealer } from '../../../src/renderer/src/db/resealer';
import { ClientsRepository } from '../../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../../src/renderer/src/repositories/conflicts';
import { KeyRelay } from '../../../src/renderer/src/sync/key-relay';
import { SyncClient } from '../../../src/renderer/src/sync/sync-client';
import { SyncConfigStore } from '../../../src/renderer/src/sync/sync-config';
import { SyncService, type SyncStatus } from '../../../src/renderer/src/sync/sync-service';
import { createVault, type VaultParts } from '../../../src/renderer/src/vault';
import { MIN_ARGON2 } from '../../../src/shared/crypto';
import { generateEnrolmentCode, openEnrolmentPackage } from '../../../src/shared/sync/enrolment';
import { DEVICE_APP_VERSION, untilStatus } from './devices';

export const minimumCost = async () => ({ params: { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 } });

export interface VaultDevice {
  name: string;
  db: WaypointDatabase;
  parts: VaultParts;
  clients: ClientsRepository;
  client: SyncClient;
  deviceId: string;
  sync: SyncService;
  resealer: Resealer;
  until(test: (status: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  close(): Promise<void>;
}

let counter = 0;

async function device(name: string, serverUrl: string, credentials: { practiceId: string; deviceId: string; token: string }, role: 'admin' | 'member', enter: (parts: VaultParts) => Promise<void>): Promise<VaultDevice> {
  const db = await openDatabase({ name: `vault-device-${name}-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['clients', 'conflicts'] });
  const parts = createVault(db, { calibrate: minimumCost });
  await parts.vault.init();
  await enter(parts);
  const { vault } = parts;
  const conflicts = new ConflictsRepository(db.conflicts, vault);
  const config = new SyncConfigStore(db, vault);
  await config.save({ serverUrl, practiceId: credentials.practiceId, deviceId: credentials.deviceId, deviceName: name, role }, credentials.token);
  const sync = new SyncService(db, config, { arrival: new Arrival(db, vault, { conflicts }), whenUnlocked: () => vault.whenUnlocked() }, { retryTime: 200, appVersion: DEVICE_APP_VERSION, keyRelay: new KeyRelay(parts.epochs) });
  const resealer = new Resealer(replicatedCollections(db), vault);
  parts.epochs.onEpoch(() => void resealer.run());
  const self: VaultDevice = {
    name,
    db,
    parts,
    clients: new ClientsRepository(db.clients, vault),
    client: new SyncClient({ serverUrl, token: credentials.token, appVersion: DEVICE_APP_VERSION }),
    deviceId: credentials.deviceId,
    sync,
    resealer,
    until: (test, timeoutMs = 20_000) => untilStatus(name, sync, test, timeoutMs),
    async close() {
      await sync.stop();
      await resealer.run().catch(() => undefined);
      await db.remove();
    },
  };
  return self;
}

/** Registers a practice at the server and creates it in a new device's vault, unlocked as its administrator. */
export async function foundingDevice(serverUrl: string, input: { practiceName: string; adminName: string; passphrase: string; recoveryCode?: string }): Promise<VaultDevice & { recoveryCode: string }> {
  const registered = await new SyncClient({ serverUrl, token: '', appVersion: DEVICE_APP_VERSION }).register('Synthetic front desk');
  let recoveryCode = input.recoveryCode ?? '';
  const made = await device('founder', serverUrl, registered, 'admin', async (parts) => {
    recoveryCode ||= parts.enrolment.newRecoveryCode();
    await parts.enrolment.createPractice({ practiceName: input.practiceName, adminName: input.adminName, passphrase: input.passphrase, recoveryCode });
  });
  return Object.assign(made, { recoveryCode });
}

/**
 * A device joining the practice the app's way: the administrator (unlocked on `admin`) seals an
 * enrolment for a staff member, the server relays it, the new device redeems it with the code and
 * the staff member chooses their passphrase there.
 */
export async function enrolledDevice(serverUrl: string, admin: VaultDevice, input: { name: string; adminPassphrase: string; staff: { id: string; displayName: string; role: 'clinician' | 'administrator' }; passphrase: string }): Promise<VaultDevice> {
  const code = generateEnrolmentCode();
  const published = await admin.parts.enrolment.sealEnrolment({ adminPassphrase: input.adminPassphrase, code, staff: input.staff });
  await admin.client.createEnrolment({ ...published, expiresAt: Date.now() + 3_600_000, role: 'member' });
  const redeemed = await new SyncClient({ serverUrl, token: '', appVersion: DEVICE_APP_VERSION }).redeemEnrolment({ lookupId: published.lookupId, verifier: published.verifier, deviceName: `Synthetic ${input.name}` });
  return device(input.name, serverUrl, redeemed, 'member', async (parts) => {
    const opened = await openEnrolmentPackage(code, redeemed.wrappedKey);
    await parts.enrolment.joinPractice({ ...opened, passphrase: input.passphrase });
  });
}
