/**
 * Records this device holds that a newer release of Waypoint wrote: kept byte for byte, left out of
 * lists and refused for editing. The app says how many there are, shows them read-only, and says
 * that updating opens them for editing.
 */
import { BehaviorSubject, distinctUntilChanged, map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import { isNewerStored, openNewerPayload, RECORD_CODECS, type Codecs, type StoredRecord } from '../../../shared/records';
import type { KeySource } from './sealed-store';

interface Place {
  name: string;
  database: { name: string };
}

class NewerRecords {
  private readonly held = new BehaviorSubject<ReadonlySet<string>>(new Set());

  private key(collection: Place, id: string): string {
    return JSON.stringify([collection.database.name, collection.name, id]);
  }

  note(collection: Place, id: string): void {
    const key = this.key(collection, id);
    if (!this.held.value.has(key)) this.held.next(new Set([...this.held.value, key]));
  }

  /** The record opened after all (replaced by a version this release knows). */
  forget(collection: Place, id: string): void {
    const key = this.key(collection, id);
    if (!this.held.value.has(key)) return;
    const next = new Set(this.held.value);
    next.delete(key);
    this.held.next(next);
  }

  /** How many such records have been met since the app started. */
  count$(): Observable<number> {
    return this.held.pipe(
      map((held) => held.size),
      distinctUntilChanged(),
    );
  }
}

export const newerRecords = new NewerRecords();

/** A record a newer release wrote, as far as this release can show it: never editable. */
export interface NewerRecordView {
  collection: string;
  id: string;
  /** Its plaintext fields (kind, dates, statuses, ids), as stored. */
  plain: Record<string, string | number | boolean>;
  updatedAt: number;
  /** The payload as sealed (authenticated, not interpreted); null when its envelope form is unknown here. */
  payload: { payloadVersion: number; value: unknown } | null;
}

const HIDDEN_PLAIN = new Set(['id', 'rev', 'updatedAt', 'sealed', '_deleted']);

/** Finds the newer records among the stored ones (in clear) and opens them for reading only. */
export class NewerRecordsReader {
  constructor(
    private readonly collections: readonly (readonly [string, RxCollection])[],
    private readonly keys: KeySource,
    private readonly codecs: Codecs = RECORD_CODECS,
  ) {}

  /** Whether the stored record `id` of `collection` is one a newer release wrote (read in clear). */
  async isNewer(collection: string, id: string): Promise<boolean> {
    const target = this.collections.find(([name]) => name === collection)?.[1];
    const doc = await target?.findOne(id).exec();
    return doc != null && isNewerStored(collection, doc.toJSON() as unknown as StoredRecord, this.codecs);
  }

  async list(): Promise<NewerRecordView[]> {
    const key = this.keys.requireKey();
    const views: NewerRecordView[] = [];
    for (const [name, collection] of this.collections) {
      const docs = (await collection.find().exec()).map((doc) => doc.toJSON() as unknown as StoredRecord & { updatedAt: number; _deleted?: boolean });
      for (const doc of docs) {
        if (doc._deleted || !isNewerStored(name, doc, this.codecs)) continue;
        newerRecords.note(collection, doc.id);
        const plain = Object.fromEntries(Object.entries(doc).filter(([field, value]) => !HIDDEN_PLAIN.has(field) && ['string', 'number', 'boolean'].includes(typeof value))) as NewerRecordView['plain'];
        views.push({ collection: name, id: doc.id, plain, updatedAt: doc.updatedAt, payload: await openNewerPayload(key, name, doc) });
      }
    }
    return views;
  }
}
