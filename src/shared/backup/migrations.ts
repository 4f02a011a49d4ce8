/**
 * How an older backup becomes current, in two independent steps:
 *
 * - **Format upgrades** change the file's own shapes (header, keyring, document lines) one format
 *   version at a time. The framing (one JSON value per line, header first, trailer last) never
 *   changes: the digest and its seal are checked on the bytes as written, before any upgrade.
 * - **Collection migrations** change stored documents' plaintext index fields one RxDB schema
 *   version at a time. They never need the key: a record envelope binds its payload version, not
 *   the schema version, and payloads change through their codecs (src/shared/records) when read.
 */
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
export const FORMAT_UPGRADES: readonly FormatUpgrade[] = [
  /**
   * 1 → 2: key epochs. The keyring may hold earlier epochs and the newest boxed to holders, and
   * wraps name their holder key; a format-1 file has one epoch and none of these, so only the
   * stated version changes. (A release that reads format 1 only says "newer" instead of "altered".)
   */
  { from: 1, header: (header) => ({ ...header, formatVersion: 2 }), keyring: (keyring) => keyring, chunk: (chunk) => chunk },
];

/** Takes one document's plaintext fields (id, rev, updatedAt, _deleted included; not `sealed`) from schema version v to v + 1. */
export type DocumentMigration = (plain: Record<string, unknown>) => Record<string, unknown>;
export type CollectionMigrations = Readonly<Partial<Record<string, readonly DocumentMigration[]>>>;

/** A step that only widened the schema (new kinds in an enum): every older document is valid as it is. */
export const unchanged: DocumentMigration = (plain) => plain;

/**
 * Per collection, entry v takes a document from schema version v to v + 1. A schema change adds
 * its step here; the app's RxDB migration strategies are built from this list (db/database.ts), so
 * a device, a restored backup and an imported transfer file migrate alike (a test checks that
 * every collection has a step for each version below its current one).
 */
export const COLLECTION_MIGRATIONS: CollectionMigrations = {
  /** 0 → 1: Part 2 consent, signature and disclosure kinds added. 1 → 2: scan and breach kinds, statuses open and closed. */
  clients: [unchanged, unchanged],
  /** 0 → 1: kinds authorization; ASAM assessment, drug screen, expected medications and sobriety confirmation. */
  plans: [unchanged],
  /** 0 → 1: action break-glass. 1 → 2: action break-glass-failed (and room for its name). 2 → 3: actions client-archived and client-returned. */
  audit: [unchanged, unchanged, unchanged],
};

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

/** Applies the steps from schema version `from` to `to` to each document's plaintext fields; the envelope is kept byte for byte. */
export function migrateDocuments(collection: string, documents: readonly SyncDocument[], from: number, to: number, migrations: CollectionMigrations = COLLECTION_MIGRATIONS): SyncDocument[] {
  if (from === to) return [...documents];
  const steps = (migrations[collection] ?? []).slice(from, to);
  if (steps.length !== to - from) throw new Error(`Waypoint has no migration of ${collection} records from schema version ${from} to ${to}`);
  return documents.map((doc) => {
    const { sealed, ...plain } = doc;
    const migrated = steps.reduce((current, step) => step(current), plain as Record<string, unknown>);
    // The id is where the record lives; a migration changes its index fields, never which record it is.
    return { ...migrated, id: doc.id, sealed } as SyncDocument;
  });
}
