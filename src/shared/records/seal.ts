/**
 * Sealing and opening a record's payload through its kind's codec: the one path between a stored
 * document's `sealed` field and a validated value, for the sealed store, the sync merge, backups
 * and transfer files alike.
 */
import { envelopePayloadVersion, openRecord, sealRecord, UnknownVersionError, type DataKey } from '../crypto';
import { NewerRecordError } from './codec';
import { codecOf, RECORD_CODECS, type CollectionCodecs } from './kinds';

export type Codecs = Readonly<Record<string, CollectionCodecs>>;

/** A stored document as far as its codec is concerned: id, envelope and plaintext fields. */
export type StoredRecord = { id: string; sealed: string } & Readonly<Record<string, unknown>>;

export interface OpenedPayload<T> {
  value: T;
  /** The version the record was sealed at; below `current`, it was upgraded on the way in. */
  payloadVersion: number;
  current: number;
}

/** Encodes at the kind's current version and seals; the value returned is what was sealed (after the schema's defaults). */
export async function sealPayload<T>(key: DataKey, collection: string, doc: Readonly<Record<string, unknown>> & { id: string }, value: T, codecs: Codecs = RECORD_CODECS): Promise<{ sealed: string; value: T }> {
  const codec = codecOf(collection, doc, codecs);
  const encoded = codec.encode(value);
  return { sealed: await sealRecord(key, { collection, id: doc.id }, codec.current, encoded), value: encoded as T };
}

/**
 * Opens, validates and upgrades a stored record's payload. Typed failures: TamperedError (or
 * another VaultCryptoError), NewerRecordError (a newer release wrote it: a newer payload version,
 * envelope form or kind), RecordShapeError (authentic but not of its version's shape).
 */
export async function openPayload<T>(key: DataKey, collection: string, doc: StoredRecord, codecs: Codecs = RECORD_CODECS): Promise<OpenedPayload<T>> {
  const codec = codecOf(collection, doc, codecs);
  let opened: Awaited<ReturnType<typeof openRecord>>;
  try {
    opened = await openRecord(key, { collection, id: doc.id }, doc.sealed);
  } catch (error) {
    if (error instanceof UnknownVersionError) throw new NewerRecordError(null, codec.current);
    throw error;
  }
  return { value: codec.decode(opened.payloadVersion, opened.value) as T, payloadVersion: opened.payloadVersion, current: codec.current };
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
    current = codecOf(collection, doc, codecs).current;
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
    return await openRecord(key, { collection, id: doc.id }, doc.sealed);
  } catch (error) {
    if (error instanceof UnknownVersionError) return null;
    throw error;
  }
}
