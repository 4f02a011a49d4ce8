/**
 * Who can unlock on this device: administrators add staff profiles (each with a one-time setup
 * code, so nobody types a colleague's passphrase), give a new setup code, remove profiles and
 * reissue the recovery code; each person changes their own passphrase. New wraps need the practice
 * key's bytes, which the key in memory cannot give (it is non-extractable), so each change opens a
 * wrap again with a passphrase: for an administrator's changes that is also their re-authentication.
 */
import { generateRecoveryCode, wrapWithPassphrase, wrapWithSetupCode } from '../../../shared/crypto';
import { SETUP_CODE_LIFETIME_MS, type Role } from '../../../shared/vault-policy';
import { VaultPermissionError } from './errors';
import { summary, withPassphraseWrap, type KeyringStore, type ProfileEntry, type ProfileSummary } from './keyring';
import type { Vault } from './vault';
import { openKeyring, withoutInbox, zero, type KeyEpochs, type RotationResult } from './keyring-epochs';
import { st } from '../i18n/staff';

/** A setup code as shown once to the administrator, and when it stops working (epoch ms). */
export interface SetupCode {
  profile: ProfileSummary;
  code: string;
  expiresAt: number;
}

export class ProfileAdmin {
  constructor(
    private readonly store: KeyringStore,
    private readonly vault: Vault,
    private readonly epochs: KeyEpochs,
  ) {}

  /** Opens the newest epoch's bytes with the unlocked administrator's own passphrase, for `withKey`, then zeroes them. */
  private async asAdministrator<T>(adminPassphrase: string, withKey: (raw: Uint8Array) => Promise<T>): Promise<T> {
    const admin = this.vault.requireAdministrator();
    const opened = await openKeyring(this.store.require(), admin.wrap, adminPassphrase, admin.id);
    try {
      return await withKey(opened.current);
    } finally {
      zero(opened.raws);
    }
  }

  /** A profile entry whose only wrap is under a new setup code (no passphrase, no failed attempts). */
  private async setupEntry(raw: Uint8Array, profile: ProfileSummary): Promise<SetupCode & { entry: ProfileEntry }> {
    const code = generateRecoveryCode();
    const expiresAt = this.vault.now() + SETUP_CODE_LIFETIME_MS;
    const wrap = await wrapWithSetupCode(raw, this.store.require().practice.keyId, code, expiresAt);
    const entry: ProfileEntry = { id: profile.id, displayName: profile.displayName, role: profile.role, wrap, failedAttempts: 0, retryAt: 0 };
    return { entry, profile: summary(entry), code, expiresAt };
  }

  /**
   * Adds a staff profile that can unlock on this device once its owner has chosen a passphrase
   * with the setup code returned here (shown once; it expires). The administrator confirms with
   * their own passphrase.
   */
  async addProfile(input: { adminPassphrase: string; displayName: string; role: Role }): Promise<SetupCode> {
    const displayName = input.displayName.trim();
    if (displayName === '') throw new Error(st('services.vault.enterTheName'));
    return this.asAdministrator(input.adminPassphrase, async (raw) => {
      const { entry, ...setup } = await this.setupEntry(raw, { id: `staff-${crypto.randomUUID()}`, displayName, role: input.role });
      const keyring = this.store.require();
      await this.store.save({ ...keyring, profiles: [...keyring.profiles, entry] });
      return setup;
    });
  }

  /**
   * A new setup code for another profile: one whose code expired or was lost, or a colleague who
   * forgot their passphrase. Their previous code or passphrase stops working on this device.
   */
  async issueSetupCode(input: { adminPassphrase: string; profileId: string }): Promise<SetupCode> {
    if (input.profileId === this.vault.currentProfile().id) throw new VaultPermissionError(st('services.vault.changeOwnPassphraseElsewhere'));
    return this.asAdministrator(input.adminPassphrase, async (raw) => {
      const { entry, ...setup } = await this.setupEntry(raw, summary(this.store.profile(input.profileId)));
      const keyring = this.store.require();
      await this.store.save(withoutInbox({ ...keyring, profiles: keyring.profiles.map((p) => (p.id === entry.id ? entry : p)) }, entry.id));
      return setup;
    });
  }

  /** Profiles on this device still waiting for their setup code, with when each code expires. */
  awaitingSetup(): Map<string, number> {
    return new Map(this.store.require().profiles.flatMap((p) => (p.wrap.method.type === 'setup-code' ? [[p.id, p.wrap.method.kdf.expiresAt] as const] : [])));
  }

  /**
   * Removes a staff profile and makes a new key epoch without it (the administrator confirms with
   * their passphrase): what is written from now on is sealed under a key their passphrase, with
   * any backup made before, cannot open. Other devices drop the profile when the epoch reaches them.
   */
  async removeProfile(input: { adminPassphrase: string; profileId: string }): Promise<RotationResult> {
    const admin = this.vault.requireAdministrator();
    if (input.profileId === admin.id) throw new VaultPermissionError(st('services.vault.cannotRemoveOwnProfile'));
    // Also when the profile is not on this device: the epoch leaves it out on every device it reaches.
    return this.epochs.rotate({ adminPassphrase: input.adminPassphrase, reason: 'staff-removed', removeProfileId: input.profileId });
  }

  /**
   * Replaces the recovery code with a new one (generated by `newRecoveryCode` and confirmed by the
   * administrator) in a new key epoch: the old code opens nothing sealed from now on, here or on
   * the practice's other devices once the epoch reaches them.
   */
  async reissueRecoveryCode(input: { adminPassphrase: string; recoveryCode: string }): Promise<RotationResult> {
    return this.epochs.rotate({ adminPassphrase: input.adminPassphrase, reason: 'recovery-reissued', recoveryCode: input.recoveryCode });
  }

  /** A fresh recovery code to show and confirm before `reissueRecoveryCode` stores it. */
  newRecoveryCode(): string {
    return generateRecoveryCode();
  }

  /** Re-wraps the practice key under a new passphrase; no record is touched. */
  async changePassphrase(currentPassphrase: string, newPassphrase: string): Promise<void> {
    const keyring = this.store.require();
    const entry = this.store.profile(this.vault.currentProfile().id);
    await this.vault.assertNewPassphrase(newPassphrase, [keyring.practice.name, entry.displayName]);
    const opened = await openKeyring(keyring, entry.wrap, currentPassphrase, entry.id);
    try {
      const next = withPassphraseWrap(entry, await wrapWithPassphrase(opened.current, keyring.practice.keyId, newPassphrase, keyring.argon2));
      const current = this.store.require();
      await this.store.save(withoutInbox({ ...current, profiles: current.profiles.map((p) => (p.id === entry.id ? next : p)) }, entry.id));
    } finally {
      zero(opened.raws);
    }
    // The private-note key follows the passphrase (docs/ARCHITECTURE.md, Private notes per author).
    await this.vault.tellSecret({ profileId: entry.id, passphrase: newPassphrase, previous: currentPassphrase });
  }
}
