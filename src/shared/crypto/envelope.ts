/**
 * The sealed envelope: one AES-256-GCM encryption of a JSON value, in three forms (base64url parts):
 *
 *   w1.A256GCM.<key id>.<iv>.<ciphertext + tag>                      a blob whose container states its version
 *   w2.A256GCM.<key id>.<payload version>.<iv>.<ciphertext + tag>    a record: its payload version in clear
 *   w3.A256GCM.<key id>.<payload version>.<iv>.<ciphertext + tag>    a record bound to its state (below)
 *
 * Each seal draws a fresh random 96-bit IV. The additional authenticated data binds the format,
 * the key id and the value's place (collection, document id, and for w1 the version its container
 * names, for w2/w3 the payload version it states), so a sealed blob copied onto another record, or
 * whose stated version was changed, fails as tampered.
 *
 * A w3 record also binds its state: `rev`, `updatedAt` and the deleted flag are in the AAD, and
 * its plaintext query fields (kind, status, foreign ids, dates) are sealed with the payload, so
 * the server need not hold them and cannot change them unnoticed (docs/ARCHITECTURE.md: Wire).
 *
 * Records sealed by release 0.1.0 are w1 with the RxDB schema version (always 0 then) in the AAD:
 * they open as payload version 1 (`openRecord`). w2 records (written before w3) still open. New
 * records are always w3.
 */
import { fromBase64Url, fromUtf8, randomBytes, toBase64Url, utf8, type CryptoKey } from './encoding';
import { MalformedEnvelopeError, TamperedError, UnknownVersionError, WrongKeyError } from './errors';

export const ENVELOPE_VERSION = 'w1';
/** The record envelope every write uses. */
export const RECORD_ENVELOPE_VERSION = 'w3';
/** Records sealed before their state was bound: they open, and the re-sealer turns them into w3. */
const UNBOUND_RECORD_ENVELOPE_VERSION = 'w2';
/** What release 0.1.0 bound into a record's AAD: its RxDB schema version, 0 for every collection then. */
const LEGACY_RECORD_SCHEMA_VERSION = 0;
/** A w1 record is payload version 1: the first shape of every record kind. */
export const LEGACY_PAYLOAD_VERSION = 1;
const PAYLOAD_VERSION = /^[1-9][0-9]{0,5}$/;
export const ENVELOPE_ALGORITHM = 'A256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * A practice key in memory: a non-extractable AES-GCM CryptoKey and its public id, the newest
 * epoch, which seals. `older` holds the earlier epochs this session could open (by key id): they
 * only open what was sealed before (docs/ARCHITECTURE.md, Key epochs).
 */
export interface DataKey {
  id: string;
  key: CryptoKey;
  older?: ReadonlyMap<string, CryptoKey>;
  /** The practice's first epoch, when this is a later one (in `older`): record ids are derived from it, so they never change with the key. */
  first?: string;
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

/** Where a record lives; authenticated, not encrypted. */
export interface RecordPlace {
  collection: string;
  id: string;
}

/** What a w3 envelope binds besides its place: the record's own counter, time and deleted flag. */
export interface RecordBinding {
  rev: number;
  updatedAt: number;
  deleted: boolean;
}

/** A plaintext query field's value (ids, enums, dates, numbers, flags). */
export type PlainValue = string | number | boolean;

/** A record's state as sealed in w3: the binding and the query fields it carries sealed. */
export interface RecordState extends RecordBinding {
  fields: Readonly<Record<string, PlainValue>>;
}

const KNOWN_FORMS = new Set([ENVELOPE_VERSION, UNBOUND_RECORD_ENVELOPE_VERSION, RECORD_ENVELOPE_VERSION]);

/** The key id an envelope names, read without opening it; null when it is not a w1, w2 or w3 envelope. */
export function envelopeKeyId(sealed: string): string | null {
  const parts = sealed.split('.', 3);
  return KNOWN_FORMS.has(parts[0]!) && parts.length === 3 ? parts[2]! : null;
}

/** Whether a record's envelope binds its state and query fields (w3), read without the key. */
export function envelopeBindsState(sealed: string): boolean {
  return sealed.startsWith(`${RECORD_ENVELOPE_VERSION}.`);
}

/**
 * The payload version a record's envelope states, read without the key (a w1 record is version 1);
 * null when it is not a record envelope. Stated, not proven: opening it checks the claim.
 */
export function envelopePayloadVersion(sealed: string): number | null {
  const parts = sealed.split('.', 5);
  if (parts[0] === ENVELOPE_VERSION) return parts.length === 5 ? LEGACY_PAYLOAD_VERSION : null;
  if ((parts[0] !== RECORD_ENVELOPE_VERSION && parts[0] !== UNBOUND_RECORD_ENVELOPE_VERSION) || parts.length < 5 || !PAYLOAD_VERSION.test(parts[3]!)) return null;
  return Number(parts[3]);
}

function aad(keyId: string, context: SealContext): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['waypoint-envelope', ENVELOPE_VERSION, ENVELOPE_ALGORITHM, keyId, context.collection, context.id, context.schemaVersion]));
}

function unboundRecordAad(keyId: string, place: RecordPlace, payloadVersion: number): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['waypoint-envelope', UNBOUND_RECORD_ENVELOPE_VERSION, ENVELOPE_ALGORITHM, keyId, place.collection, place.id, payloadVersion]));
}

function recordAad(keyId: string, place: RecordPlace, payloadVersion: number, { rev, updatedAt, deleted }: RecordBinding): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['waypoint-envelope', RECORD_ENVELOPE_VERSION, ENVELOPE_ALGORITHM, keyId, place.collection, place.id, payloadVersion, rev, updatedAt, deleted]));
}

async function encrypt(key: DataKey, additionalData: Uint8Array<ArrayBuffer>, plaintext: Uint8Array<ArrayBuffer>): Promise<{ iv: string; ciphertext: string }> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key.key, plaintext);
  return { iv: toBase64Url(iv), ciphertext: toBase64Url(new Uint8Array(ciphertext)) };
}

/** Checks the algorithm, key id, IV and ciphertext parts and decrypts; any authentication failure is tampering. */
async function decrypt(key: DataKey, [algorithm, keyId, ivText, ciphertextText]: readonly string[], additionalData: (keyId: string) => Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  if (algorithm !== ENVELOPE_ALGORITHM) throw new UnknownVersionError({ key: 'shared:crypto.algorithmUnknown' });
  if (keyId === undefined || !isKeyId(keyId)) throw new MalformedEnvelopeError();
  const iv = fromBase64Url(ivText ?? '');
  const ciphertext = fromBase64Url(ciphertextText ?? '');
  if (iv === null || iv.length !== IV_BYTES || ciphertext === null || ciphertext.length < TAG_BYTES) throw new MalformedEnvelopeError();
  const opener = keyId === key.id ? key.key : key.older?.get(keyId);
  if (opener === undefined) throw new WrongKeyError();
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: additionalData(keyId) }, opener, ciphertext as Uint8Array<ArrayBuffer>),
    );
  } catch {
    throw new TamperedError();
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(fromUtf8(bytes)) as unknown;
  } catch {
    // Authenticated but not JSON: only a bug on the sealing side can produce this.
    throw new MalformedEnvelopeError({ key: 'shared:crypto.notJson' });
  }
}

/** The parts of an envelope of this form, or the reason it is not one. A future form reports itself as such. */
function partsOf(sealed: unknown, version: string, count: number): string[] {
  if (typeof sealed !== 'string') throw new MalformedEnvelopeError();
  const parts = sealed.split('.');
  if (parts[0] !== version) {
    if (parts.length >= 2 && /^w\d+$/.test(parts[0]!) && !KNOWN_FORMS.has(parts[0]!)) throw new UnknownVersionError();
    throw new MalformedEnvelopeError();
  }
  if (parts.length !== count) throw new MalformedEnvelopeError();
  return parts.slice(1);
}

/** A w3 record's sealed JSON: its query fields and its payload. */
interface SealedRecord {
  f: Record<string, PlainValue>;
  v: unknown;
}

const isFieldValue = (v: unknown): v is PlainValue => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Seals a record's payload (JSON) at its payload version, stated in clear and bound into the AAD
 * with the record's rev, updatedAt and deleted flag; its query fields are sealed beside the payload.
 */
export async function sealRecord(key: DataKey, place: RecordPlace, payloadVersion: number, value: unknown, state: RecordState): Promise<string> {
  if (!PAYLOAD_VERSION.test(String(payloadVersion))) throw new RangeError(`Not a payload version: ${payloadVersion}`);
  if (!Number.isInteger(state.rev) || !Number.isFinite(state.updatedAt)) throw new RangeError('A record is sealed with an integer rev and a finite updatedAt');
  const sealed: SealedRecord = { f: { ...state.fields }, v: value };
  const { iv, ciphertext } = await encrypt(key, recordAad(key.id, place, payloadVersion, state), utf8(JSON.stringify(sealed)));
  return `${RECORD_ENVELOPE_VERSION}.${ENVELOPE_ALGORITHM}.${key.id}.${payloadVersion}.${iv}.${ciphertext}`;
}

export interface OpenedRecord {
  payloadVersion: number;
  value: unknown;
  /** The query fields sealed with a w3 record; null for w1/w2, which seal none. */
  fields: Record<string, PlainValue> | null;
}

/**
 * Opens a record's envelope: its authenticated payload, the version it was sealed at and (w3) its
 * sealed query fields. A w1 envelope (release 0.1.0) is version 1. A w3 envelope opens only with
 * the rev, updatedAt and deleted flag it was sealed with. Changing the stated version, the bound
 * state, or turning one form into another, fails as tampered.
 */
export async function openRecord(key: DataKey, place: RecordPlace, sealed: string, binding: RecordBinding): Promise<OpenedRecord> {
  if (typeof sealed === 'string' && sealed.startsWith(`${ENVELOPE_VERSION}.`)) {
    const bytes = await unsealBytes(key, { ...place, schemaVersion: LEGACY_RECORD_SCHEMA_VERSION }, sealed);
    return { payloadVersion: LEGACY_PAYLOAD_VERSION, value: parseJson(bytes), fields: null };
  }
  const form = typeof sealed === 'string' && sealed.startsWith(`${UNBOUND_RECORD_ENVELOPE_VERSION}.`) ? UNBOUND_RECORD_ENVELOPE_VERSION : RECORD_ENVELOPE_VERSION;
  const [algorithm, keyId, versionText, iv, ciphertext] = partsOf(sealed, form, 6) as [string, string, string, string, string];
  if (!PAYLOAD_VERSION.test(versionText)) throw new MalformedEnvelopeError();
  const payloadVersion = Number(versionText);
  if (form === UNBOUND_RECORD_ENVELOPE_VERSION) {
    const bytes = await decrypt(key, [algorithm, keyId, iv, ciphertext], (id) => unboundRecordAad(id, place, payloadVersion));
    return { payloadVersion, value: parseJson(bytes), fields: null };
  }
  const opened = parseJson(await decrypt(key, [algorithm, keyId, iv, ciphertext], (id) => recordAad(id, place, payloadVersion, binding))) as Partial<SealedRecord> | null;
  const fields = opened?.f;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || !Object.values(fields).every(isFieldValue) || !('v' in opened!)) {
    throw new MalformedEnvelopeError({ key: 'shared:crypto.notSealedRecord' });
  }
  return { payloadVersion, value: opened!.v, fields };
}

export async function sealBytes(key: DataKey, context: SealContext, plaintext: Uint8Array<ArrayBuffer>): Promise<string> {
  const { iv, ciphertext } = await encrypt(key, aad(key.id, context), plaintext);
  return `${ENVELOPE_VERSION}.${ENVELOPE_ALGORITHM}.${key.id}.${iv}.${ciphertext}`;
}

export async function unsealBytes(key: DataKey, context: SealContext, sealed: string): Promise<Uint8Array> {
  // The version is checked first so that a future format with a different shape reports itself.
  const parts = partsOf(sealed, ENVELOPE_VERSION, 5);
  return decrypt(key, parts, (keyId) => aad(keyId, context));
}

export function sealJson(key: DataKey, context: SealContext, value: unknown): Promise<string> {
  return sealBytes(key, context, utf8(JSON.stringify(value)));
}

export async function unsealJson<T>(key: DataKey, context: SealContext, sealed: string): Promise<T> {
  return parseJson(await unsealBytes(key, context, sealed)) as T;
}
