/**
 * The device keyring and its store: what this device needs before anyone has unlocked — the
 * practice's name, the staff profiles that can unlock here and their wraps of the practice key,
 * the recovery-code wrap, and the failed-attempt counters. Kept in an RxDB local document: it
 * never replicates and holds no secret in the clear (every wrap needs a passphrase or a code).
 */
import type { Argon2Params, Box, KeyWrap } from '../../../shared/crypto';
import { PASSPHRASE_POLICY_VERSION, type Role } from '../../../shared/vault-policy';
import type { WaypointDatabase } from '../db/database';
import { st } from '../i18n/staff';

/** Consecutive wrong attempts at a secret, and the growing wait they impose (`unlockDelayMs`). */
export interface Attempts {
  failedAttempts: number;
  /** Epoch ms before which no further attempt is accepted. */
  retryAt: number;
}

export interface ProfileEntry extends Attempts {
  id: string;
  displayName: string;
  role: Role;
  wrap: KeyWrap;
  /** The passphrase rules (`PASSPHRASE_POLICY_VERSION`) its passphrase was last checked against; absent: never. */
  policy?: number;
}

/** An earlier key epoch: its key sealed under a later epoch's key (the envelope names which). */
export interface EpochLink {
  keyId: string;
  sealed: string;
}

/** A newer epoch's key boxed to a holder whose wrap opens an older one: a profile (by id) or `recovery`. */
export interface InboxEntry {
  to: string;
  keyId: string;
  box: Box;
}

/** This device's key pair for receiving key epochs: the public key, and the private key sealed under the newest epoch. */
export interface DeviceKeyEntry {
  publicKey: string;
  sealed: string;
}

export interface Keyring {
  v: 1;
  /** `keyId` is the newest key epoch: every new seal uses it. */
  practice: { id: string; name: string; keyId: string; createdAt: number };
  /** Calibrated on this device at set-up; new wraps use them, each wrap also stores its own. */
  argon2: Omit<Argon2Params, 'salt'>;
  profiles: ProfileEntry[];
  recovery: KeyWrap;
  /** Earlier epochs, each sealed under a later one; absent: the practice has one epoch (release 0.1.0). */
  epochs?: EpochLink[];
  /** The newest epoch for holders whose wrap opens an earlier one (one entry per holder). */
  inbox?: InboxEntry[];
  /** Absent until this device first unlocks with key epochs. Device-local: never in a backup. */
  device?: DeviceKeyEntry;
  /** Wrong recovery codes typed on this device (recovery and break-glass alike); absent: none. Never in a backup. */
  recoveryAttempts?: Attempts;
}

export interface ProfileSummary {
  id: string;
  displayName: string;
  role: Role;
  /** Created with a setup code: its owner has not chosen a passphrase yet. */
  awaitingSetup?: true;
}

export function awaitingSetup(entry: ProfileEntry): boolean {
  return entry.wrap.method.type === 'setup-code';
}

export function summary(entry: ProfileEntry): ProfileSummary {
  return { id: entry.id, displayName: entry.displayName, role: entry.role, ...(awaitingSetup(entry) ? { awaitingSetup: true as const } : {}) };
}

/** The entry with a wrap under a passphrase just checked against the current rules. */
export function withPassphraseWrap(entry: Pick<ProfileEntry, 'id' | 'displayName' | 'role'>, wrap: KeyWrap): ProfileEntry {
  return { id: entry.id, displayName: entry.displayName, role: entry.role, wrap, policy: PASSPHRASE_POLICY_VERSION, failedAttempts: 0, retryAt: 0 };
}

const KEYRING_ID = 'vault-keyring';

/** Reads and writes the keyring, and keeps the last one read or written for the vault's parts. */
export class KeyringStore {
  private cached: Keyring | null = null;

  constructor(private readonly db: WaypointDatabase) {}

  async load(): Promise<Keyring | null> {
    const doc = await this.db.getLocal<Keyring>(KEYRING_ID);
    this.cached = doc === null ? null : (doc.toJSON().data as Keyring);
    return this.cached;
  }

  async save(keyring: Keyring): Promise<void> {
    await this.db.upsertLocal<Keyring>(KEYRING_ID, keyring);
    this.cached = keyring;
  }

  /** The keyring as last loaded or saved; null before set-up. */
  get current(): Keyring | null {
    return this.cached;
  }

  require(): Keyring {
    if (this.cached === null) throw new Error(st('services.vault.noPractice'));
    return this.cached;
  }

  profile(profileId: string): ProfileEntry {
    const entry = this.require().profiles.find((p) => p.id === profileId);
    if (entry === undefined) throw new Error(st('services.vault.noSuchProfile'));
    return entry;
  }

  /** Replaces one profile's entry and saves. */
  async saveProfile(entry: ProfileEntry): Promise<void> {
    const keyring = this.require();
    await this.save({ ...keyring, profiles: keyring.profiles.map((p) => (p.id === entry.id ? entry : p)) });
  }
}
