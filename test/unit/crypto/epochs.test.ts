/** Key epochs' primitives (docs/ARCHITECTURE.md, Key epochs): boxes, holder keys of wraps, a session key holding earlier epochs. */
import { describe, expect, it } from 'vitest';
import {
  createPracticeKey,
  holderPublicKey,
  MIN_ARGON2,
  newHolderKeyPair,
  opaqueRecordId,
  openBox,
  sealBox,
  sealJson,
  TamperedError,
  unsealJson,
  unwrapPracticeKey,
  wrapWithPassphrase,
  wrapWithRecoveryCode,
  generateRecoveryCode,
  WrongKeyError,
  WrongPassphraseError,
} from '../../../src/shared/crypto';

const cost = { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 };
const context = { collection: 'clients', id: 'client-epoch-1', schemaVersion: 0 };

describe('key epochs: boxes and holder keys', () => {
  it('a box opens only with its recipient\'s private key and in its own context', async () => {
    const recipient = newHolderKeyPair();
    const other = newHolderKeyPair();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const box = await sealBox(recipient.publicKey, secret, ['epoch', 'practice-1', 'staff-1', 'key-00001']);
    expect(await openBox(recipient.secret, box, ['epoch', 'practice-1', 'staff-1', 'key-00001'])).toEqual(secret);
    await expect(openBox(other.secret, box, ['epoch', 'practice-1', 'staff-1', 'key-00001'])).rejects.toBeInstanceOf(TamperedError);
    // Moved to another holder or another epoch: refused.
    await expect(openBox(recipient.secret, box, ['epoch', 'practice-1', 'staff-2', 'key-00001'])).rejects.toBeInstanceOf(TamperedError);
    const flipped = { ...box, sealed: box.sealed.slice(0, -2) + (box.sealed.endsWith('A') ? 'BA' : 'AA') };
    await expect(openBox(recipient.secret, flipped, ['epoch', 'practice-1', 'staff-1', 'key-00001'])).rejects.toThrow();
  });

  it('a passphrase or code wrap names its holder key, derived from the same secret and authenticated with the wrap', async () => {
    const { dataKey, raw } = await createPracticeKey();
    const wrap = await wrapWithPassphrase(raw, dataKey.id, 'synthetic holder passphrase words', cost);
    const opened = await unwrapPracticeKey(wrap, 'synthetic holder passphrase words');
    expect(opened.holder).toBeDefined();
    expect(holderPublicKey(opened.holder!)).toBe(wrap.holder);
    // Another secret gives another holder key; a swapped holder key makes the wrap fail to open.
    const code = generateRecoveryCode();
    const recovery = await wrapWithRecoveryCode(raw, dataKey.id, code);
    expect(recovery.holder).not.toBe(wrap.holder);
    expect(holderPublicKey((await unwrapPracticeKey(recovery, code)).holder!)).toBe(recovery.holder);
    await expect(unwrapPracticeKey({ ...wrap, holder: recovery.holder! }, 'synthetic holder passphrase words')).rejects.toBeInstanceOf(WrongPassphraseError);
    raw.fill(0);
  });

  it('a session key seals with the newest epoch and opens what earlier epochs it holds sealed', async () => {
    const first = await createPracticeKey();
    const next = await createPracticeKey();
    const sealedBefore = await sealJson(first.dataKey, context, { n: 1 });
    const session = { ...next.dataKey, older: new Map([[first.dataKey.id, first.dataKey.key]]) };
    expect(await unsealJson(session, context, sealedBefore)).toEqual({ n: 1 });
    const sealedAfter = await sealJson(session, context, { n: 2 });
    expect(sealedAfter.split('.')[2]).toBe(next.dataKey.id);
    // The earlier epoch alone does not open what the newer one sealed; the newer alone does not open the older.
    await expect(unsealJson(first.dataKey, context, sealedAfter)).rejects.toBeInstanceOf(WrongKeyError);
    await expect(unsealJson(next.dataKey, context, sealedBefore)).rejects.toBeInstanceOf(WrongKeyError);
  });
});

describe('record ids across key epochs', () => {
  it('a later epoch that names the first makes the same ids; without it, or without the first epoch held, it does not', async () => {
    const first = await createPracticeKey();
    const second = await createPracticeKey();
    const before = await opaqueRecordId(first.dataKey, 'note', ['session-x', 'client-y']);
    const later = { ...second.dataKey, older: new Map([[first.dataKey.id, first.dataKey.key]]), first: first.dataKey.id };
    expect(await opaqueRecordId(later, 'note', ['session-x', 'client-y'])).toBe(before);
    expect(await opaqueRecordId(second.dataKey, 'note', ['session-x', 'client-y'])).not.toBe(before);
    await expect(opaqueRecordId({ ...second.dataKey, first: first.dataKey.id }, 'note', ['session-x', 'client-y'])).rejects.toThrow('first epoch is not held');
  });
});
