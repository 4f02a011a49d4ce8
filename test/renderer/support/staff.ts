import type { VaultParts } from '../../../src/renderer/src/vault';
import type { ProfileSummary } from '../../../src/renderer/src/vault/keyring';

/**
 * A colleague with their own passphrase, the way the app makes one: the administrator adds the
 * profile and gets a setup code; the colleague chooses a passphrase with it at their first unlock.
 * Leaves the vault unlocked as the administrator again.
 */
export async function addStaffWithPassphrase(
  parts: Pick<VaultParts, 'vault' | 'profiles'>,
  input: { adminPassphrase: string; displayName: string; role: ProfileSummary['role']; passphrase: string },
): Promise<ProfileSummary> {
  const admin = parts.vault.currentProfile();
  const { profile, code } = await parts.profiles.addProfile({ adminPassphrase: input.adminPassphrase, displayName: input.displayName, role: input.role });
  await parts.vault.lock('manual');
  await parts.vault.completeSetup(profile.id, code, input.passphrase);
  await parts.vault.lock('manual');
  await parts.vault.unlock(admin.id, input.adminPassphrase);
  return { id: profile.id, displayName: profile.displayName, role: profile.role };
}
