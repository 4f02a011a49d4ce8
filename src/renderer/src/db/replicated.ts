/**
 * The collections whose documents leave the device (to the sync server, into backups) and the form
 * they leave in: as stored, without RxDB's own bookkeeping.
 */
import type { RxCollection } from './storage';
import { SYNC_COLLECTIONS, type SyncCollection, type SyncDocument } from '../../../shared/sync/protocol';
import type { WaypointCollections, WaypointDatabase } from './database';

/** The open collections that replicate, in SYNC_COLLECTIONS order (a process may open only some: tests, benchmarks). */
export function replicatedCollections(db: WaypointDatabase): [SyncCollection, RxCollection][] {
  const open = db.collections as unknown as Partial<Record<keyof WaypointCollections, RxCollection>>;
  return SYNC_COLLECTIONS.flatMap((name) => (name in open ? [[name, open[name as keyof WaypointCollections]!] as [SyncCollection, RxCollection]] : []));
}

/** A stored document without `_meta`, `_rev` and `_attachments`; `_deleted` stays. */
export function withoutStorageFields(doc: unknown): SyncDocument {
  return Object.fromEntries(Object.entries(doc as Record<string, unknown>).filter(([key]) => key === '_deleted' || !key.startsWith('_'))) as SyncDocument;
}
