/** The vault's four parts over one keyring store: what the app and the tests construct. */
import type { WaypointDatabase } from '../db/database';
import { Enrolment } from './enrolment';
import { KeyringStore } from './keyring';
import { ProfileAdmin } from './profiles';
import { Vault, type VaultOptions } from './vault';

export interface VaultParts {
  keyring: KeyringStore;
  vault: Vault;
  profiles: ProfileAdmin;
  enrolment: Enrolment;
}

export function createVault(db: WaypointDatabase, options: VaultOptions = {}): VaultParts {
  const keyring = new KeyringStore(db);
  const vault = new Vault(keyring, options);
  return { keyring, vault, profiles: new ProfileAdmin(keyring, vault), enrolment: new Enrolment(keyring, vault, options) };
}
