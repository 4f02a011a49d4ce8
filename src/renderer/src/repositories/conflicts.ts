/**
 * Sync conflicts kept for a person to resolve (docs/ARCHITECTURE.md, Sync: a true conflict keeps both versions
 * and flags the record). The conflict handler records them while syncing; the app lists the open
 * ones and records what a person decided. Applying the decision to the record itself goes through
 * that record's own repository, so its rules (a signed note stays as signed) still hold.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { toBase64Url } from '../../../shared/crypto';
import { canonicalJson } from '../../../shared/sync/canonical-json';
import type { MergeConflict, MergeRecord } from '../../../shared/sync/merge';
import type { ConflictDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

type ConflictPlain = Pick<ConflictDocType, 'docCollection' | 'docId' | 'status'>;

/** One of the two versions as it was (an index into `conflict.versions`), or fields combined by hand. */
export type ConflictChoice = { version: 0 | 1 } | { merged: Pick<MergeRecord, 'plain' | 'data'> };

export interface ConflictResolution {
  choice: ConflictChoice;
  /** Staff id of the person who decided. */
  by: string;
  at: string;
}

export interface ConflictDetails {
  conflict: MergeConflict;
  resolution?: ConflictResolution;
}

export type ConflictRecord = Opened<ConflictPlain, ConflictDetails>;

/**
 * The same two stored versions give the same id on every device, so a conflict recorded twice (a
 * retried resolution, two devices) is one record. The digest is over the versions as they travel,
 * sealed: a digest of the plaintext in a plaintext id would let whoever holds the server's
 * database confirm a guessed note.
 */
export async function conflictRecordId(collection: string, docId: string, versions: readonly [unknown, unknown]): Promise<string> {
  const canonical = versions.map(canonicalJson).sort();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([collection, docId, ...canonical])));
  return `conflict-${toBase64Url(new Uint8Array(digest))}`;
}

export class ConflictAlreadyResolvedError extends Error {
  override readonly name = 'ConflictAlreadyResolvedError';
}

export class ConflictsRepository {
  private readonly store: SealedStore<ConflictPlain, ConflictDetails>;

  constructor(collection: RxCollection<ConflictDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** Keeps a conflict found while syncing; `versions` are the two sealed documents in conflict. Recording it again changes nothing. */
  async record(conflict: MergeConflict, versions: readonly [unknown, unknown]): Promise<ConflictRecord> {
    const id = await conflictRecordId(conflict.collection, conflict.id, versions);
    const existing = await this.store.get(id);
    if (existing !== null) return existing;
    try {
      return await this.store.insert(id, { docCollection: conflict.collection, docId: conflict.id, status: 'open' }, { conflict });
    } catch (error) {
      // Recorded meanwhile by a concurrent resolution: the same record by construction.
      const raced = (error as { code?: unknown }).code === 'CONFLICT' ? await this.store.get(id) : null;
      if (raced === null) throw error;
      return raced;
    }
  }

  /** Conflicts nobody has resolved yet, oldest first. */
  open$(): Observable<ConflictRecord[]> {
    return this.store.find$({ status: 'open' }).pipe(map((records) => records.sort((a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : 1))));
  }

  get(id: string): Promise<ConflictRecord | null> {
    return this.store.get(id);
  }

  /** Records a person's decision. A decision is never overwritten: a second one is refused. */
  async resolve(id: string, choice: ConflictChoice, by: string, at: string): Promise<ConflictRecord> {
    if (by.trim() === '') throw new Error(st('repositories.conflicts.needsStaffId'));
    return this.store.update(id, (current) => {
      if (current.status === 'resolved') throw new ConflictAlreadyResolvedError(st('repositories.conflicts.alreadyResolved'));
      return { plain: { status: 'resolved' }, data: { ...current.data, resolution: { choice, by, at } } };
    });
  }
}
