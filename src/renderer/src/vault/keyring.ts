/**
 * The device keyring: what this device needs before anyone has unlocked — the practice's name,
 * the staff profiles that can unlock here and their wraps of the practice key, the recovery-code
 * wrap, and the failed-attempt counters. Kept in an RxDB local document: it never replicates and
 * holds no secret in the clear (every wrap needs a passphrase or the recovery code to open).
 */
import type { Argon2Params, KeyWrap } from '../../../shared/crypto';
import type { Role } from '../../../shared/vault-policy';
import type { WaypointDatabase } from '../db/database';

export interface ProfileEntry {
  id: string;
  displayName: string;
  role: Role;
  wrap: KeyWrap;
  failedAttempts: number;
  /** Epoch ms before which no further unlock attempt is accepted (growing delay). */
  retryAt: number;
}

export interface Keyring {
  v: 1;
  practice: { id: string; name: string; keyId: string; createdAt: number };
  /** Calibrated on this device at set-up; new wraps use them, each wrap also stores its own. */
  argon2: Omit<Argon2Params, 'salt'>;
  profiles: ProfileEntry[];
  recovery: KeyWrap;
}

const KEYRING_ID = 'vault-keyring';

export class KeyringStore {
  constructor(private readonly db: WaypointDatabase) {}

  async load(): Promise<Keyring | null> {
    const doc = await this.db.getLocal<Keyring>(KEYRING_ID);
    return doc === null ? null : (doc.toJSON().data as Keyring);
  }

  async save(keyring: Keyring): Promise<void> {
    await this.db.upsertLocal<Keyring>(KEYRING_ID, keyring);
  }
}
