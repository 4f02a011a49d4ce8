/**
 * Sealing and opening a record's payload through its kind's codec: the one path between a stored
 * document's `sealed` field and a validated value, for the sealed store, the sync merge, backups
 * and transfer files alike. It is also where a record's state is checked against its envelope: a
 * w3 envelope binds `rev`, `updatedAt` and the deleted flag and seals the query fields, so a
 * document whose state differs from what was sealed fails as tampered here, whichever way it came
 * (docs/ARCHITECTURE.md: Wire).
 */
import { envelopePayloadVersion, openRecord, sealRecord, TamperedError, UnknownVersionError, type DataKey, type OpenedRecord, type PlainValue, type RecordState } from '../crypto';
import { wireDocument, type WireDocument } from '../sync/protocol';
import { NewerRecordError } from './codec';
import { codecOf, RECORD_CODECS, type CollectionCodecs } from './kinds';

export type Codecs = Readonly<Record<string, CollectionCodecs>>;

/**
 * A stored document as far as its codec is concerned: id, envelope, state and plaintext fields.
 * `_deleted` absent means live (RxDB's `toJSON()` leaves it out).
 */
export type StoredRecord = RecordToSeal & { sealed: string };

/** A document about to be sealed: its id, state and query fields, set as they will be stored. */
export interface RecordToSeal {
  id: string;
  rev: number;
  updatedAt: number;
  _deleted?: boolean;
}

export interface OpenedPayload<T> {
  value: T;
  /** The version the record was sealed at; below `current`, it was upgraded on the way in. */
  payloadVersion: number;
  current: number;
}

/** Collections whose documents have no query fields (one document per setting, named by its id). */
const WITHOUT_FIELDS = new Set(['settings']);

/** Fields of a document that are its envelope and state, not query fields. */
const STATE_FIELDS = new Set(['id', 'rev', 'updatedAt', 'sealed', '_deleted']);

/** A document's plaintext query fields: everything but its id, envelope and state, and RxDB's underscored bookkeeping. */
export function plainFieldsOf(doc: object): Record<string, PlainValue> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !STATE_FIELDS.has(key) && !key.startsWith('_'))) as Record<string, PlainValue>;
}

/** What a document's envelope must be sealed with: its rev, updatedAt, deleted flag and query fields. */
export function recordState(doc: RecordToSeal): RecordState {
  return { rev: doc.rev, updatedAt: doc.updatedAt, deleted: doc._deleted === true, fields: plainFieldsOf(doc) };
}

/** Opens the envelope against the document's state; a form from the future is a newer record. */
async function openAgainst(key: DataKey, collection: string, doc: StoredRecord): Promise<OpenedRecord> {
  try {
    return await openRecord(key, { collection, id: doc.id }, doc.sealed, recordState(doc));
  } catch (error) {
    if (error instanceof UnknownVersionError) throw new NewerRecordError(null, null);
    throw error;
  }
}

/** Every query field a document carries must be one the envelope sealed, with the same value. */
function checkFields(sealed: Readonly<Record<string, PlainValue>>, carried: Readonly<Record<string, PlainValue>>): void {
  for (const [name, value] of Object.entries(carried)) {
    if (!Object.hasOwn(sealed, name) || sealed[name] !== value) throw new TamperedError({ key: 'shared:crypto.fieldNotSealed', values: { field: name } });
  }
}

/**
 * Encodes at the kind's current version and seals, bound to the document's state (rev,
 * updatedAt, deleted flag) and query fields as they will be stored: set those before sealing.
 * The value returned is what was sealed (after the schema's defaults).
 */
export async function sealPayload<T>(key: DataKey, collection: string, doc: RecordToSeal, value: T, codecs: Codecs = RECORD_CODECS): Promise<{ sealed: string; value: T }> {
  const codec = codecOf(collection, plainFieldsOf(doc), codecs);
  const encoded = codec.encode(value);
  return { sealed: await sealRecord(key, { collection, id: doc.id }, codec.current, encoded, recordState(doc)), value: encoded as T };
}

/**
 * Opens, validates and upgrades a stored record's payload. Typed failures: TamperedError (or
 * another VaultCryptoError: also a rev, updatedAt, deleted flag or query field that is not the
 * sealed one), NewerRecordError (a newer release wrote it: a newer payload version, envelope form
 * or kind), RecordShapeError (authentic but not of its version's shape).
 */
export async function openPayload<T>(key: DataKey, collection: string, doc: StoredRecord, codecs: Codecs = RECORD_CODECS): Promise<OpenedPayload<T>> {
  const opened = await openAgainst(key, collection, doc);
  const carried = plainFieldsOf(doc);
  if (opened.fields !== null) checkFields(opened.fields, carried);
  const codec = codecOf(collection, opened.fields ?? carried, codecs);
  return { value: codec.decode(opened.payloadVersion, opened.value) as T, payloadVersion: opened.payloadVersion, current: codec.current };
}

/** A record from before w3 arrived without its query fields: only the device that wrote it still has them. */
export class MissingFieldsError extends Error {
  override readonly name = 'MissingFieldsError';
  constructor() {
    super('This record was sealed by an older release and arrived without its index fields: it arrives once the device that wrote it has updated');
  }
}

/**
 * A document as received from the server, made whole: a w3 envelope is opened against the
 * document's rev, updatedAt and deleted flag, and its sealed query fields are restored; any field
 * the document carries must be among them with the same value. The payload is not decoded, so a
 * newer payload version is restored too (and kept read-only by the sealed store).
 *
 * A w1/w2 envelope seals no query fields: it is opened (authentic for its place) and keeps those
 * it carries, which were stored before the server stopped keeping them; without any it cannot be
 * indexed (MissingFieldsError). Typed failures otherwise as `openPayload`.
 */
export async function restoreRecord(key: DataKey, collection: string, doc: StoredRecord): Promise<WireDocument & Record<string, PlainValue>> {
  const opened = await openAgainst(key, collection, doc);
  const carried = plainFieldsOf(doc);
  if (opened.fields === null) {
    if (Object.keys(carried).length === 0 && !WITHOUT_FIELDS.has(collection)) throw new MissingFieldsError();
    return { ...carried, ...wireDocument(doc) };
  }
  checkFields(opened.fields, carried);
  return { ...opened.fields, ...wireDocument(doc) };
}

/** Whether a failure to open means "written by a newer release" (kept as it is, read-only), not damage. */
export function isNewerRecord(error: unknown): error is NewerRecordError {
  return error instanceof NewerRecordError;
}

/**
 * Whether a stored record was written by a newer release, read in clear (no key): a kind this
 * release does not know, a payload version above its codec's, or an envelope form from the future.
 */
export function isNewerStored(collection: string, doc: StoredRecord, codecs: Codecs = RECORD_CODECS): boolean {
  let current: number;
  try {
    current = codecOf(collection, plainFieldsOf(doc), codecs).current;
  } catch (error) {
    if (isNewerRecord(error)) return true;
    throw error;
  }
  const version = envelopePayloadVersion(doc.sealed);
  return version === null ? /^w\d+\./.test(doc.sealed) && !/^w[12]\./.test(doc.sealed) : version > current;
}

/**
 * A newer record's payload as it was sealed, authenticated but not interpreted (this release has
 * no schema for it): for showing it read-only. Null when its envelope form cannot be opened here.
 */
export async function openNewerPayload(key: DataKey, collection: string, doc: StoredRecord): Promise<{ payloadVersion: number; value: unknown } | null> {
  try {
    return await openRecord(key, { collection, id: doc.id }, doc.sealed, recordState(doc));
  } catch (error) {
    if (error instanceof UnknownVersionError) return null;
    throw error;
  }
}
