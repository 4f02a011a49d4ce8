/**
 * How an older backup becomes current, in two independent steps:
 *
 * - **Format upgrades** change the file's own shapes (header, keyring, document lines) one format
 *   version at a time. The framing (one JSON value per line, header first, trailer last) never
 *   changes: the digest and its seal are checked on the bytes as written, before any upgrade.
 * - **Collection migrations** change stored documents one RxDB schema version at a time. A sealed
 *   document's envelope binds its schema version, so a migration opens the document under the old
 *   version and seals it again under the new one: this needs the practice key, so it runs during a
 *   restore, after the secret has opened the key.
 */
import { sealJson, unsealJson, type DataKey } from '../crypto';
import type { SyncDocument } from '../sync/protocol';

export interface RawChunk {
  collection: string;
  documents: unknown[];
}

export interface FormatUpgrade {
  /** The format version this reads; what it returns is format `from + 1`. */
  from: number;
  header(header: Record<string, unknown>): Record<string, unknown>;
  keyring(keyring: unknown): unknown;
  chunk(chunk: RawChunk): RawChunk;
}

/** Format 1 is the first format. When the file changes, the upgrade from the previous format goes here. */
export const FORMAT_UPGRADES: readonly FormatUpgrade[] = [];

/** What a collection migration sees: the plaintext fields (id, rev, updatedAt, _deleted included) and the decrypted part. */
export interface OpenedDocument {
  plain: Record<string, unknown>;
  data: unknown;
}

/** Takes one document from schema version v to v + 1. */
export type DocumentMigration = (doc: OpenedDocument) => OpenedDocument;
export type CollectionMigrations = Readonly<Partial<Record<string, readonly DocumentMigration[]>>>;

/**
 * Per collection, entry v takes a document from schema version v to v + 1. Every schema is still
 * at version 0, so there are none yet. A schema change adds its step here, and the app's own RxDB
 * migration strategy for that version should call the same function (a test checks that every
 * collection has a step for each version below its current one).
 */
export const COLLECTION_MIGRATIONS: CollectionMigrations = {};

/** The chain of upgrades from `version` to `current`, or null when some step is missing. */
export function formatUpgradePath(version: number, current: number, upgrades: readonly FormatUpgrade[] = FORMAT_UPGRADES): FormatUpgrade[] | null {
  const path: FormatUpgrade[] = [];
  for (let v = version; v < current; v++) {
    const step = upgrades.find((u) => u.from === v);
    if (step === undefined) return null;
    path.push(step);
  }
  return path;
}

const PARALLEL = 64;

/** Opens each document under schema version `from`, applies the steps to `to`, and seals it again under `to`. */
export async function migrateDocuments(
  key: DataKey,
  collection: string,
  documents: readonly SyncDocument[],
  from: number,
  to: number,
  migrations: CollectionMigrations = COLLECTION_MIGRATIONS,
): Promise<SyncDocument[]> {
  if (from === to) return [...documents];
  const steps = (migrations[collection] ?? []).slice(from, to);
  if (steps.length !== to - from) throw new Error(`Waypoint has no migration of ${collection} records from schema version ${from} to ${to}`);
  const migrate = async (doc: SyncDocument): Promise<SyncDocument> => {
    const { sealed, ...plain } = doc;
    let current: OpenedDocument = { plain, data: await unsealJson(key, { collection, id: doc.id, schemaVersion: from }, sealed) };
    for (const step of steps) current = step(current);
    // The id is where the record lives; a migration changes what it holds, never which record it is.
    const resealed = await sealJson(key, { collection, id: doc.id, schemaVersion: to }, current.data);
    return { ...current.plain, id: doc.id, sealed: resealed } as SyncDocument;
  };
  const out: SyncDocument[] = [];
  for (let i = 0; i < documents.length; i += PARALLEL) out.push(...(await Promise.all(documents.slice(i, i + PARALLEL).map(migrate))));
  return out;
}
