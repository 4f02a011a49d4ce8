/**
 * The practice key and its wraps. The practice key (256 random bits) seals every record; it is
 * stored only wrapped: once per staff profile under an Argon2id key from that person's passphrase,
 * and once under the recovery code. In memory it is a non-extractable CryptoKey; its raw bytes
 * exist only briefly while a new wrap is made, and callers zero them afterwards.
 */
import { fromBase64Url, randomBytes, toBase64Url, utf8, type CryptoKey } from './encoding';
import { isKeyId, type DataKey } from './envelope';
import { MalformedEnvelopeError, UnknownVersionError, WrongPassphraseError } from './errors';
import type { Message, SharedKey } from '../messages';
import { deriveKek, holderSecret, newSalt, type Argon2Params } from './kdf';
import { normaliseRecoveryCode } from './recovery-code';
import { holderPublicKey, isHolderPublicKey } from './box';

export type WrapMethod =
  | { type: 'passphrase'; kdf: Argon2Params }
  /** The recovery code carries 125 random bits, so a fast KDF suffices. */
  | { type: 'recovery-code'; kdf: { algorithm: 'hkdf-sha256'; salt: string } }
  /** A one-time enrolment code (same format and strength as a recovery code) carries the key to a new device. */
  | { type: 'enrolment-code'; kdf: { algorithm: 'hkdf-sha256'; salt: string } }
  /**
   * A one-time setup code (same format and strength) for a new staff profile, until its owner
   * chooses a passphrase. The expiry is among the authenticated parameters: changing it breaks the wrap.
   */
  | { type: 'setup-code'; kdf: { algorithm: 'hkdf-sha256'; salt: string; expiresAt: number } };

export interface KeyWrap {
  v: 1;
  keyId: string;
  method: WrapMethod;
  /** base64url */
  iv: string;
  /** base64url: AES-256-GCM of the raw practice key, tag included */
  wrapped: string;
  /**
   * base64url X25519 public key of the wrap's owner, whose private key comes from the same secret
   * (`holderSecret`): later key epochs are boxed to it without the secret. Absent on wraps made
   * before key epochs; authenticated with the wrap when present.
   */
  holder?: string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const CODE_INFO = {
  'recovery-code': utf8('waypoint recovery-code key-encryption key v1'),
  'enrolment-code': utf8('waypoint enrolment-code key-encryption key v1'),
  'setup-code': utf8('waypoint setup-code key-encryption key v1'),
} as const;
const CODE_NAMES: Record<CodeWrap, string> = { 'recovery-code': 'recovery', 'enrolment-code': 'enrolment', 'setup-code': 'setup' };
const CODE_REFUSALS = { 'recovery-code': 'shared:crypto.recoveryCodeWrong', 'enrolment-code': 'shared:crypto.enrolmentCodeWrong', 'setup-code': 'shared:crypto.setupCodeWrong' } as const satisfies Record<CodeWrap, SharedKey>;
type CodeWrap = keyof typeof CODE_INFO;

/** A practice key (any epoch) from its raw bytes, non-extractable unless asked. */
export async function importDataKey(id: string, raw: Uint8Array, extractable = false): Promise<DataKey> {
  return { id, key: await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', extractable, ['encrypt', 'decrypt']) };
}

/** A new random practice key: the CryptoKey to use and the raw bytes to wrap (zero them when done). */
export async function createPracticeKey(): Promise<{ dataKey: DataKey; raw: Uint8Array }> {
  const raw = randomBytes(KEY_BYTES);
  const id = toBase64Url(randomBytes(9));
  return { dataKey: await importDataKey(id, raw), raw };
}

/** The wrap's parameters are authenticated too: changing the stored KDF settings makes it fail to open. */
function wrapAad(keyId: string, method: WrapMethod, holder: string | undefined): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['waypoint-keywrap', 1, keyId, method.type, method.kdf, ...(holder === undefined ? [] : [holder])]));
}

interface Kek {
  kek: CryptoKey;
  holder: Uint8Array;
}

/** Codes carry 125 random bits, so HKDF suffices; each kind of code has its own label. */
async function codeKek(type: CodeWrap, code: string, salt: string): Promise<Kek> {
  const saltBytes = fromBase64Url(salt) as Uint8Array<ArrayBuffer>;
  const material = await crypto.subtle.importKey('raw', utf8(code), 'HKDF', false, ['deriveKey']);
  const kek = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: saltBytes, info: CODE_INFO[type] }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  return { kek, holder: await holderSecret(utf8(`${type}:${code}`), saltBytes) };
}

/** The holder secret of a recovery-code wrap made with this salt (zero it after): it opens what was boxed to that wrap's holder key. */
export function recoveryHolderSecret(code: string, salt: string): Promise<Uint8Array> {
  return holderSecret(utf8(`recovery-code:${code}`), fromBase64Url(salt) as Uint8Array<ArrayBuffer>);
}

async function wrap(raw: Uint8Array, keyId: string, method: WrapMethod, { kek, holder: secret }: Kek): Promise<KeyWrap> {
  if (raw.length !== KEY_BYTES) throw new Error('A practice key is 32 bytes');
  const holder = holderPublicKey(secret);
  secret.fill(0);
  const iv = randomBytes(IV_BYTES);
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: wrapAad(keyId, method, holder) }, kek, raw as Uint8Array<ArrayBuffer>);
  return { v: 1, keyId, method, iv: toBase64Url(iv), wrapped: toBase64Url(new Uint8Array(wrapped)), holder };
}

/** Wraps the practice key under a passphrase with the given cost (a fresh salt each time). */
export async function wrapWithPassphrase(raw: Uint8Array, keyId: string, passphrase: string, cost: Omit<Argon2Params, 'salt'>): Promise<KeyWrap> {
  const kdf: Argon2Params = { ...cost, salt: newSalt() };
  return wrap(raw, keyId, { type: 'passphrase', kdf }, await deriveKek(passphrase, kdf));
}

async function wrapWithCode(method: Extract<WrapMethod, { type: CodeWrap }>, raw: Uint8Array, keyId: string, typed: string): Promise<KeyWrap> {
  const code = normaliseRecoveryCode(typed);
  if (code === null) throw new Error(`The ${CODE_NAMES[method.type]} code is not in the expected format`);
  return wrap(raw, keyId, method, await codeKek(method.type, code, method.kdf.salt));
}

const hkdf = () => ({ algorithm: 'hkdf-sha256' as const, salt: newSalt() });

/** Wraps the practice key under a recovery code (as generated; typed input is normalised first). */
export function wrapWithRecoveryCode(raw: Uint8Array, keyId: string, recoveryCode: string): Promise<KeyWrap> {
  return wrapWithCode({ type: 'recovery-code', kdf: hkdf() }, raw, keyId, recoveryCode);
}

/** Wraps the practice key under a one-time enrolment code, for the server to relay to a new device. */
export function wrapWithEnrolmentCode(raw: Uint8Array, keyId: string, enrolmentCode: string): Promise<KeyWrap> {
  return wrapWithCode({ type: 'enrolment-code', kdf: hkdf() }, raw, keyId, enrolmentCode);
}

/** Wraps the practice key under a staff member's one-time setup code, good until `expiresAt` (epoch ms). */
export function wrapWithSetupCode(raw: Uint8Array, keyId: string, setupCode: string, expiresAt: number): Promise<KeyWrap> {
  return wrapWithCode({ type: 'setup-code', kdf: { ...hkdf(), expiresAt } }, raw, keyId, setupCode);
}

const codeRefusal = (type: CodeWrap): Message => ({ key: CODE_REFUSALS[type] });

function assertWrapShape(wrap: KeyWrap): { iv: Uint8Array; wrapped: Uint8Array } {
  if (typeof wrap !== 'object' || wrap === null) throw new MalformedEnvelopeError({ key: 'shared:crypto.wrapNotValid' });
  if (wrap.v !== 1) throw new UnknownVersionError({ key: 'shared:crypto.wrapFormatUnknown' });
  const iv = typeof wrap.iv === 'string' ? fromBase64Url(wrap.iv) : null;
  const wrapped = typeof wrap.wrapped === 'string' ? fromBase64Url(wrap.wrapped) : null;
  const holderOk = wrap.holder === undefined || isHolderPublicKey(wrap.holder);
  if (!isKeyId(wrap.keyId) || iv?.length !== IV_BYTES || wrapped?.length !== KEY_BYTES + 16 || typeof wrap.method !== 'object' || !holderOk) {
    throw new MalformedEnvelopeError({ key: 'shared:crypto.wrapNotValid' });
  }
  return { iv, wrapped };
}

/**
 * Opens a wrap with its passphrase or recovery code. The data key is always non-extractable; with
 * `extractable` the raw bytes are returned as well, for making another wrap (zero them after).
 * `holder` is the wrap owner's holder secret when the wrap names a holder key (zero it after).
 * A wrong secret throws WrongPassphraseError and reveals nothing else.
 */
export async function unwrapPracticeKey(
  wrap: KeyWrap,
  secret: string,
  options: { extractable?: boolean } = {},
): Promise<{ dataKey: DataKey; raw?: Uint8Array; holder?: Uint8Array }> {
  const { iv, wrapped } = assertWrapShape(wrap);
  let kek: Kek;
  if (wrap.method.type === 'passphrase') {
    kek = await deriveKek(secret, wrap.method.kdf);
  } else if (wrap.method.type === 'recovery-code' || wrap.method.type === 'enrolment-code' || wrap.method.type === 'setup-code') {
    const code = normaliseRecoveryCode(secret);
    if (code === null) throw new WrongPassphraseError(codeRefusal(wrap.method.type));
    kek = await codeKek(wrap.method.type, code, wrap.method.kdf.salt);
  } else {
    throw new UnknownVersionError({ key: 'shared:crypto.wrapMethodUnknown' });
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: wrapAad(wrap.keyId, wrap.method, wrap.holder) },
        kek.kek,
        wrapped as Uint8Array<ArrayBuffer>,
      ),
    );
  } catch {
    kek.holder.fill(0);
    throw wrap.method.type === 'passphrase' ? new WrongPassphraseError() : new WrongPassphraseError(codeRefusal(wrap.method.type));
  }
  const dataKey = await importDataKey(wrap.keyId, raw);
  const holder = wrap.holder === undefined ? (kek.holder.fill(0), undefined) : kek.holder;
  if (options.extractable) return { dataKey, raw, ...(holder ? { holder } : {}) };
  raw.fill(0);
  return { dataKey, ...(holder ? { holder } : {}) };
}
