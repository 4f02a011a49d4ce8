/**
 * Boxes: a key sealed to an X25519 public key (ECIES: an ephemeral key pair, X25519, HKDF-SHA-256,
 * AES-256-GCM). How a new key epoch reaches a device or a staff member without their secret
 * (docs/ARCHITECTURE.md, Key epochs). X25519 comes from @noble/curves (audited): its private keys
 * are 32 bytes, so they are derived from a passphrase's or code's material and sealed like a
 * practice key, which WebCrypto's P-256 (PKCS #8 only, no public key from a private one) cannot do,
 * and WebCrypto's own X25519 is missing from the Chromium and Node versions the app meets.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { fromBase64Url, randomBytes, toBase64Url, utf8, type CryptoKey } from './encoding';
import { MalformedEnvelopeError, TamperedError } from './errors';

export interface Box {
  v: 1;
  /** base64url: the ephemeral public key */
  epk: string;
  iv: string;
  /** base64url: AES-256-GCM of the key, tag included */
  sealed: string;
}

const PUBLIC_BYTES = 32;
const INFO = utf8('waypoint box v1');

export function isHolderPublicKey(text: unknown): text is string {
  return typeof text === 'string' && fromBase64Url(text)?.length === PUBLIC_BYTES;
}

/** The public key of a 32-byte X25519 private key. */
export function holderPublicKey(secret: Uint8Array): string {
  return toBase64Url(x25519.getPublicKey(secret));
}

/** A new X25519 key pair (a device's): the private key's 32 bytes (zero them when done) and the public key. */
export function newHolderKeyPair(): { secret: Uint8Array; publicKey: string } {
  const secret = randomBytes(32);
  return { secret, publicKey: holderPublicKey(secret) };
}

async function boxKey(shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array): Promise<CryptoKey> {
  const salt = new Uint8Array([...epk, ...recipient]);
  const base = await crypto.subtle.importKey('raw', shared as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: INFO }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const boxAad = (context: readonly (string | number)[]) => utf8(JSON.stringify(['waypoint-box', 1, ...context]));

/** Seals bytes to a public key; `context` (who, which key) is authenticated, so a box cannot be moved. */
export async function sealBox(recipientPublicKey: string, plaintext: Uint8Array, context: readonly (string | number)[]): Promise<Box> {
  const recipient = fromBase64Url(recipientPublicKey);
  if (recipient?.length !== PUBLIC_BYTES) throw new MalformedEnvelopeError({ key: 'shared:crypto.publicKeyNotValid' });
  const ephemeral = randomBytes(32);
  const epk = x25519.getPublicKey(ephemeral);
  const shared = x25519.getSharedSecret(ephemeral, recipient);
  ephemeral.fill(0);
  const key = await boxKey(shared, epk, recipient);
  shared.fill(0);
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: boxAad(context) }, key, plaintext as Uint8Array<ArrayBuffer>);
  return { v: 1, epk: toBase64Url(epk), iv: toBase64Url(iv), sealed: toBase64Url(new Uint8Array(sealed)) };
}

/** Opens a box with the recipient's private key; anything else (another key, another context, a change) is TamperedError. */
export async function openBox(secret: Uint8Array, box: Box, context: readonly (string | number)[]): Promise<Uint8Array> {
  const epk = typeof box?.epk === 'string' ? fromBase64Url(box.epk) : null;
  const iv = typeof box?.iv === 'string' ? fromBase64Url(box.iv) : null;
  const sealed = typeof box?.sealed === 'string' ? fromBase64Url(box.sealed) : null;
  if (box?.v !== 1 || epk?.length !== PUBLIC_BYTES || iv?.length !== 12 || sealed === null || sealed.length < 16) throw new MalformedEnvelopeError({ key: 'shared:crypto.sealedKeyNotValid' });
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secret, epk);
  } catch {
    throw new TamperedError();
  }
  const key = await boxKey(shared, epk, x25519.getPublicKey(secret));
  shared.fill(0);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: boxAad(context) }, key, sealed as Uint8Array<ArrayBuffer>));
  } catch {
    throw new TamperedError();
  }
}
