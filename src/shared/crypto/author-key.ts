/**
 * Author keys (docs/ARCHITECTURE.md, Private notes per author): psychotherapy and SUD counselling
 * notes are sealed a second time, inside their practice envelope, under a key only their author
 * holds. The author key is random; it is stored wrapped under the author's passphrase (Argon2id,
 * the same wrap as a practice key) and boxed to the recovery code's holder key, the practice's
 * audited break-glass. Whoever holds only the practice key sees ciphertext.
 */
import { createPracticeKey, importDataKey, recoveryHolderSecret, unwrapPracticeKey, wrapWithPassphrase, type KeyWrap } from './keys';
import { holderPublicKey, openBox, sealBox, type Box } from './box';
import { sealJson, unsealJson, type DataKey } from './envelope';
import { normaliseRecoveryCode } from './recovery-code';
import { WrongPassphraseError } from './errors';
import type { Argon2Params } from './kdf';

/** The id prefix of the settings records holding an author's key wraps (`author-key-…`). */
export const AUTHOR_KEY_RECORD_PREFIX = 'author-key';

/** What the practice stores (sealed, in a synced record) about one author's key. */
export interface AuthorKeyWraps {
  authorId: string;
  keyId: string;
  /** The key under the author's passphrase (its own salt: the same passphrase opens it on any laptop). */
  passphrase: KeyWrap;
  /**
   * The key boxed to the holder key of the recovery code's wrap (`holder`, made with `salt`), when
   * that wrap names one: the code with the salt gives the private key, whichever wrap holds it now.
   */
  recovery?: RecoveryBox;
}

export interface RecoveryBox {
  holder: string;
  salt: string;
  box: Box;
}

/** The recovery wrap's holder key and salt, when it names one (wraps made before key epochs do not). */
export function recoveryRecipient(recoveryWrap: KeyWrap): { holder: string; salt: string } | undefined {
  return recoveryWrap.holder === undefined || recoveryWrap.method.type !== 'recovery-code' ? undefined : { holder: recoveryWrap.holder, salt: recoveryWrap.method.kdf.salt };
}

const boxContext = (practiceId: string, authorId: string, keyId: string) => ['author-key', practiceId, authorId, keyId];

/** A new author key: the key to use and its wraps. */
export async function createAuthorKey(input: {
  practiceId: string;
  authorId: string;
  passphrase: string;
  cost: Omit<Argon2Params, 'salt'>;
  recovery: { holder: string; salt: string } | undefined;
}): Promise<{ key: DataKey; wraps: AuthorKeyWraps }> {
  const { dataKey, raw } = await createPracticeKey();
  try {
    const wraps: AuthorKeyWraps = {
      authorId: input.authorId,
      keyId: dataKey.id,
      passphrase: await wrapWithPassphrase(raw, dataKey.id, input.passphrase, input.cost),
      ...(input.recovery === undefined ? {} : { recovery: { ...input.recovery, box: await sealBox(input.recovery.holder, raw, boxContext(input.practiceId, input.authorId, dataKey.id)) } }),
    };
    return { key: dataKey, wraps };
  } finally {
    raw.fill(0);
  }
}

/** The author's key with their passphrase; `extractable` also returns its bytes for new wraps (zero them after). WrongPassphraseError otherwise. */
export async function openAuthorKey(wraps: AuthorKeyWraps, passphrase: string, options: { extractable?: boolean } = {}): Promise<{ key: DataKey; raw?: Uint8Array }> {
  const opened = await unwrapPracticeKey(wraps.passphrase, passphrase, options);
  opened.holder?.fill(0);
  return { key: opened.dataKey, ...(opened.raw ? { raw: opened.raw } : {}) };
}

/** The wraps with the key wrapped under a new passphrase, or boxed to a new recovery holder; `raw` is the key's bytes. */
export async function rewrapAuthorKey(
  wraps: AuthorKeyWraps,
  raw: Uint8Array,
  change: { practiceId: string; passphrase?: { passphrase: string; cost: Omit<Argon2Params, 'salt'> }; recovery?: { holder: string; salt: string } },
): Promise<AuthorKeyWraps> {
  const next = { ...wraps };
  if (change.passphrase !== undefined) next.passphrase = await wrapWithPassphrase(raw, wraps.keyId, change.passphrase.passphrase, change.passphrase.cost);
  if (change.recovery !== undefined) {
    next.recovery = { ...change.recovery, box: await sealBox(change.recovery.holder, raw, boxContext(change.practiceId, wraps.authorId, wraps.keyId)) };
  }
  return next;
}

/**
 * Break-glass: the recovery code (with the salt of the wrap the box was made for) gives the holder
 * secret that opens the author key's box. A wrong code, or a code other than the one in force
 * when the box was last made (the author's next unlock after a reissue boxes it to the new one),
 * is refused with WrongPassphraseError.
 */
export async function openAuthorKeyWithRecoveryCode(
  wraps: AuthorKeyWraps,
  practiceId: string,
  typed: string,
  options: { extractable?: boolean } = {},
): Promise<{ key: DataKey; raw?: Uint8Array }> {
  const code = normaliseRecoveryCode(typed);
  if (code === null) throw new WrongPassphraseError({ key: 'shared:crypto.recoveryCodeWrong' });
  if (wraps.recovery === undefined) throw new WrongPassphraseError({ key: 'shared:crypto.authorKeyBeforeRecovery' });
  const secret = await recoveryHolderSecret(code, wraps.recovery.salt);
  try {
    if (holderPublicKey(secret) !== wraps.recovery.holder) throw new WrongPassphraseError({ key: 'shared:crypto.recoveryCodeNotInForce' });
    const raw = await openBox(secret, wraps.recovery.box, boxContext(practiceId, wraps.authorId, wraps.keyId));
    const key = await importDataKey(wraps.keyId, raw);
    if (options.extractable) return { key, raw };
    raw.fill(0);
    return { key };
  } finally {
    secret.fill(0);
  }
}

/** Seals a private note's content under its author's key, bound to the note and its author. */
export function sealForAuthor(key: DataKey, noteId: string, authorId: string, value: unknown): Promise<string> {
  return sealJson(key, { collection: `privateNotes/${authorId}`, id: noteId, schemaVersion: 1 }, value);
}

export function openForAuthor<T>(key: DataKey, noteId: string, authorId: string, sealed: string): Promise<T> {
  return unsealJson<T>(key, { collection: `privateNotes/${authorId}`, id: noteId, schemaVersion: 1 }, sealed);
}
