/**
 * The vault: holds the practice key in memory while a staff member has unlocked, and nowhere
 * else. Setting up a practice, unlocking with a passphrase or the recovery code, locking, and
 * managing who can unlock on this device all go through here.
 */
import { BehaviorSubject } from 'rxjs';
import {
  calibrateArgon2,
  checkPassphrase,
  createPracticeKey,
  generateRecoveryCode,
  normaliseRecoveryCode,
  unwrapPracticeKey,
  wrapWithPassphrase,
  wrapWithRecoveryCode,
  WrongPassphraseError,
  type Argon2Params,
  type DataKey,
} from '../../../shared/crypto';
import type { BackupKeyring } from '../../../shared/backup';
import { sealEnrolmentPackage, type Invitation } from '../../../shared/sync/enrolment';
import { unlockDelayMs, type Role } from '../../../shared/vault-policy';
import { VaultLockedError, type KeySource } from '../db/sealed-store';
import type { Keyring, KeyringStore, ProfileEntry } from './keyring';

export type LockReason = 'startup' | 'manual' | 'inactivity' | 'system';

/** How someone got in: setting up the practice and joining it on a new device also unlock. */
export type UnlockMethod = 'passphrase' | 'recovery-code' | 'practice-created' | 'device-joined';

/** What the audit trail hears from the vault: profile ids and reasons, nothing else. */
export type AccessEvent =
  | { kind: 'unlock'; profileId: string; method: UnlockMethod }
  | { kind: 'unlock-failed'; profileId: string; method: 'passphrase' | 'recovery-code'; throttled: boolean }
  | { kind: 'lock'; profileId: string; reason: LockReason };

/** What opens a practice key: a staff passphrase, or the recovery code (which sets a new passphrase for the profile). */
export type RestoreSecret =
  | { kind: 'passphrase'; profileId: string; passphrase: string }
  | { kind: 'recovery-code'; profileId: string; recoveryCode: string; newPassphrase: string };

export interface ProfileSummary {
  id: string;
  displayName: string;
  role: Role;
}

export type VaultState =
  | { status: 'loading' }
  | { status: 'setup' }
  | { status: 'locked'; practiceName: string; profiles: ProfileSummary[]; reason: LockReason }
  | { status: 'unlocked'; practiceName: string; profile: ProfileSummary };

export class PassphrasePolicyError extends Error {
  override readonly name = 'PassphrasePolicyError';
  constructor(readonly reasons: string[]) {
    super(reasons.join(' '));
  }
}

export class UnlockThrottledError extends Error {
  override readonly name = 'UnlockThrottledError';
  constructor(readonly retryAt: number, now: number) {
    super(`Too many wrong passphrases. Try again in ${Math.ceil((retryAt - now) / 1000)} seconds.`);
  }
}

export class VaultPermissionError extends Error {
  override readonly name = 'VaultPermissionError';
}

/** Before-lock hooks (draft flushes) get this long; a hung hook never keeps the key in memory. */
const BEFORE_LOCK_TIMEOUT_MS = 2000;

function summary(entry: ProfileEntry): ProfileSummary {
  return { id: entry.id, displayName: entry.displayName, role: entry.role };
}

function randomId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

export class Vault implements KeySource {
  readonly state$ = new BehaviorSubject<VaultState>({ status: 'loading' });
  private key: DataKey | null = null;
  private profileId: string | null = null;
  private keyring: Keyring | null = null;
  private readonly lockListeners = new Set<() => void>();
  private readonly beforeLockHooks = new Set<() => Promise<void>>();
  private readonly accessListeners = new Set<(event: AccessEvent) => void>();

  constructor(
    private readonly store: KeyringStore,
    private readonly options: {
      now?: () => number;
      /** Argon2id cost for new wraps; calibrated on this device unless given (tests pass the minimum). */
      calibrate?: () => Promise<{ params: Omit<Argon2Params, 'salt'> }>;
    } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async init(): Promise<void> {
    this.keyring = await this.store.load();
    this.publishLocked('startup');
  }

  private publishLocked(reason: LockReason): void {
    const keyring = this.keyring;
    this.state$.next(
      keyring === null
        ? { status: 'setup' }
        : { status: 'locked', practiceName: keyring.practice.name, profiles: keyring.profiles.map(summary), reason },
    );
  }

  private requireKeyring(): Keyring {
    if (this.keyring === null) throw new Error('No practice is set up on this device');
    return this.keyring;
  }

  private profile(profileId: string): ProfileEntry {
    const entry = this.requireKeyring().profiles.find((p) => p.id === profileId);
    if (entry === undefined) throw new Error('That staff profile does not exist on this device');
    return entry;
  }

  private assertPassphrase(passphrase: string, words: string[]): void {
    const verdict = checkPassphrase(passphrase, { words });
    if (!verdict.ok) throw new PassphrasePolicyError(verdict.reasons);
  }

  private async saveKeyring(keyring: Keyring): Promise<void> {
    await this.store.save(keyring);
    this.keyring = keyring;
  }

  private enter(key: DataKey, entry: ProfileEntry, method: UnlockMethod): void {
    this.key = key;
    this.profileId = entry.id;
    this.state$.next({ status: 'unlocked', practiceName: this.requireKeyring().practice.name, profile: summary(entry) });
    this.emitAccess({ kind: 'unlock', profileId: entry.id, method });
  }

  private emitAccess(event: AccessEvent): void {
    for (const listener of this.accessListeners) listener(event);
  }

  /** A fresh recovery code for the set-up screen; nothing is stored until the practice is created. */
  newRecoveryCode(): string {
    return generateRecoveryCode();
  }

  /**
   * Creates the practice on this device: a new practice key, wrapped for the first administrator
   * and for the recovery code the user has confirmed. Leaves the vault unlocked as that administrator.
   */
  async createPractice(input: { practiceName: string; adminName: string; passphrase: string; recoveryCode: string }): Promise<ProfileSummary> {
    if (this.keyring !== null) throw new Error('A practice is already set up on this device');
    this.assertPassphrase(input.passphrase, [input.practiceName, input.adminName]);
    const code = normaliseRecoveryCode(input.recoveryCode);
    if (code === null) throw new Error('The recovery code is not in the expected format');
    const { params } = await (this.options.calibrate ?? calibrateArgon2)();
    const { dataKey, raw } = await createPracticeKey();
    try {
      const admin: ProfileEntry = {
        id: randomId('staff'),
        displayName: input.adminName.trim(),
        role: 'administrator',
        wrap: await wrapWithPassphrase(raw, dataKey.id, input.passphrase, params),
        failedAttempts: 0,
        retryAt: 0,
      };
      await this.saveKeyring({
        v: 1,
        practice: { id: randomId('practice'), name: input.practiceName.trim(), keyId: dataKey.id, createdAt: this.now() },
        argon2: params,
        profiles: [admin],
        recovery: await wrapWithRecoveryCode(raw, dataKey.id, code),
      });
      this.enter(dataKey, admin, 'practice-created');
      return summary(admin);
    } finally {
      raw.fill(0);
    }
  }

  /**
   * Sets up this device as a new device of an existing practice, from an opened enrolment (the
   * practice key and the invitation for one staff member): their passphrase wraps the key here.
   * Leaves the vault unlocked as that staff member; their records arrive by sync.
   */
  async joinPractice(input: { dataKey: DataKey; raw: Uint8Array; invitation: Invitation; passphrase: string }): Promise<ProfileSummary> {
    if (this.keyring !== null) throw new Error('A practice is already set up on this device');
    const { invitation } = input;
    this.assertPassphrase(input.passphrase, [invitation.practiceName, invitation.displayName]);
    const { params } = await (this.options.calibrate ?? calibrateArgon2)();
    const entry: ProfileEntry = {
      id: invitation.staffId,
      displayName: invitation.displayName,
      role: invitation.role,
      wrap: await wrapWithPassphrase(input.raw, input.dataKey.id, input.passphrase, params),
      failedAttempts: 0,
      retryAt: 0,
    };
    await this.saveKeyring({
      v: 1,
      practice: { id: invitation.practiceId, name: invitation.practiceName, keyId: input.dataKey.id, createdAt: this.now() },
      argon2: params,
      profiles: [entry],
      recovery: invitation.recovery,
    });
    this.enter(input.dataKey, entry, 'device-joined');
    return summary(entry);
  }

  /**
   * Sets up this device from a restored backup's keyring (its wraps as backed up, attempt counters
   * reset), then opens it with the secret that already opened the backup: a staff passphrase, or the
   * recovery code and a new passphrase for the chosen profile. The caller verified the backup and
   * wrote its records first, so a failed restore never leaves a keyring without them.
   */
  async adoptRestoredKeyring(keyring: BackupKeyring, secret: RestoreSecret): Promise<void> {
    if (this.keyring !== null) throw new Error('A practice is already set up on this device');
    await this.saveKeyring({ ...keyring, v: 1, profiles: keyring.profiles.map((p) => ({ ...p, failedAttempts: 0, retryAt: 0 })) });
    try {
      if (secret.kind === 'passphrase') await this.unlock(secret.profileId, secret.passphrase);
      else await this.recover(secret.profileId, secret.recoveryCode, secret.newPassphrase);
    } finally {
      if (this.key === null) this.publishLocked('startup');
    }
  }

  /**
   * An enrolment for another device, made by an administrator who confirms with their passphrase
   * (the key in memory cannot be exported). Returns what the server stores; the code is shown once.
   */
  async sealEnrolment(input: { adminPassphrase: string; code: string; staff: { id: string; displayName: string; role: Role } }): Promise<{ lookupId: string; verifier: string; wrappedKey: string }> {
    const admin = this.requireAdministrator();
    const keyring = this.requireKeyring();
    const { dataKey, raw } = await unwrapPracticeKey(admin.wrap, input.adminPassphrase, { extractable: true });
    try {
      return await sealEnrolmentPackage(input.code, raw!, dataKey, {
        practiceId: keyring.practice.id,
        practiceName: keyring.practice.name,
        staffId: input.staff.id,
        displayName: input.staff.displayName,
        role: input.staff.role,
        recovery: keyring.recovery,
      });
    } finally {
      raw?.fill(0);
    }
  }

  async unlock(profileId: string, passphrase: string): Promise<void> {
    const entry = this.profile(profileId);
    const now = this.now();
    if (entry.retryAt > now) {
      this.emitAccess({ kind: 'unlock-failed', profileId, method: 'passphrase', throttled: true });
      throw new UnlockThrottledError(entry.retryAt, now);
    }
    try {
      const { dataKey } = await unwrapPracticeKey(entry.wrap, passphrase);
      await this.recordAttempt(profileId, true);
      this.enter(dataKey, this.profile(profileId), 'passphrase');
    } catch (error) {
      if (error instanceof WrongPassphraseError) {
        await this.recordAttempt(profileId, false);
        this.emitAccess({ kind: 'unlock-failed', profileId, method: 'passphrase', throttled: false });
      }
      throw error;
    }
  }

  private async recordAttempt(profileId: string, success: boolean): Promise<void> {
    const keyring = this.requireKeyring();
    const profiles = keyring.profiles.map((p) => {
      if (p.id !== profileId) return p;
      if (success) return { ...p, failedAttempts: 0, retryAt: 0 };
      const failedAttempts = p.failedAttempts + 1;
      return { ...p, failedAttempts, retryAt: this.now() + unlockDelayMs(failedAttempts) };
    });
    if (success && profiles.every((p, i) => p === keyring.profiles[i])) return;
    await this.saveKeyring({ ...keyring, profiles });
  }

  /** Emergency access: the recovery code opens the practice key and sets a new passphrase for a profile. */
  async recover(profileId: string, recoveryCode: string, newPassphrase: string): Promise<void> {
    const keyring = this.requireKeyring();
    const entry = this.profile(profileId);
    this.assertPassphrase(newPassphrase, [keyring.practice.name, entry.displayName]);
    const code = normaliseRecoveryCode(recoveryCode);
    let opened;
    try {
      if (code === null) throw new WrongPassphraseError('The recovery code is not correct');
      opened = await unwrapPracticeKey(keyring.recovery, code, { extractable: true });
    } catch (error) {
      if (!(error instanceof WrongPassphraseError)) throw error;
      this.emitAccess({ kind: 'unlock-failed', profileId, method: 'recovery-code', throttled: false });
      throw new WrongPassphraseError('The recovery code is not correct');
    }
    const raw = opened.raw!;
    try {
      const wrap = await wrapWithPassphrase(raw, keyring.practice.keyId, newPassphrase, keyring.argon2);
      const updated = { ...entry, wrap, failedAttempts: 0, retryAt: 0 };
      await this.saveKeyring({ ...keyring, profiles: keyring.profiles.map((p) => (p.id === profileId ? updated : p)) });
      this.enter(opened.dataKey, updated, 'recovery-code');
    } finally {
      raw.fill(0);
    }
  }

  /** Flushes drafts, then forgets the key and every decrypted cache. */
  async lock(reason: LockReason): Promise<void> {
    if (this.key === null) return;
    await Promise.allSettled(
      [...this.beforeLockHooks].map((hook) => Promise.race([hook(), new Promise<void>((resolve) => setTimeout(resolve, BEFORE_LOCK_TIMEOUT_MS))])),
    );
    const profileId = this.profileId!;
    this.key = null;
    this.profileId = null;
    for (const listener of this.lockListeners) listener();
    this.publishLocked(reason);
    this.emitAccess({ kind: 'lock', profileId, reason });
  }

  isUnlocked(): boolean {
    return this.key !== null;
  }

  requireKey(): DataKey {
    if (this.key === null) throw new VaultLockedError();
    return this.key;
  }

  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Hears every unlock, failed unlock and lock (the audit trail). Returns the unsubscribe function. */
  onAccess(listener: (event: AccessEvent) => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  /** Registers work that must finish while the key is still here (saving a draft). */
  onBeforeLock(hook: () => Promise<void>): () => void {
    this.beforeLockHooks.add(hook);
    return () => this.beforeLockHooks.delete(hook);
  }

  currentProfile(): ProfileSummary {
    if (this.profileId === null) throw new VaultLockedError();
    return summary(this.profile(this.profileId));
  }

  private requireAdministrator(): ProfileEntry {
    const current = this.profile(this.currentProfile().id);
    if (current.role !== 'administrator') throw new VaultPermissionError('Only an administrator can manage staff profiles');
    return current;
  }

  /**
   * Adds a staff profile that can unlock on this device. The administrator confirms with their own
   * passphrase: the practice key in memory cannot be exported, so it is opened again to wrap it.
   */
  async addProfile(input: { adminPassphrase: string; displayName: string; role: Role; passphrase: string }): Promise<ProfileSummary> {
    const admin = this.requireAdministrator();
    const keyring = this.requireKeyring();
    this.assertPassphrase(input.passphrase, [keyring.practice.name, input.displayName]);
    const { raw } = await unwrapPracticeKey(admin.wrap, input.adminPassphrase, { extractable: true });
    try {
      const entry: ProfileEntry = {
        id: randomId('staff'),
        displayName: input.displayName.trim(),
        role: input.role,
        wrap: await wrapWithPassphrase(raw!, keyring.practice.keyId, input.passphrase, keyring.argon2),
        failedAttempts: 0,
        retryAt: 0,
      };
      await this.saveKeyring({ ...keyring, profiles: [...keyring.profiles, entry] });
      return summary(entry);
    } finally {
      raw?.fill(0);
    }
  }

  async removeProfile(profileId: string): Promise<void> {
    const admin = this.requireAdministrator();
    const keyring = this.requireKeyring();
    if (profileId === admin.id) throw new VaultPermissionError('You cannot remove your own profile');
    this.profile(profileId);
    await this.saveKeyring({ ...keyring, profiles: keyring.profiles.filter((p) => p.id !== profileId) });
  }

  /** Re-wraps the practice key under a new passphrase; no record is touched. */
  async changePassphrase(currentPassphrase: string, newPassphrase: string): Promise<void> {
    const keyring = this.requireKeyring();
    const entry = this.profile(this.currentProfile().id);
    this.assertPassphrase(newPassphrase, [keyring.practice.name, entry.displayName]);
    const { raw } = await unwrapPracticeKey(entry.wrap, currentPassphrase, { extractable: true });
    try {
      const wrap = await wrapWithPassphrase(raw!, keyring.practice.keyId, newPassphrase, keyring.argon2);
      await this.saveKeyring({ ...keyring, profiles: keyring.profiles.map((p) => (p.id === entry.id ? { ...p, wrap } : p)) });
    } finally {
      raw?.fill(0);
    }
  }
}
