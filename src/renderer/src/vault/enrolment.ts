/**
 * How a device comes to hold the practice key: creating the practice, joining it from another
 * device's enrolment, adopting a restored backup's keyring, and sealing an enrolment for the next
 * device. Each leaves the session (`vault.ts`) unlocked, or hands the key on sealed.
 */
import {
  calibrateArgon2,
  createPracticeKey,
  generateRecoveryCode,
  normaliseRecoveryCode,
  wrapWithPassphrase,
  wrapWithRecoveryCode,
  type DataKey,
} from '../../../shared/crypto';
import type { BackupKeyring } from '../../../shared/backup';
import { sealEnrolmentPackage, type Invitation } from '../../../shared/sync/enrolment';
import type { Role } from '../../../shared/vault-policy';
import { summary, withPassphraseWrap, type KeyringStore, type ProfileSummary } from './keyring';
import type { Vault, VaultOptions } from './vault';
import { openKeyring, RECOVERY_HOLDER, sessionFromCurrent, zero } from './keyring-epochs';
import { st } from '../i18n/staff';

/** What opens a practice key: a staff passphrase, or the recovery code (which sets a new passphrase for the profile). */
export type RestoreSecret =
  | { kind: 'passphrase'; profileId: string; passphrase: string }
  | { kind: 'recovery-code'; profileId: string; recoveryCode: string; newPassphrase: string };

export class Enrolment {
  constructor(
    private readonly store: KeyringStore,
    private readonly vault: Vault,
    private readonly options: Pick<VaultOptions, 'calibrate'> = {},
  ) {}

  private assertNoPractice(): void {
    if (this.store.current !== null) throw new Error(st('services.vault.alreadySetUp'));
  }

  private calibrate() {
    return (this.options.calibrate ?? calibrateArgon2)();
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
    this.assertNoPractice();
    await this.vault.assertNewPassphrase(input.passphrase, [input.practiceName, input.adminName]);
    const code = normaliseRecoveryCode(input.recoveryCode);
    if (code === null) throw new Error(st('services.vault.recoveryCodeFormat'));
    const { params } = await this.calibrate();
    const { dataKey, raw } = await createPracticeKey();
    try {
      const admin = withPassphraseWrap(
        { id: `staff-${crypto.randomUUID()}`, displayName: input.adminName.trim(), role: 'administrator' },
        await wrapWithPassphrase(raw, dataKey.id, input.passphrase, params),
      );
      await this.store.save({
        v: 1,
        practice: { id: `practice-${crypto.randomUUID()}`, name: input.practiceName.trim(), keyId: dataKey.id, createdAt: this.vault.now() },
        argon2: params,
        profiles: [admin],
        recovery: await wrapWithRecoveryCode(raw, dataKey.id, code),
      });
      this.vault.enter(dataKey, admin, 'practice-created');
      void this.vault.tellSecret({ profileId: admin.id, passphrase: input.passphrase });
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
    this.assertNoPractice();
    const { invitation } = input;
    await this.vault.assertNewPassphrase(input.passphrase, [invitation.practiceName, invitation.displayName]);
    const { params } = await this.calibrate();
    const entry = withPassphraseWrap(
      { id: invitation.staffId, displayName: invitation.displayName, role: invitation.role },
      await wrapWithPassphrase(input.raw, input.dataKey.id, input.passphrase, params),
    );
    const keyring = {
      v: 1 as const,
      practice: { id: invitation.practiceId, name: invitation.practiceName, keyId: input.dataKey.id, createdAt: this.vault.now() },
      argon2: params,
      profiles: [entry],
      recovery: invitation.recovery,
      ...(invitation.epochs === undefined ? {} : { epochs: invitation.epochs }),
      ...(invitation.recoveryInbox === undefined ? {} : { inbox: [invitation.recoveryInbox] }),
    };
    const session = await sessionFromCurrent(keyring, input.raw);
    await this.store.save(keyring);
    this.vault.enter(session, entry, 'device-joined');
    void this.vault.tellSecret({ profileId: entry.id, passphrase: input.passphrase });
    return summary(entry);
  }

  /**
   * Sets up this device from a restored backup's keyring (its wraps as backed up, attempt counters
   * reset), then opens it with the secret that already opened the backup: a staff passphrase, or the
   * recovery code and a new passphrase for the chosen profile. The caller verified the backup and
   * wrote its records first, so a failed restore never leaves a keyring without them.
   */
  async adoptRestoredKeyring(keyring: BackupKeyring, secret: RestoreSecret): Promise<void> {
    this.assertNoPractice();
    await this.store.save({ ...keyring, v: 1, profiles: keyring.profiles.map((p) => ({ ...p, failedAttempts: 0, retryAt: 0 })) });
    try {
      if (secret.kind === 'passphrase') await this.vault.unlock(secret.profileId, secret.passphrase);
      else await this.vault.recover(secret.profileId, secret.recoveryCode, secret.newPassphrase);
    } finally {
      if (!this.vault.isUnlocked()) this.vault.showLocked('startup');
    }
  }

  /**
   * An enrolment for another device, made by an administrator who confirms with their passphrase
   * (the key in memory cannot be exported). Returns what the server stores; the code is shown once.
   */
  async sealEnrolment(input: { adminPassphrase: string; code: string; staff: { id: string; displayName: string; role: Role } }): Promise<{ lookupId: string; verifier: string; wrappedKey: string }> {
    const admin = this.vault.requireAdministrator();
    const keyring = this.store.require();
    const opened = await openKeyring(keyring, admin.wrap, input.adminPassphrase, admin.id);
    const recoveryInbox = keyring.inbox?.find((e) => e.to === RECOVERY_HOLDER);
    try {
      return await sealEnrolmentPackage(input.code, opened.current, opened.dataKey, {
        practiceId: keyring.practice.id,
        practiceName: keyring.practice.name,
        staffId: input.staff.id,
        displayName: input.staff.displayName,
        role: input.staff.role,
        recovery: keyring.recovery,
        ...(keyring.epochs === undefined ? {} : { epochs: keyring.epochs }),
        ...(recoveryInbox === undefined ? {} : { recoveryInbox: { ...recoveryInbox, to: RECOVERY_HOLDER } }),
      });
    } finally {
      zero(opened.raws);
    }
  }
}
