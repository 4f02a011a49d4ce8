import { describe, expect, it } from 'vitest';
import {
  createAuthorKey,
  createPracticeKey,
  generateRecoveryCode,
  MIN_ARGON2,
  openAuthorKey,
  openAuthorKeyWithRecoveryCode,
  openForAuthor,
  recoveryRecipient,
  rewrapAuthorKey,
  sealForAuthor,
  TamperedError,
  WrongKeyError,
  wrapWithRecoveryCode,
  WrongPassphraseError,
  type KeyWrap,
} from '../../../src/shared/crypto';

const cost = { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 };
const PASSPHRASE = 'synthetic author passphrase of several words';
const PRACTICE = 'practice-unit';

async function recoveryWrap(code: string): Promise<KeyWrap> {
  const { dataKey, raw } = await createPracticeKey();
  const wrap = await wrapWithRecoveryCode(raw, dataKey.id, code);
  raw.fill(0);
  return wrap;
}

describe('author keys (real WebCrypto, Argon2id, X25519)', () => {
  it('the passphrase opens the author key on any laptop; another passphrase, or another author’s key, opens nothing', async () => {
    const code = generateRecoveryCode();
    const { key, wraps } = await createAuthorKey({ practiceId: PRACTICE, authorId: 'staff-a', passphrase: PASSPHRASE, cost, recovery: recoveryRecipient(await recoveryWrap(code)) });
    const sealed = await sealForAuthor(key, 'private-1', 'staff-a', { text: 'Synthetic text Quorblefrump' });
    expect(sealed).not.toContain('Quorblefrump');
    // A copy of the wraps (the synced record on another laptop) opens with the same passphrase.
    const copy = JSON.parse(JSON.stringify(wraps)) as typeof wraps;
    const { key: there } = await openAuthorKey(copy, PASSPHRASE);
    expect(await openForAuthor(there, 'private-1', 'staff-a', sealed)).toEqual({ text: 'Synthetic text Quorblefrump' });
    await expect(openAuthorKey(copy, 'a different synthetic passphrase here')).rejects.toThrow(WrongPassphraseError);
    const other = await createAuthorKey({ practiceId: PRACTICE, authorId: 'staff-b', passphrase: PASSPHRASE, cost, recovery: undefined });
    await expect(openForAuthor(other.key, 'private-1', 'staff-a', sealed)).rejects.toThrow(WrongKeyError);
  });

  it('the sealed text is bound to its note and author: moved to another note or author it reads as tampered', async () => {
    const { key } = await createAuthorKey({ practiceId: PRACTICE, authorId: 'staff-a', passphrase: PASSPHRASE, cost, recovery: undefined });
    const sealed = await sealForAuthor(key, 'private-1', 'staff-a', { text: 'Synthetic' });
    await expect(openForAuthor(key, 'private-2', 'staff-a', sealed)).rejects.toThrow(TamperedError);
    await expect(openForAuthor(key, 'private-1', 'staff-b', sealed)).rejects.toThrow(TamperedError);
  });

  it('break-glass: the recovery code in force opens it, from the salt alone; a wrong code or another code does not; a reissued code opens it once reboxed', async () => {
    const code = generateRecoveryCode();
    const wrap = await recoveryWrap(code);
    const { key, wraps } = await createAuthorKey({ practiceId: PRACTICE, authorId: 'staff-a', passphrase: PASSPHRASE, cost, recovery: recoveryRecipient(wrap) });
    const sealed = await sealForAuthor(key, 'private-1', 'staff-a', { text: 'Synthetic' });
    const opened = await openAuthorKeyWithRecoveryCode(wraps, PRACTICE, code.toLowerCase());
    expect(await openForAuthor(opened.key, 'private-1', 'staff-a', sealed)).toEqual({ text: 'Synthetic' });
    await expect(openAuthorKeyWithRecoveryCode(wraps, PRACTICE, generateRecoveryCode())).rejects.toThrow(WrongPassphraseError);
    await expect(openAuthorKeyWithRecoveryCode(wraps, PRACTICE, 'not a code')).rejects.toThrow(WrongPassphraseError);
    // Boxed for one practice, it does not open as another's.
    await expect(openAuthorKeyWithRecoveryCode(wraps, 'practice-other', code)).rejects.toThrow(TamperedError);

    // A reissued code: the author (holding the key's bytes) boxes it to the new code, and only the new code opens the new box.
    const next = generateRecoveryCode();
    const { raw } = await openAuthorKey(wraps, PASSPHRASE, { extractable: true });
    const reboxed = await rewrapAuthorKey(wraps, raw!, { practiceId: PRACTICE, recovery: recoveryRecipient(await recoveryWrap(next)) });
    raw!.fill(0);
    await expect(openAuthorKeyWithRecoveryCode(reboxed, PRACTICE, code)).rejects.toThrow(WrongPassphraseError);
    expect(await openForAuthor((await openAuthorKeyWithRecoveryCode(reboxed, PRACTICE, next)).key, 'private-1', 'staff-a', sealed)).toEqual({ text: 'Synthetic' });
    // The passphrase wrap is untouched by reboxing.
    expect(reboxed.passphrase).toEqual(wraps.passphrase);
  });

  it('a key made before the recovery wrap named a holder key cannot be opened by break-glass, and says so', async () => {
    const { wraps } = await createAuthorKey({ practiceId: PRACTICE, authorId: 'staff-a', passphrase: PASSPHRASE, cost, recovery: undefined });
    await expect(openAuthorKeyWithRecoveryCode(wraps, PRACTICE, generateRecoveryCode())).rejects.toThrow('opens once the author unlocks again');
  });
});
