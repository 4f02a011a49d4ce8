/**
 * RxDB conflict handlers for sealed collections (DESIGN.md §3, §5). When a push finds that the
 * server moved on, RxDB calls `resolve` with the ancestor this device assumed, the server's state
 * and this device's state: they are unsealed, merged by the shared rules (src/shared/sync/merge.ts),
 * and the result is sealed again for RxDB to write locally and push.
 *
 * RxDB reads `collection.conflictHandler` when a replication starts, so the sync client sets it
 * then: the vault and the conflicts repository only exist once the database is open.
 *
 * A locked vault: no answer is safe without the key (the server's state would drop this device's
 * edit; this device's state would overwrite the other one), so `resolve` waits for the unlock.
 * Throwing would not do: RxDB (17.6) reports the error on error$ and keeps the local edit, but
 * documents pulled in the same run move its upstream checkpoint past this one, which is then not
 * pushed again until it is next edited here. While `resolve` waits, RxDB's push queue for the
 * collection waits with it (nothing is written locally while locked anyway) and its checkpoint
 * stays put, so even a restart retries the document.
 */
import type { RxCollection, RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb/plugins/core';
import { sealJson, unsealJson } from '../../../shared/crypto';
import { mergeRecords, type MergeConflict, type MergeRecord, type PlainValue } from '../../../shared/sync/merge';
import type { SealedFields } from '../db/schemas';
import { VaultLockedError, type KeySource } from '../db/sealed-store';

/** Where true conflicts go (the conflicts repository); recording the same one twice must change nothing. */
export interface ConflictSink {
  /** `versions`: the two sealed documents in conflict, as they travel. */
  record(conflict: MergeConflict, versions: readonly [WithDeleted<SealedFields>, WithDeleted<SealedFields>]): Promise<unknown>;
}

const ENVELOPE_FIELDS = new Set(['id', 'rev', 'updatedAt', 'sealed']);

export interface ConflictHandlerOptions {
  keys: KeySource;
  /** Resolves when the vault is unlocked (at once if it is). */
  whenUnlocked: () => Promise<void>;
  sink: ConflictSink;
}

export function sealedConflictHandler<Doc extends SealedFields>(collection: RxCollection<Doc>, { keys, whenUnlocked, sink }: ConflictHandlerOptions): RxConflictHandler<Doc> {
  // The context SealedStore seals with: a blob only opens on the record it was sealed for.
  const context = (id: string) => ({ collection: collection.name, id, schemaVersion: collection.schema.version });

  async function open(doc: WithDeleted<Doc>): Promise<MergeRecord> {
    // Underscored fields (_deleted, and _meta/_attachments should RxDB pass them) are not the record's.
    const plain = Object.fromEntries(Object.entries(doc).filter(([key]) => !ENVELOPE_FIELDS.has(key) && !key.startsWith('_'))) as Record<string, PlainValue>;
    const data = await unsealJson<unknown>(keys.requireKey(), context(doc.id), doc.sealed);
    return { plain, data, rev: doc.rev, updatedAt: doc.updatedAt, deleted: doc._deleted };
  }

  const isEqual = (a: WithDeleted<Doc>, b: WithDeleted<Doc>) => a.rev === b.rev && a.sealed === b.sealed && a._deleted === b._deleted;

  async function merge({ assumedMasterState, realMasterState, newDocumentState }: RxConflictHandlerInput<Doc>): Promise<WithDeleted<Doc>> {
    const id = newDocumentState.id;
    const [base, theirs, mine] = await Promise.all([assumedMasterState ? open(assumedMasterState) : null, open(realMasterState), open(newDocumentState)]);
    const { merged, conflict } = mergeRecords({ collection: collection.name, id, base, mine, theirs });
    // Recorded before the merge is written: if recording fails, nothing was resolved and nothing is lost.
    if (conflict !== null) await sink.record(conflict, [realMasterState, newDocumentState]);
    const sealed = await sealJson(keys.requireKey(), context(id), merged.data);
    return { ...merged.plain, id, rev: merged.rev, updatedAt: merged.updatedAt, sealed, _deleted: merged.deleted } as unknown as WithDeleted<Doc>;
  }

  return {
    // Called often and must be synchronous: every write seals afresh (random IV), so the envelope identifies a version.
    isEqual,
    async resolve(input) {
      // Our own push that landed before its answer was lost, and is now retried.
      if (isEqual(input.realMasterState, input.newDocumentState)) return input.realMasterState;
      for (;;) {
        await whenUnlocked();
        try {
          return await merge(input);
        } catch (error) {
          // Locked again mid-way: start over after the next unlock (recording a conflict twice changes nothing).
          if (!(error instanceof VaultLockedError)) throw error;
        }
      }
    },
  };
}
