import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeKeyId, MIN_ARGON2, unwrapPracticeKey, wrapWithPassphrase, WrongKeyError, WrongPassphraseError } from '../../src/shared/crypto';
import { restoreRecord } from '../../src/shared/records';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { EpochUnreachableError, openKeyring, zero } from '../../src/renderer/src/vault/keyring-epochs';
import { PASSPHRASE_POLICY_VERSION } from '../../src/shared/vault-policy';
import { addStaffWithPassphrase } from './support/staff';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { VaultLockedError } from '../../src/renderer/src/db/sealed-store';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { DraftStore } from '../../src/renderer/src/repositories/drafts';
import { SettingsRepository } from '../../src/renderer/src/repositories/settings';
import { KeyringStore } from '../../src/renderer/src/vault/keyring';
import { generateEnrolmentCode, openEnrolmentPackage } from '../../src/shared/sync/enrolment';
import { PassphraseChangeRequiredError, PassphrasePolicyError, UnlockThrottledError, VaultPermissionError } from '../../src/renderer/src/vault/errors';
import type { Vault } from '../../src/renderer/src/vault/vault';
import { createVault, type VaultParts } from '../../src/renderer/src/vault';

const ADMIN_PASS = 'violet tractor umbrella sonnet';
const SYNTHETIC = { firstName: 'Zyxwvut', lastName: 'Quibbleworth', preferredName: 'Zee', dateOfBirth: '1984-02-29' };

let counter = 0;

describe('vault with sealed repositories (fake-indexeddb, real WebCrypto and Argon2id)', { timeout: 60_000 }, () => {
  let db: WaypointDatabase;
  let name: string;
  let clock: number;
  let vault: Vault;
  let parts: VaultParts;
  let code: string;

  const makeVault = (database: WaypointDatabase) =>
    createVault(database, { now: () => clock, calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) });

  beforeEach(async () => {
    clock = 1_800_000_000_000;
    name = `vault-test-${++counter}-${Date.now()}`;
    db = await openDatabase({ name, validate: true });
    parts = makeVault(db);
    vault = parts.vault;
    await vault.init();
    code = parts.enrolment.newRecoveryCode();
    await parts.enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: 'Admin Synthetic', passphrase: ADMIN_PASS, recoveryCode: code });
  });
  afterEach(async () => {
    await db.remove();
  });

  it('starts in set-up on a new device and is unlocked as the administrator after set-up', async () => {
    const fresh = await openDatabase({ name: `${name}-fresh`, validate: true, only: [] });
    const { vault: other } = makeVault(fresh);
    await other.init();
    expect(other.state$.value.status).toBe('setup');
    await fresh.remove();
    expect(vault.state$.value).toMatchObject({ status: 'unlocked', practiceName: 'Synthetic Test Practice', profile: { role: 'administrator' } });
  });

  it('stores records sealed: no name, date of birth or setting value in any stored field', async () => {
    const clients = new ClientsRepository(db.clients, vault, () => clock);
    const created = await clients.create(SYNTHETIC);
    await new SettingsRepository(db.settings, vault).save({ autoLockMinutes: 37 });
    const raw = JSON.stringify((await db.clients.find().exec()).map((d) => d.toJSON()));
    for (const secret of ['Zyxwvut', 'Quibbleworth', '1984-02-29']) expect(raw).not.toContain(secret);
    expect(raw).toContain(created.id);
    // A number as short as 37 can occur by chance inside ciphertext: check the setting's shape instead.
    const setting = (await db.settings.findOne('autoLockMinutes').exec())!.toJSON();
    expect(Object.keys(setting).sort()).toEqual(['id', 'rev', 'sealed', 'updatedAt']);
    expect(setting.sealed).toMatch(/^w3\.A256GCM\.[A-Za-z0-9_-]+\.1\./);
    expect(await new SettingsRepository(db.settings, vault).get()).toMatchObject({ autoLockMinutes: 37 });
    expect((await clients.get(created.id))?.data).toMatchObject(SYNTHETIC);
  });

  it('locking drops the key: repositories refuse to read, and what waits for the key waits, until unlocked again', async () => {
    const clients = new ClientsRepository(db.clients, vault);
    const created = await clients.create(SYNTHETIC);
    await vault.lock('manual');
    expect(vault.state$.value).toMatchObject({ status: 'locked', reason: 'manual' });
    expect(() => vault.requireKey()).toThrow(VaultLockedError);
    await expect(clients.get(created.id)).rejects.toThrow(VaultLockedError);
    // What retries after a lock (sync's conflict handler) waits for the next unlock, not a turn of the microtask queue.
    let resumed = false;
    const waiting = vault.whenUnlocked().then(() => (resumed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resumed).toBe(false);
    const admin = vault.state$.value.status === 'locked' ? vault.state$.value.profiles[0]! : null;
    await vault.unlock(admin!.id, ADMIN_PASS);
    await waiting;
    expect(resumed).toBe(true);
    expect((await clients.get(created.id))?.data.lastName).toBe('Quibbleworth');
  });

  it('flushes before-lock work while the key is still there (drafts survive a lock)', async () => {
    const drafts = new DraftStore(db, vault);
    vault.onBeforeLock(() => drafts.save('new-client', { firstName: 'Draftina' }));
    await vault.lock('inactivity');
    const admin = (vault.state$.value as { profiles: { id: string }[] }).profiles[0]!;
    await vault.unlock(admin.id, ADMIN_PASS);
    expect(await drafts.load('new-client')).toEqual({ firstName: 'Draftina' });
  });

  it('a wrong passphrase decrypts nothing, and repeated failures make the next attempt wait', async () => {
    await vault.lock('manual');
    const admin = (vault.state$.value as { profiles: { id: string }[] }).profiles[0]!;
    for (let i = 0; i < 3; i++) await expect(vault.unlock(admin.id, 'not the passphrase at all')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(() => vault.requireKey()).toThrow(VaultLockedError);
    await expect(vault.unlock(admin.id, ADMIN_PASS)).rejects.toBeInstanceOf(UnlockThrottledError);
    clock += 2_001;
    await expect(vault.unlock(admin.id, 'still not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(vault.unlock(admin.id, ADMIN_PASS)).rejects.toThrow(/Try again in 4 seconds/);
    clock += 4_001;
    await vault.unlock(admin.id, ADMIN_PASS);
    expect(vault.state$.value.status).toBe('unlocked');
  });

  it('the throttle survives a restart (it is stored with the keyring)', async () => {
    await vault.lock('manual');
    const admin = (vault.state$.value as { profiles: { id: string }[] }).profiles[0]!;
    for (let i = 0; i < 4; i++) await vault.unlock(admin.id, 'wrong passphrase here').catch(() => undefined);
    const { vault: again } = makeVault(db);
    await again.init();
    await expect(again.unlock(admin.id, ADMIN_PASS)).rejects.toBeInstanceOf(UnlockThrottledError);
  });

  it('the recovery code opens the practice and sets a new passphrase; the old one stops working', async () => {
    const clients = new ClientsRepository(db.clients, vault);
    const created = await clients.create(SYNTHETIC);
    await vault.lock('manual');
    const admin = (vault.state$.value as { profiles: { id: string }[] }).profiles[0]!;
    await expect(vault.recover(admin.id, 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA', 'a brand new passphrase')).rejects.toThrow(/recovery code is not correct/);
    await vault.recover(admin.id, code.toLowerCase().replaceAll('-', ' '), 'a brand new passphrase');
    expect((await clients.get(created.id))?.data.firstName).toBe('Zyxwvut');
    await vault.lock('manual');
    await expect(vault.unlock(admin.id, ADMIN_PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(admin.id, 'a brand new passphrase');
  });

  it('a passphrase change re-wraps only: every record stays readable', async () => {
    const clients = new ClientsRepository(db.clients, vault);
    const created = await clients.create(SYNTHETIC);
    const sealedBefore = (await db.clients.findOne(created.id).exec())!.sealed;
    await parts.profiles.changePassphrase(ADMIN_PASS, 'another perfectly fine phrase');
    await vault.lock('manual');
    const admin = (vault.state$.value as { profiles: { id: string }[] }).profiles[0]!;
    await vault.unlock(admin.id, 'another perfectly fine phrase');
    expect((await db.clients.findOne(created.id).exec())!.sealed).toBe(sealedBefore);
    expect((await clients.get(created.id))?.data).toMatchObject(SYNTHETIC);
  });

  it('refuses weak passphrases with zxcvbn’s reasons', async () => {
    await expect(parts.profiles.changePassphrase(ADMIN_PASS, 'short')).rejects.toBeInstanceOf(PassphrasePolicyError);
    await expect(parts.profiles.changePassphrase(ADMIN_PASS, 'short')).rejects.toThrow(/15 characters/);
    await expect(parts.profiles.changePassphrase(ADMIN_PASS, 'DallasCowboys1')).rejects.toThrow(/similar to a commonly used password/);
  });

  it('only an administrator adds or removes staff profiles, confirming with their own passphrase; the colleague chooses theirs with a one-time setup code', async () => {
    await expect(parts.profiles.addProfile({ adminPassphrase: 'wrong admin passphrase', displayName: 'Clin Synthetic', role: 'clinician' })).rejects.toBeInstanceOf(WrongPassphraseError);
    const setup = await parts.profiles.addProfile({ adminPassphrase: ADMIN_PASS, displayName: 'Clin Synthetic', role: 'clinician' });
    expect(setup.code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(setup.expiresAt).toBe(clock + 72 * 3_600_000);
    // The keyring holds no passphrase for them, only the wrap under the code.
    const stored = (await new KeyringStore(db).load())!.profiles.find((p) => p.id === setup.profile.id)!;
    expect(stored.wrap.method).toMatchObject({ type: 'setup-code', kdf: { algorithm: 'hkdf-sha256', expiresAt: setup.expiresAt } });
    await vault.lock('manual');
    expect((vault.state$.value as { profiles: unknown[] }).profiles).toContainEqual({ id: setup.profile.id, displayName: 'Clin Synthetic', role: 'clinician', awaitingSetup: true });
    await expect(vault.unlock(setup.profile.id, 'clinician passphrase one')).rejects.toThrow(/has not chosen a passphrase yet/);
    await expect(vault.completeSetup(setup.profile.id, 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA', 'clinician passphrase one')).rejects.toThrow('The setup code is not correct');
    await expect(vault.completeSetup(setup.profile.id, setup.code, 'Welcome2Clinic!')).rejects.toBeInstanceOf(PassphrasePolicyError);
    await vault.completeSetup(setup.profile.id, setup.code.toLowerCase(), 'clinician passphrase one');
    expect(vault.currentProfile()).toEqual({ id: setup.profile.id, displayName: 'Clin Synthetic', role: 'clinician' });
    await vault.lock('manual');
    // One time only: the code's wrap was replaced by the passphrase's.
    await expect(vault.completeSetup(setup.profile.id, setup.code, 'another clinician phrase')).rejects.toThrow(/already has a passphrase/);
    await vault.unlock(setup.profile.id, 'clinician passphrase one');
    await expect(parts.profiles.addProfile({ adminPassphrase: 'clinician passphrase one', displayName: 'Other', role: 'administrator' })).rejects.toBeInstanceOf(VaultPermissionError);
    await expect(parts.profiles.removeProfile({ adminPassphrase: 'clinician passphrase one', profileId: setup.profile.id })).rejects.toBeInstanceOf(VaultPermissionError);
    await expect(parts.profiles.reissueRecoveryCode({ adminPassphrase: 'clinician passphrase one', recoveryCode: parts.profiles.newRecoveryCode() })).rejects.toBeInstanceOf(VaultPermissionError);
  });

  it('a setup code expires, and its expiry cannot be edited in the stored keyring', async () => {
    const setup = await parts.profiles.addProfile({ adminPassphrase: ADMIN_PASS, displayName: 'Late Synthetic', role: 'clinician' });
    await vault.lock('manual');
    const keyring = (await new KeyringStore(db).load())!;
    const entry = keyring.profiles.find((p) => p.id === setup.profile.id)!;
    const stretched = { ...entry, wrap: { ...entry.wrap, method: { ...entry.wrap.method, kdf: { ...entry.wrap.method.kdf, expiresAt: setup.expiresAt + 1e9 } } } } as typeof entry;
    clock = setup.expiresAt;
    await expect(vault.completeSetup(setup.profile.id, setup.code, 'clinician passphrase one')).rejects.toThrow(/expired/);
    await new KeyringStore(db).save({ ...keyring, profiles: keyring.profiles.map((p) => (p.id === entry.id ? stretched : p)) });
    const { vault: reopened } = makeVault(db);
    await reopened.init();
    await expect(reopened.completeSetup(setup.profile.id, setup.code, 'clinician passphrase one')).rejects.toThrow('The setup code is not correct');
  });

  it('a new setup code for a colleague who forgot their passphrase: the old passphrase stops working', async () => {
    const clinician = await addStaffWithPassphrase(parts, { adminPassphrase: ADMIN_PASS, displayName: 'Forgetful Synthetic', role: 'clinician', passphrase: 'clinician passphrase one' });
    await expect(parts.profiles.issueSetupCode({ adminPassphrase: ADMIN_PASS, profileId: vault.currentProfile().id })).rejects.toBeInstanceOf(VaultPermissionError);
    const setup = await parts.profiles.issueSetupCode({ adminPassphrase: ADMIN_PASS, profileId: clinician.id });
    await vault.lock('manual');
    await expect(vault.unlock(clinician.id, 'clinician passphrase one')).rejects.toThrow(/has not chosen a passphrase yet/);
    await vault.completeSetup(clinician.id, setup.code, 'a fresh clinician phrase');
    expect(vault.currentProfile().id).toBe(clinician.id);
  });

  it('an existing passphrase that fails the current rules must be changed at the next unlock; a strong one is only checked once', async () => {
    // As a 0.1.0 keyring holds them: wraps under passphrases never checked against these rules.
    const keyring = (await new KeyringStore(db).load())!;
    const admin = keyring.profiles[0]!;
    const { raw } = await unwrapPracticeKey(admin.wrap, ADMIN_PASS, { extractable: true });
    const weakWrap = await wrapWithPassphrase(raw!, keyring.practice.keyId, 'Summer2024Summer', keyring.argon2);
    await vault.lock('manual');
    const { policy: _policy, ...unchecked } = admin;
    void _policy;
    await new KeyringStore(db).save({ ...keyring, profiles: [{ ...unchecked, wrap: weakWrap }] });
    const { vault: upgraded } = makeVault(db);
    await upgraded.init();
    const refusal = await upgraded.unlock(admin.id, 'Summer2024Summer').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PassphraseChangeRequiredError);
    expect((refusal as PassphraseChangeRequiredError).reasons.length).toBeGreaterThan(0);
    expect(upgraded.isUnlocked()).toBe(false);
    await expect(upgraded.unlock(admin.id, 'Summer2024Summer', 'Jesus12345678')).rejects.toBeInstanceOf(PassphrasePolicyError);
    await expect(upgraded.unlock(admin.id, 'wrong old passphrase', 'harbor cobalt thistle maple')).rejects.toBeInstanceOf(WrongPassphraseError);
    await upgraded.unlock(admin.id, 'Summer2024Summer', 'harbor cobalt thistle maple');
    expect(upgraded.currentProfile().id).toBe(admin.id);
    await upgraded.lock('manual');
    await expect(upgraded.unlock(admin.id, 'Summer2024Summer')).rejects.toBeInstanceOf(WrongPassphraseError);
    await upgraded.unlock(admin.id, 'harbor cobalt thistle maple');
    expect((await new KeyringStore(db).load())!.profiles[0]!.policy).toBe(PASSPHRASE_POLICY_VERSION);

    // A strong passphrase from before the rules: checked at its next unlock, marked, not changed.
    const strongWrap = await wrapWithPassphrase(raw!, keyring.practice.keyId, ADMIN_PASS, keyring.argon2);
    raw!.fill(0);
    await upgraded.lock('manual');
    await new KeyringStore(db).save({ ...keyring, profiles: [{ ...unchecked, wrap: strongWrap }] });
    const { vault: again } = makeVault(db);
    await again.init();
    await again.unlock(admin.id, ADMIN_PASS);
    const marked = (await new KeyringStore(db).load())!.profiles[0]!;
    expect(marked).toMatchObject({ policy: PASSPHRASE_POLICY_VERSION, wrap: strongWrap });
  });

  it('an administrator reissues the recovery code after re-entering their passphrase: the old code no longer unlocks', async () => {
    const fresh = parts.profiles.newRecoveryCode();
    await expect(parts.profiles.reissueRecoveryCode({ adminPassphrase: 'not my passphrase at all', recoveryCode: fresh })).rejects.toBeInstanceOf(WrongPassphraseError);
    await parts.profiles.reissueRecoveryCode({ adminPassphrase: ADMIN_PASS, recoveryCode: fresh });
    await vault.lock('manual');
    const admin = (vault.state$.value as { profiles: { id: string }[] }).profiles[0]!;
    await expect(vault.recover(admin.id, code, 'a brand new passphrase')).rejects.toThrow(/recovery code is not correct/);
    await vault.recover(admin.id, fresh, 'a brand new passphrase');
    expect(vault.isUnlocked()).toBe(true);
  });

  it('keeps the Argon2id parameters it calibrated and reuses them for every wrap', async () => {
    const keyring = (await new KeyringStore(db).load())!;
    expect(keyring.argon2).toMatchObject({ memoryKiB: MIN_ARGON2.memoryKiB, iterations: MIN_ARGON2.iterations });
    for (const wrap of [keyring.profiles[0]!.wrap]) expect(wrap.method.kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: MIN_ARGON2.memoryKiB, iterations: MIN_ARGON2.iterations });
  });
  it('reissuing the recovery code makes a new key epoch the old code cannot open; a colleague on this device receives it without their passphrase', async () => {
    const colleague = await addStaffWithPassphrase(parts, { adminPassphrase: ADMIN_PASS, displayName: 'Colleague Synthetic', role: 'clinician', passphrase: 'amber quarry listening patiently' });
    const clients = new ClientsRepository(db.clients, vault, () => clock);
    const before = await clients.create(SYNTHETIC);
    const oldKeyring = parts.keyring.require();
    const newCode = parts.profiles.newRecoveryCode();
    const result = await parts.profiles.reissueRecoveryCode({ adminPassphrase: ADMIN_PASS, recoveryCode: newCode });
    expect(result.keyId).not.toBe(oldKeyring.practice.keyId);
    expect(result.unreachable).toEqual([]);
    const after = await clients.create({ ...SYNTHETIC, firstName: 'Afterward' });
    const afterDoc = (await db.clients.findOne(after.id).exec())!.toJSON() as unknown as SyncDocument;
    expect(envelopeKeyId(afterDoc.sealed)).toBe(result.keyId);
    const keyring = parts.keyring.require();
    // The old code, with the keyring as it was or as it is now (its old wrap put back), reaches only the old epoch.
    await expect(openKeyring({ ...keyring, recovery: oldKeyring.recovery }, oldKeyring.recovery, code, 'recovery')).rejects.toBeInstanceOf(EpochUnreachableError);
    const old = await openKeyring(oldKeyring, oldKeyring.recovery, code, 'recovery');
    zero(old.raws);
    await expect(restoreRecord(old.dataKey, 'clients', afterDoc)).rejects.toBeInstanceOf(WrongKeyError);
    // The new code opens the new epoch, and the earlier one through it.
    const fresh = await openKeyring(keyring, keyring.recovery, newCode, 'recovery');
    zero(fresh.raws);
    expect(fresh.dataKey.id).toBe(result.keyId);
    expect(await restoreRecord(fresh.dataKey, 'clients', (await db.clients.findOne(before.id).exec())!.toJSON() as unknown as SyncDocument)).toBeTruthy();
    // The colleague's wrap is of the old epoch: the box to their holder key brings the new one; their wrap is made again at it.
    await vault.lock('manual');
    await vault.unlock(colleague.id, 'amber quarry listening patiently');
    expect((await clients.get(before.id))?.data.firstName).toBe('Zyxwvut');
    expect((await clients.get(after.id))?.data.firstName).toBe('Afterward');
    expect(parts.keyring.profile(colleague.id).wrap.keyId).toBe(result.keyId);
    expect((parts.keyring.require().inbox ?? []).map((e) => e.to)).not.toContain(colleague.id);
    await vault.lock('manual');
    await expect(vault.recover(colleague.id, code, 'marigold tundra escalator whispering')).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.recover(colleague.id, newCode, 'marigold tundra escalator whispering');
    expect((await clients.get(after.id))?.data.firstName).toBe('Afterward');
  });

  it('enrols a second device: the code opens the practice key there for the invited staff member, and a record sealed on one opens on the other', async () => {
    const enrolmentCode = generateEnrolmentCode();
    await expect(parts.enrolment.sealEnrolment({ adminPassphrase: 'wrong words entirely here', code: enrolmentCode, staff: { id: 'staff-invited', displayName: 'Invited Synthetic', role: 'clinician' } })).rejects.toThrow(WrongPassphraseError);
    const published = await parts.enrolment.sealEnrolment({ adminPassphrase: ADMIN_PASS, code: enrolmentCode, staff: { id: 'staff-invited', displayName: 'Invited Synthetic', role: 'clinician' } });
    const clients = new ClientsRepository(db.clients, vault, () => clock);
    const created = await clients.create(SYNTHETIC);
    const sealedDoc = (await db.clients.findOne(created.id).exec())!.toJSON();

    const second = await openDatabase({ name: `${name}-second`, validate: true, only: ['clients'] });
    try {
      const { vault: other, enrolment: otherEnrolment } = makeVault(second);
      await other.init();
      const opened = await openEnrolmentPackage(enrolmentCode, published.wrappedKey);
      await expect(otherEnrolment.joinPractice({ ...opened, passphrase: 'short' })).rejects.toThrow(PassphrasePolicyError);
      const profile = await otherEnrolment.joinPractice({ ...opened, passphrase: 'quartz meadow lantern violin' });
      expect(profile).toEqual({ id: 'staff-invited', displayName: 'Invited Synthetic', role: 'clinician' });
      expect(other.state$.value).toMatchObject({ status: 'unlocked', practiceName: 'Synthetic Test Practice' });
      // The same record, as sync would bring it, opens with the key the second device now holds.
      const { _meta, _rev, _attachments, ...doc } = sealedDoc as typeof sealedDoc & { _meta: unknown; _rev: unknown; _attachments: unknown };
      void _meta; void _rev; void _attachments;
      await second.clients.insert(doc);
      expect((await new ClientsRepository(second.clients, other).get(created.id))?.data).toMatchObject(SYNTHETIC);
      // Its own passphrase unlocks it after a lock; so does the practice's recovery code.
      await other.lock('manual');
      await other.unlock('staff-invited', 'quartz meadow lantern violin');
      await other.lock('manual');
      await other.recover('staff-invited', code, 'harbor cobalt thistle maple');
      expect(other.isUnlocked()).toBe(true);
    } finally {
      await second.remove();
    }
  });
});
