/**
 * The sealed envelope: one AES-256-GCM encryption of a JSON value, serialised as
 *
 *   w1.A256GCM.<key id>.<iv>.<ciphertext + tag>      (IV and ciphertext in base64url)
 *
 * Each seal draws a fresh random 96-bit IV. The additional authenticated data binds the format,
 * the key id and the record's place (collection, document id, schema version), so a sealed blob
 * copied onto another record, or read under another schema version, fails as tampered.
 */
import { fromBase64Url, fromUtf8, randomBytes, toBase64Url, utf8, type CryptoKey } from './encoding';
import { MalformedEnvelopeError, TamperedError, UnknownVersionError, WrongKeyError } from './errors';

export const ENVELOPE_VERSION = 'w1';
export const ENVELOPE_ALGORITHM = 'A256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A practice key in memory: a non-extractable AES-GCM CryptoKey and its public id. */
export interface DataKey {
  id: string;
  key: CryptoKey;
}

/** Where a sealed value lives; authenticated, not encrypted. */
export interface SealContext {
  collection: string;
  id: string;
  schemaVersion: number;
}

export function isKeyId(id: string): boolean {
  return KEY_ID.test(id);
}

/** The key id an envelope names, read without opening it; null when it is not a w1 envelope. */
export function envelopeKeyId(sealed: string): string | null {
  const parts = sealed.split('.', 3);
  return parts[0] === ENVELOPE_VERSION && parts.length === 3 ? parts[2]! : null;
}

function aad(keyId: string, context: SealContext): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['waypoint-envelope', ENVELOPE_VERSION, ENVELOPE_ALGORITHM, keyId, context.collection, context.id, context.schemaVersion]));
}

export async function sealBytes(key: DataKey, context: SealContext, plaintext: Uint8Array<ArrayBuffer>): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(key.id, context) }, key.key, plaintext);
  return `${ENVELOPE_VERSION}.${ENVELOPE_ALGORITHM}.${key.id}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

export async function unsealBytes(key: DataKey, context: SealContext, sealed: string): Promise<Uint8Array> {
  if (typeof sealed !== 'string') throw new MalformedEnvelopeError();
  const parts = sealed.split('.');
  // The version is checked first so that a future format with a different shape reports itself.
  if (parts[0] !== ENVELOPE_VERSION) {
    if (parts.length >= 2 && /^w\d+$/.test(parts[0]!)) throw new UnknownVersionError();
    throw new MalformedEnvelopeError();
  }
  if (parts.length !== 5) throw new MalformedEnvelopeError();
  const [, algorithm, keyId, ivText, ciphertextText] = parts as [string, string, string, string, string];
  if (algorithm !== ENVELOPE_ALGORITHM) throw new UnknownVersionError(`This record is sealed with an algorithm Waypoint does not support`);
  if (!isKeyId(keyId)) throw new MalformedEnvelopeError();
  const iv = fromBase64Url(ivText);
  const ciphertext = fromBase64Url(ciphertextText);
  if (iv === null || iv.length !== IV_BYTES || ciphertext === null || ciphertext.length < TAG_BYTES) throw new MalformedEnvelopeError();
  if (keyId !== key.id) throw new WrongKeyError();
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad(keyId, context) }, key.key, ciphertext as Uint8Array<ArrayBuffer>),
    );
  } catch {
    throw new TamperedError();
  }
}

export function sealJson(key: DataKey, context: SealContext, value: unknown): Promise<string> {
  return sealBytes(key, context, utf8(JSON.stringify(value)));
}

export async function unsealJson<T>(key: DataKey, context: SealContext, sealed: string): Promise<T> {
  const bytes = await unsealBytes(key, context, sealed);
  try {
    return JSON.parse(fromUtf8(bytes)) as T;
  } catch {
    // Authenticated but not JSON: only a bug on the sealing side can produce this.
    throw new MalformedEnvelopeError('This record decrypted but does not hold valid JSON');
  }
}
