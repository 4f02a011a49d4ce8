import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPayload } from '../../src/shared/records';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { AuthorKeys, AuthorKeyUnavailableError, authorKeyringOf } from '../../src/renderer/src/repositories/author-keys';
import { MIN_ARGON2, sealRecord, WrongPassphraseError, type DataKey } from '../../src/shared/crypto';
import { AuditLog, type AuditEvent } from '../../src/renderer/src/audit/audit-log';
import { testKeySource } from './support/keys';
import { createVault, type VaultParts } from '../../src/renderer/src/vault';
import { UnlockThrottledError } from '../../src/renderer/src/vault/errors';
import { TEST_AUTHOR_PASSPHRASE, testAuthorKeys } from './support/author-keys';

let counter = 0;
const TARGET = { sessionId: 'session-g-2026-11-20', clientId: 'client-a', date: '2026-11-20', kind: 'psychotherapy' as const };
const SECRET = 'Synthetic process observation Plumbwhistle';
const COLLEAGUE_PASSPHRASE = 'another synthetic passphrase for the colleague';

describe('private notes sealed to their author (RxDB + fake-indexeddb, real WebCrypto and Argon2id)', () => {
  let db: WaypointDatabase;
  let signedIn: string;
  let key: DataKey;
  let authorKeys: AuthorKeys;
  let recoveryCode: string;
  let audited: AuditEvent[];
  let privateNotes: PrivateNotesRepository;

  const unlockAs = async (profileId: string, passphrase = TEST_AUTHOR_PASSPHRASE) => {
    signedIn = profileId;
    await authorKeys.unlocked({ profileId, passphrase });
  };

  beforeEach(async () => {
    db = await openDatabase({ name: `private-notes-${++counter}-${crypto.randomUUID()}`, validate: true });
    const keys = await testKeySource();
    key = keys.key;
    ({ authorKeys, recoveryCode } = await testAuthorKeys(db.settings, keys));
    audited = [];
    privateNotes = new PrivateNotesRepository(db.privateNotes, keys, { currentProfile: () => ({ id: signedIn }) }, authorKeys, {
      audit: { record: async (event) => void audited.push(event) },
      // No throttle here: the vault's is tested below with a real vault and audit trail.
      recoveryCodes: { tryRecoveryCode: (attempt) => attempt() },
    });
    await unlockAs('staff-author');
  });
  afterEach(async () => {
    await db.remove();
  });

  it('are sealed in their own collection under the author key: the practice key alone opens only ciphertext', async () => {
    await privateNotes.save(TARGET, SECRET);
    const raw = JSON.stringify((await db.privateNotes.find().exec()).map((d) => d.toJSON()));
    expect(raw).not.toContain('Plumbwhistle');
    expect(raw).toContain('"authorId":"staff-author"');
    expect(await db.notes.count().exec()).toBe(0);
    expect((await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId)))?.data.text).toBe(SECRET);

    // What anyone holding the practice key sees: a payload of ciphertext, not the text.
    const stored = await db.privateNotes.findOne().exec();
    const opened = await openPayload<{ sealed?: string; text?: string }>(key, 'privateNotes', stored!.toJSON() as never);
    expect(opened.value.text).toBeUndefined();
    expect(opened.value.sealed).toMatch(/^w1\.A256GCM\./);
    expect(opened.value.sealed).not.toContain('Plumbwhistle');

    await unlockAs('staff-colleague', COLLEAGUE_PASSPHRASE);
    expect(await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId))).toBeNull();
    expect(await firstValueFrom(privateNotes.mineForClient$(TARGET.clientId))).toEqual([]);
    // The colleague sees that a note exists (who, when), never its text.
    const others = await firstValueFrom(privateNotes.othersForClient$(TARGET.clientId));
    expect(others).toEqual([expect.objectContaining({ authorId: 'staff-author', date: '2026-11-20', kind: 'psychotherapy' })]);
    expect(others[0]).not.toHaveProperty('data');
    // The colleague's session holds a key of their own, which is not the one the note is sealed under.
    const authorKeyId = opened.value.sealed!.split('.')[2]!;
    expect((await authorKeys.sealingKey('staff-colleague')).id).not.toBe(authorKeyId);
    await expect(authorKeys.keyFor('staff-colleague', authorKeyId)).rejects.toThrow(AuthorKeyUnavailableError);

    await privateNotes.save(TARGET, 'Synthetic colleague note');
    expect(await db.privateNotes.count().exec()).toBe(2);
    await unlockAs('staff-author');
    expect((await firstValueFrom(privateNotes.mineForClient$(TARGET.clientId))).map((n) => n.data.text)).toEqual([SECRET]);
  });

  it('break-glass: the recovery code opens a colleague’s note read-only and leaves an audit entry; a wrong code opens nothing and is audited too', async () => {
    const note = await privateNotes.save(TARGET, SECRET);
    await unlockAs('staff-colleague', COLLEAGUE_PASSPHRASE);
    const wrong = recoveryCode.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(privateNotes.openWithRecoveryCode(note.id, wrong)).rejects.toThrow(WrongPassphraseError);
    const target = { collection: 'privateNotes', id: note.id, clientId: 'client-a' };
    expect(audited).toEqual([{ action: 'break-glass-failed', target, detail: 'wrong recovery code; author staff-author' }]);
    const opened = await privateNotes.openWithRecoveryCode(note.id, recoveryCode);
    expect(opened.data.text).toBe(SECRET);
    expect(audited[1]).toEqual({ action: 'break-glass', target, detail: 'recovery code; author staff-author' });
  });

  it('the author key opens on another laptop with the same passphrase, follows a passphrase change, and is never replaced', async () => {
    const note = await privateNotes.save(TARGET, SECRET);
    const sealingKeyId = (await authorKeys.sealingKey('staff-author')).id;
    // A wrong passphrase (another laptop's, say) leaves the key closed with a reason, and makes no new key.
    await authorKeys.unlocked({ profileId: 'staff-author', passphrase: 'not the passphrase that wrapped it here' });
    await expect(firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId))).rejects.toThrow('sealed under the passphrase you last chose on another laptop');
    // Changing to a new passphrase with the previous one renews the wrap.
    await authorKeys.unlocked({ profileId: 'staff-author', passphrase: 'a brand new synthetic passphrase here', previous: TEST_AUTHOR_PASSPHRASE });
    expect((await authorKeys.sealingKey('staff-author')).id).toBe(sealingKeyId);
    await unlockAs('staff-author', 'a brand new synthetic passphrase here');
    expect((await privateNotes.openWithRecoveryCode(note.id, recoveryCode)).data.text).toBe(SECRET);
    expect((await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId)))?.data.text).toBe(SECRET);
    // The old passphrase no longer opens it.
    await unlockAs('staff-author');
    await expect(authorKeys.sealingKey('staff-author')).rejects.toThrow(AuthorKeyUnavailableError);
  });

  it('a note written before author keys reads as stored and is sealed to its author by sealEarlierNotes', async () => {
    const stableIdFor = 'private-legacy-note';
    const plain = { kind: 'sud-counselling', sessionId: TARGET.sessionId, clientId: TARGET.clientId, authorId: 'staff-author', date: TARGET.date };
    const state = { rev: 1, updatedAt: 1_700_000_000_000, deleted: false, fields: plain };
    const sealed = await sealRecord(key, { collection: 'privateNotes', id: stableIdFor }, 1, { text: SECRET }, state);
    await db.privateNotes.insert({ id: stableIdFor, ...plain, rev: 1, updatedAt: state.updatedAt, sealed } as never);
    expect((await firstValueFrom(privateNotes.mineForClient$(TARGET.clientId))).map((n) => n.data.text)).toEqual([SECRET]);
    expect(await privateNotes.sealEarlierNotes()).toBe(1);
    expect(await privateNotes.sealEarlierNotes()).toBe(0);
    const reopened = await openPayload<{ sealed?: string; text?: string }>(key, 'privateNotes', (await db.privateNotes.findOne(stableIdFor).exec())!.toJSON() as never);
    expect(reopened.value.text).toBeUndefined();
    expect((await firstValueFrom(privateNotes.mineForClient$(TARGET.clientId))).map((n) => n.data.text)).toEqual([SECRET]);
  });

  it('saves as typed, keeps the last text, and refuses an oversized note with a clear message', async () => {
    await privateNotes.save(TARGET, 'Synthetic first');
    await privateNotes.save({ ...TARGET, kind: 'sud-counselling' }, 'Synthetic second');
    const mine = await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId));
    expect(mine).toMatchObject({ kind: 'sud-counselling', rev: 2, data: { text: 'Synthetic second' } });
    await expect(privateNotes.save(TARGET, 'x'.repeat(20_001))).rejects.toThrow('A private note is at most 20,000 characters');
    expect((await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId)))?.data.text).toBe('Synthetic second');
  });
});

describe('break-glass with the real vault and audit trail: wrong recovery codes are audited and throttled like unlock', () => {
  const PASSPHRASE = 'violet tractor umbrella sonnet harbour';
  let db: WaypointDatabase;
  let parts: VaultParts;
  let audit: AuditLog;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 20, 15, 0);
    db = await openDatabase({ name: `break-glass-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['settings', 'privateNotes', 'audit'] });
    parts = createVault(db, { now: () => clock, calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) });
    await parts.vault.init();
    audit = await AuditLog.open(db, parts.vault, { now: () => clock });
  });
  afterEach(async () => {
    await audit.flush();
    await db.remove();
  });

  it('records who, when and which note for each wrong code (never the code), then makes the next try wait, recovery included', async () => {
    const { vault, enrolment } = parts;
    const authorKeys = new AuthorKeys(db.settings, vault, authorKeyringOf(parts.keyring));
    vault.onSecret((secret) => authorKeys.unlocked(secret));
    const privateNotes = new PrivateNotesRepository(db.privateNotes, vault, vault, authorKeys, { audit, recoveryCodes: vault, now: () => clock });
    const code = enrolment.newRecoveryCode();
    const admin = await enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: 'Admin Synthetic', passphrase: PASSPHRASE, recoveryCode: code });
    const note = await privateNotes.save(TARGET, SECRET);

    const wrong = ['AAAA-BBBB-CCCC-DDDD-EEEE-FFFF', 'ZZZZ-YYYY-XXXX-WWWW-VVVV-UUUU', 'not even a code'];
    for (const typed of wrong) {
      await expect(privateNotes.openWithRecoveryCode(note.id, typed)).rejects.toThrow(WrongPassphraseError);
      clock += 1000;
    }
    // Three typos are free, as at unlock; then the next try waits, even with the right code, and is recorded as refused.
    await expect(privateNotes.openWithRecoveryCode(note.id, code)).rejects.toThrow(new UnlockThrottledError(clock + 2000 - 1000, clock, 'recovery codes').message);
    // The counter is the recovery code's on this device: a recovery (forgotten passphrase) waits too.
    await vault.lock('manual');
    await expect(vault.recover(admin.id, code, 'another violet tractor umbrella sonnet')).rejects.toThrow(UnlockThrottledError);
    await vault.unlock(admin.id, PASSPHRASE);
    clock += 2000;
    expect((await privateNotes.openWithRecoveryCode(note.id, code)).data.text).toBe(SECRET);
    // A right code resets the counter: one more typo does not wait.
    await expect(privateNotes.openWithRecoveryCode(note.id, wrong[0]!)).rejects.toThrow(WrongPassphraseError);
    await audit.flush();

    const entries = (await audit.find()).reverse().filter((e) => e.action.startsWith('break-glass'));
    const target = { collection: 'privateNotes', id: note.id, clientId: TARGET.clientId };
    expect(entries.map((e) => [e.action, e.who.staffId, e.at, e.target, e.detail])).toEqual([
      ['break-glass-failed', admin.id, '2026-11-20T15:00:00.000Z', target, `wrong recovery code; author ${admin.id}`],
      ['break-glass-failed', admin.id, '2026-11-20T15:00:01.000Z', target, `wrong recovery code; author ${admin.id}`],
      ['break-glass-failed', admin.id, '2026-11-20T15:00:02.000Z', target, `wrong recovery code; author ${admin.id}`],
      ['break-glass-failed', admin.id, '2026-11-20T15:00:03.000Z', target, `refused: too many wrong recovery codes; author ${admin.id}`],
      ['break-glass', admin.id, '2026-11-20T15:00:05.000Z', target, `recovery code; author ${admin.id}`],
      ['break-glass-failed', admin.id, '2026-11-20T15:00:05.000Z', target, `wrong recovery code; author ${admin.id}`],
    ]);
    // No code typed, right or wrong, is in the trail, opened or as stored.
    const everything = JSON.stringify(await audit.find()) + JSON.stringify((await db.audit.find().exec()).map((d) => d.toJSON()));
    for (const typed of [...wrong, code]) expect(everything).not.toContain(typed);
  });
});
