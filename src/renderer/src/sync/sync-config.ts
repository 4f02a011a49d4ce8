/**
 * This device's sync settings, in an RxDB local document (never replicated). The device token is
 * sealed under the practice key: it opens only while someone has unlocked, which is the only time
 * sync runs. The server address and ids are not secret and stay readable, so the locked screen
 * and the panel can say whether sync is set up.
 */
import { sealJson, unsealJson } from '../../../shared/crypto';
import type { WaypointDatabase } from '../db/database';
import type { KeySource } from '../db/sealed-store';

const CONFIG_ID = 'sync-config';
const CONTEXT = { collection: 'sync-config', id: CONFIG_ID, schemaVersion: 1 };

export interface SyncSettings {
  serverUrl: string;
  /** The server's id of this practice (not the same as the vault's). */
  practiceId: string;
  deviceId: string;
  deviceName: string;
  /** Whether this device may enrol and revoke devices (the one that registered, or enrolled as admin). */
  role: 'admin' | 'member';
}

interface Stored extends SyncSettings {
  sealedToken: string;
}

export class SyncConfigStore {
  constructor(
    private readonly db: WaypointDatabase,
    private readonly keys: KeySource,
  ) {}

  async settings(): Promise<SyncSettings | null> {
    const doc = await this.db.getLocal<Stored>(CONFIG_ID);
    if (doc === null) return null;
    const { sealedToken, ...settings } = doc.toJSON().data as Stored;
    void sealedToken;
    return settings;
  }

  /** The settings with the device token, or null when sync is not set up. Needs the vault unlocked. */
  async withToken(): Promise<(SyncSettings & { token: string }) | null> {
    const doc = await this.db.getLocal<Stored>(CONFIG_ID);
    if (doc === null) return null;
    const { sealedToken, ...settings } = doc.toJSON().data as Stored;
    return { ...settings, token: await unsealJson<string>(this.keys.requireKey(), CONTEXT, sealedToken) };
  }

  async save(settings: SyncSettings, token: string): Promise<void> {
    const sealedToken = await sealJson(this.keys.requireKey(), CONTEXT, token);
    await this.db.upsertLocal<Stored>(CONFIG_ID, { ...settings, sealedToken });
  }

  /** Forgets the server (after this device was revoked, or to stop syncing). Records stay. */
  async clear(): Promise<void> {
    await (await this.db.getLocal(CONFIG_ID))?.remove();
  }
}
