/** The vault's four parts over one keyring store: what the app and the tests construct. */
import type { WaypointDatabase } from '../db/database';
import { Enrolment } from './enrolment';
import { KeyringStore } from './keyring';
import { KeyEpochs } from './keyring-epochs';
import { ProfileAdmin } from './profiles';
import { Vault, type VaultOptions } from './vault';

export interface VaultParts {
  keyring: KeyringStore;
  vault: Vault;
  profiles: ProfileAdmin;
  enrolment: Enrolment;
  epochs: KeyEpochs;
}

export function createVault(db: WaypointDatabase, options: VaultOptions = {}): VaultParts {
  const keyring = new KeyringStore(db);
  const vault = new Vault(keyring, options);
  const epochs = new KeyEpochs(keyring, vault);
  return { keyring, vault, profiles: new ProfileAdmin(keyring, vault, epochs), enrolment: new Enrolment(keyring, vault, options), epochs };
}
