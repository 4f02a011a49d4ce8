/**
 * Who can unlock on this device: administrators add and remove staff profiles, and each person
 * changes their own passphrase. New wraps need the practice key's bytes, which the key in memory
 * cannot give (it is non-extractable), so each change opens a wrap again with a passphrase.
 */
import { unwrapPracticeKey, wrapWithPassphrase } from '../../../shared/crypto';
import type { Role } from '../../../shared/vault-policy';
import { VaultPermissionError } from './errors';
import { summary, type KeyringStore, type ProfileEntry, type ProfileSummary } from './keyring';
import { assertPassphrase } from './policy';
import type { Vault } from './vault';

export class ProfileAdmin {
  constructor(
    private readonly store: KeyringStore,
    private readonly vault: Vault,
  ) {}

  /**
   * Adds a staff profile that can unlock on this device. The administrator confirms with their own
   * passphrase: the practice key in memory cannot be exported, so it is opened again to wrap it.
   */
  async addProfile(input: { adminPassphrase: string; displayName: string; role: Role; passphrase: string }): Promise<ProfileSummary> {
    const admin = this.vault.requireAdministrator();
    const keyring = this.store.require();
    assertPassphrase(input.passphrase, [keyring.practice.name, input.displayName]);
    const { raw } = await unwrapPracticeKey(admin.wrap, input.adminPassphrase, { extractable: true });
    try {
      const entry: ProfileEntry = {
        id: `staff-${crypto.randomUUID()}`,
        displayName: input.displayName.trim(),
        role: input.role,
        wrap: await wrapWithPassphrase(raw!, keyring.practice.keyId, input.passphrase, keyring.argon2),
        failedAttempts: 0,
        retryAt: 0,
      };
      await this.store.save({ ...keyring, profiles: [...keyring.profiles, entry] });
      return summary(entry);
    } finally {
      raw?.fill(0);
    }
  }

  async removeProfile(profileId: string): Promise<void> {
    const admin = this.vault.requireAdministrator();
    const keyring = this.store.require();
    if (profileId === admin.id) throw new VaultPermissionError('You cannot remove your own profile');
    this.store.profile(profileId);
    await this.store.save({ ...keyring, profiles: keyring.profiles.filter((p) => p.id !== profileId) });
  }

  /** Re-wraps the practice key under a new passphrase; no record is touched. */
  async changePassphrase(currentPassphrase: string, newPassphrase: string): Promise<void> {
    const keyring = this.store.require();
    const entry = this.store.profile(this.vault.currentProfile().id);
    assertPassphrase(newPassphrase, [keyring.practice.name, entry.displayName]);
    const { raw } = await unwrapPracticeKey(entry.wrap, currentPassphrase, { extractable: true });
    try {
      const wrap = await wrapWithPassphrase(raw!, keyring.practice.keyId, newPassphrase, keyring.argon2);
      await this.store.saveProfile({ ...entry, wrap });
    } finally {
      raw?.fill(0);
    }
  }
}
