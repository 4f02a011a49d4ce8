/**
 * The unlocked session: holds the practice key in memory while a staff member has unlocked, and
 * nowhere else. Unlocking (passphrase, recovery code), locking, and the hooks that run around
 * them. Set-up and joining are in `enrolment.ts`, staff administration in `profiles.ts`, the
 * stored keyring in `keyring.ts`; `index.ts` puts them together.
 */
import { BehaviorSubject, filter, firstValueFrom } from 'rxjs';
import { normaliseRecoveryCode, wrapWithPassphrase, wrapWithRecoveryCode, WrongPassphraseError, type Argon2Params, type DataKey } from '../../../shared/crypto';
import { PASSPHRASE_POLICY_VERSION, unlockDelayMs } from '../../../shared/vault-policy';
import { VaultLockedError, type KeySource } from '../db/sealed-store';
import { PassphraseChangeRequiredError, PassphrasePolicyError, SetupCodeExpiredError, UnlockThrottledError, VaultPermissionError } from './errors';
import { summary, withPassphraseWrap, type Attempts, type KeyringStore, type ProfileEntry, type ProfileSummary } from './keyring';
import { checkHere, type PassphraseCheck } from './policy';
import type { UnlockSecret } from '../repositories/author-keys';
import { openKeyring, RECOVERY_HOLDER, withoutInbox, zero, type OpenedKeyring } from './keyring-epochs';
import { st } from '../i18n/staff';

export type LockReason = 'startup' | 'manual' | 'inactivity' | 'system';

/** How someone got in: setting up the practice and joining it on a new device also unlock. */
export type UnlockMethod = 'passphrase' | 'recovery-code' | 'setup-code' | 'practice-created' | 'device-joined';

/** What the audit trail hears from the vault: profile ids and reasons, nothing else. */
export type AccessEvent =
  | { kind: 'unlock'; profileId: string; method: UnlockMethod }
  | { kind: 'unlock-failed'; profileId: string; method: 'passphrase' | 'recovery-code' | 'setup-code'; throttled: boolean }
  | { kind: 'lock'; profileId: string; reason: LockReason };

export type VaultState =
  | { status: 'loading' }
  | { status: 'setup' }
  | { status: 'locked'; practiceName: string; profiles: ProfileSummary[]; reason: LockReason }
  | { status: 'unlocked'; practiceName: string; profile: ProfileSummary };

export interface VaultOptions {
  now?: () => number;
  /** Argon2id cost for new wraps; calibrated on this device unless given (tests pass the minimum). */
  calibrate?: () => Promise<{ params: Omit<Argon2Params, 'salt'> }>;
  /** The passphrase rules; in this thread unless given (the app passes its Worker's). */
  checkPassphrase?: PassphraseCheck;
}

/** Before-lock hooks (draft flushes) get this long; a hung hook never keeps the key in memory. */
const BEFORE_LOCK_TIMEOUT_MS = 2000;

export class Vault implements KeySource {
  readonly state$ = new BehaviorSubject<VaultState>({ status: 'loading' });
  private key: DataKey | null = null;
  private profileId: string | null = null;
  private readonly lockListeners = new Set<() => void>();
  private readonly beforeLockHooks = new Set<() => Promise<void>>();
  private readonly accessListeners = new Set<(event: AccessEvent) => void>();
  private secretListener: ((secret: UnlockSecret) => Promise<void>) | null = null;

  constructor(
    private readonly store: KeyringStore,
    private readonly options: VaultOptions = {},
  ) {}

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  async init(): Promise<void> {
    await this.store.load();
    this.showLocked('startup');
  }

  /** Publishes the locked (or, without a keyring, set-up) state with the profiles as stored. */
  showLocked(reason: LockReason): void {
    const keyring = this.store.current;
    this.state$.next(
      keyring === null
        ? { status: 'setup' }
        : { status: 'locked', practiceName: keyring.practice.name, profiles: keyring.profiles.map(summary), reason },
    );
  }

  /** Starts a session with a key that was just opened or created for this profile. */
  enter(key: DataKey, entry: ProfileEntry, method: UnlockMethod): void {
    this.key = key;
    this.profileId = entry.id;
    this.state$.next({ status: 'unlocked', practiceName: this.store.require().practice.name, profile: summary(entry) });
    this.emitAccess({ kind: 'unlock', profileId: entry.id, method });
  }

  /** A new key epoch while unlocked (`keyring-epochs.ts`): it seals from now on; the key it replaces still opens. */
  adoptKey(key: DataKey): void {
    if (this.key !== null) this.key = key;
  }

  /**
   * The one listener that hears the secret someone unlocked with, after the session started: the
   * author keys (`repositories/author-keys.ts`) open the private-note key with it. Nothing else.
   */
  onSecret(listener: (secret: UnlockSecret) => Promise<void>): void {
    this.secretListener = listener;
  }

  tellSecret(secret: UnlockSecret): Promise<void> {
    return this.secretListener?.(secret) ?? Promise.resolve();
  }

  private emitAccess(event: AccessEvent): void {
    for (const listener of this.accessListeners) listener(event);
  }

  /** The passphrase rules' verdict, with the practice's and the person's names as words to avoid. */
  checkPassphrase(passphrase: string, words: string[]) {
    return (this.options.checkPassphrase ?? checkHere)(passphrase, words);
  }

  /** Refuses a new passphrase that breaks the rules, with the reasons. */
  async assertNewPassphrase(passphrase: string, words: string[]): Promise<void> {
    const verdict = await this.checkPassphrase(passphrase, words);
    if (!verdict.ok) throw new PassphrasePolicyError(verdict.reasons);
  }

  private words(entry: ProfileEntry): string[] {
    return [this.store.require().practice.name, entry.displayName];
  }

  /**
   * Unlocks with a passphrase. A passphrase not yet checked against the current rules is checked
   * now (once); if it fails, this throws PassphraseChangeRequiredError with the reasons, and the
   * same call with `newPassphrase` completes the unlock after re-wrapping under the new one.
   */
  async unlock(profileId: string, passphrase: string, newPassphrase?: string): Promise<void> {
    const entry = this.store.profile(profileId);
    if (entry.wrap.method.type === 'setup-code') throw new Error(st('services.vault.useSetupCode', { name: entry.displayName }));
    const now = this.now();
    if (entry.retryAt > now) {
      this.emitAccess({ kind: 'unlock-failed', profileId, method: 'passphrase', throttled: true });
      throw new UnlockThrottledError(entry.retryAt, now);
    }
    if (newPassphrase !== undefined) await this.assertNewPassphrase(newPassphrase, this.words(entry));
    let opened: OpenedKeyring;
    try {
      opened = await openKeyring(this.store.require(), entry.wrap, passphrase, profileId);
    } catch (error) {
      if (error instanceof WrongPassphraseError) {
        await this.recordAttempt(profileId, false);
        this.emitAccess({ kind: 'unlock-failed', profileId, method: 'passphrase', throttled: false });
      }
      throw error;
    }
    try {
      await this.recordAttempt(profileId, true);
      if (newPassphrase !== undefined) {
        await this.rewrap(opened.current, this.store.profile(profileId), newPassphrase, true);
      } else {
        if (entry.policy !== PASSPHRASE_POLICY_VERSION) {
          const verdict = await this.checkPassphrase(passphrase, this.words(entry));
          if (!verdict.ok) throw new PassphraseChangeRequiredError(verdict.reasons);
          await this.store.saveProfile({ ...this.store.profile(profileId), policy: PASSPHRASE_POLICY_VERSION });
        }
        // A wrap of an earlier epoch, or from before key epochs, is made again at the newest (once).
        if (!opened.wrapCurrent) await this.rewrap(opened.current, this.store.profile(profileId), passphrase, false);
      }
    } finally {
      zero(opened.raws);
    }
    this.enter(opened.dataKey, this.store.profile(profileId), 'passphrase');
    void this.tellSecret({ profileId, passphrase: newPassphrase ?? passphrase, ...(newPassphrase === undefined ? {} : { previous: passphrase }) });
  }

  /** Wraps the newest epoch's bytes under a passphrase for this profile (`checked`: just checked against the rules); its inbox entry is no longer needed. */
  private async rewrap(raw: Uint8Array, entry: ProfileEntry, passphrase: string, checked: boolean): Promise<void> {
    const keyring = this.store.require();
    const wrap = await wrapWithPassphrase(raw, keyring.practice.keyId, passphrase, keyring.argon2);
    const next = checked ? withPassphraseWrap(entry, wrap) : { ...entry, wrap };
    await this.store.save(withoutInbox({ ...keyring, profiles: keyring.profiles.map((p) => (p.id === entry.id ? next : p)) }, entry.id));
  }

  /**
   * A new colleague's first unlock on this device: the setup code an administrator gave them opens
   * the key once, and the passphrase they choose here replaces it.
   */
  async completeSetup(profileId: string, setupCode: string, newPassphrase: string): Promise<void> {
    const entry = this.store.profile(profileId);
    const { method } = entry.wrap;
    if (method.type !== 'setup-code') throw new Error(`${entry.displayName} already has a passphrase`);
    const now = this.now();
    if (method.kdf.expiresAt <= now) throw new SetupCodeExpiredError(st('services.vault.setupCodeExpired'));
    if (entry.retryAt > now) throw new UnlockThrottledError(entry.retryAt, now);
    await this.assertNewPassphrase(newPassphrase, this.words(entry));
    let opened: OpenedKeyring;
    try {
      opened = await openKeyring(this.store.require(), entry.wrap, setupCode, profileId);
    } catch (error) {
      if (error instanceof WrongPassphraseError) {
        await this.recordAttempt(profileId, false);
        this.emitAccess({ kind: 'unlock-failed', profileId, method: 'setup-code', throttled: false });
      }
      throw error;
    }
    try {
      await this.rewrap(opened.current, this.store.profile(profileId), newPassphrase, true);
    } finally {
      zero(opened.raws);
    }
    this.enter(opened.dataKey, this.store.profile(profileId), 'setup-code');
    void this.tellSecret({ profileId, passphrase: newPassphrase });
  }

  /** The counter after an attempt, or null when it stays as it is. */
  private afterAttempt(attempts: Attempts, success: boolean): Attempts | null {
    if (success && attempts.failedAttempts === 0 && attempts.retryAt === 0) return null;
    const failedAttempts = success ? 0 : attempts.failedAttempts + 1;
    return { failedAttempts, retryAt: success ? 0 : this.now() + unlockDelayMs(failedAttempts) };
  }

  private async recordAttempt(profileId: string, success: boolean): Promise<void> {
    const entry = this.store.profile(profileId);
    const next = this.afterAttempt(entry, success);
    if (next !== null) await this.store.saveProfile({ ...entry, ...next });
  }

  /**
   * One try of the recovery code (`attempt` throws WrongPassphraseError when it is wrong), under the
   * unlock throttle: the code is one secret for the whole practice, so its wrong tries are counted
   * per device, whoever types them, at recovery and break-glass alike. UnlockThrottledError while
   * the wait runs, without trying.
   */
  async tryRecoveryCode<T>(attempt: () => Promise<T>): Promise<T> {
    const now = this.now();
    const counted = this.store.require().recoveryAttempts ?? { failedAttempts: 0, retryAt: 0 };
    if (counted.retryAt > now) throw new UnlockThrottledError(counted.retryAt, now, 'recovery codes');
    const record = async (success: boolean) => {
      const next = this.afterAttempt(counted, success);
      if (next !== null) await this.store.save({ ...this.store.require(), recoveryAttempts: next });
    };
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      if (error instanceof WrongPassphraseError) await record(false);
      throw error;
    }
    await record(true);
    return result;
  }

  /** Emergency access: the recovery code opens the practice key and sets a new passphrase for a profile. */
  async recover(profileId: string, recoveryCode: string, newPassphrase: string): Promise<void> {
    const keyring = this.store.require();
    const entry = this.store.profile(profileId);
    await this.assertNewPassphrase(newPassphrase, this.words(entry));
    const code = normaliseRecoveryCode(recoveryCode);
    let opened: OpenedKeyring;
    try {
      opened = await this.tryRecoveryCode(async () => {
        if (code === null) throw new WrongPassphraseError(st('services.vault.recoveryCodeWrong'));
        return openKeyring(keyring, keyring.recovery, code, RECOVERY_HOLDER);
      });
    } catch (error) {
      const throttled = error instanceof UnlockThrottledError;
      if (!throttled && !(error instanceof WrongPassphraseError)) throw error;
      this.emitAccess({ kind: 'unlock-failed', profileId, method: 'recovery-code', throttled });
      throw throttled ? error : new WrongPassphraseError(st('services.vault.recoveryCodeWrong'));
    }
    try {
      await this.rewrap(opened.current, entry, newPassphrase, true);
      if (!opened.wrapCurrent) {
        // The code's wrap is made again at the newest epoch (and, from before key epochs, with its holder key).
        const current = this.store.require();
        await this.store.save(withoutInbox({ ...current, recovery: await wrapWithRecoveryCode(opened.current, current.practice.keyId, code!) }, RECOVERY_HOLDER));
      }
    } finally {
      zero(opened.raws);
    }
    this.enter(opened.dataKey, this.store.profile(profileId), 'recovery-code');
    void this.tellSecret({ profileId, passphrase: newPassphrase, recoveryCode: code! });
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
    this.showLocked(reason);
    this.emitAccess({ kind: 'lock', profileId, reason });
  }

  isUnlocked(): boolean {
    return this.key !== null;
  }

  requireKey(): DataKey {
    if (this.key === null) throw new VaultLockedError();
    return this.key;
  }

  /** Resolves once someone has unlocked (at once if unlocked now): what waits for the key after a lock mid-way. */
  whenUnlocked(): Promise<void> {
    return firstValueFrom(this.state$.pipe(filter((state) => state.status === 'unlocked'))).then(() => undefined);
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
    return summary(this.store.profile(this.profileId));
  }

  /** The unlocked person's entry, if they are an administrator; refuses anyone else. */
  requireAdministrator(): ProfileEntry {
    const current = this.store.profile(this.currentProfile().id);
    if (current.role !== 'administrator') throw new VaultPermissionError(st('services.vault.onlyAdministrators'));
    return current;
  }
}
