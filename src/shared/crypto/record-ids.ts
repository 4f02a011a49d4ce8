/**
 * Opaque record ids (docs/ARCHITECTURE.md: Record ids). Ids travel in clear to the server, so an id
 * built from other ids and dates (a member's note of a session, a group's session on a date) would
 * tell it who attended what and when. Where two devices must reach the same id for the same thing
 * (so their records converge instead of duplicating), the id is a keyed hash of what identifies the
 * thing: HMAC-SHA-256 under a key derived from the practice key, cut to 128 bits.
 *
 * The practice key is a non-extractable AES-GCM key, so the HMAC key is derived through it: AES-GCM
 * of 32 zero bytes under one fixed IV used for nothing else (every seal draws a random 96-bit IV)
 * is its CTR keystream, a pseudorandom function of the key. Only that ciphertext is kept, as the
 * raw bytes of a non-extractable HMAC key; they are zeroed after import.
 */
import { toBase64Url, utf8, type CryptoKey } from './encoding';
import type { DataKey } from './envelope';

/** The fixed IV of the derivation: "wp-record-id" (12 bytes). */
const DERIVATION_IV = utf8('wp-record-id');
const DERIVATION_AAD = utf8('waypoint-record-ids-v1');
const DIGEST_BYTES = 16;

const derived = new WeakMap<CryptoKey, Promise<CryptoKey>>();

async function deriveIdKey(base: CryptoKey): Promise<CryptoKey> {
  const stream = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: DERIVATION_IV, additionalData: DERIVATION_AAD }, base, new Uint8Array(32)));
  try {
    return await crypto.subtle.importKey('raw', stream.slice(0, 32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  } finally {
    stream.fill(0);
  }
}

/**
 * The practice's first epoch: ids must stay the same when a new epoch replaces the key, or two
 * devices on different epochs would give one thing two records.
 */
function firstEpoch(dataKey: DataKey): CryptoKey {
  if (dataKey.first === undefined || dataKey.first === dataKey.id) return dataKey.key;
  const first = dataKey.older?.get(dataKey.first);
  if (first === undefined) throw new Error('The practice key’s first epoch is not held on this device, so record ids cannot be made');
  return first;
}

/** The HMAC key of a practice, derived once per key in memory. */
function idKeyOf(dataKey: DataKey): Promise<CryptoKey> {
  const base = firstEpoch(dataKey);
  let key = derived.get(base);
  if (key === undefined) {
    key = deriveIdKey(base);
    derived.set(base, key);
  }
  return key;
}

/**
 * `<prefix>-<22 base64url characters>`: the same for the same practice key, prefix and parts, and
 * nothing of the parts readable without the key. The prefix is a word of the kind of id (`note`,
 * `session`), never a value that says something about a client.
 */
export async function opaqueRecordId(dataKey: DataKey, prefix: string, parts: readonly string[]): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await idKeyOf(dataKey), utf8(JSON.stringify([prefix, ...parts])));
  return `${prefix}-${toBase64Url(new Uint8Array(mac).slice(0, DIGEST_BYTES))}`;
}
