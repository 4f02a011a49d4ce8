/**
 * RxDB conflict handlers for sealed collections (docs/ARCHITECTURE.md: Sync, RxDB facts). When a push finds that the
 * server moved on, RxDB calls `resolve` with the ancestor this device assumed, the server's state
 * and this device's state: they are unsealed, merged by the shared rules (src/shared/sync/merge.ts),
 * and the result is sealed again for RxDB to write locally and push (sealed-merge.ts, the step
 * transfer files share).
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
import type { RxCollection, RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import type { SealedFields } from '../db/schemas';
import { VaultLockedError, type KeySource } from '../db/sealed-store';
import { sealedMerger, type ConflictSink } from './sealed-merge';

export interface ConflictHandlerOptions {
  keys: KeySource;
  /** Resolves when the vault is unlocked (at once if it is). */
  whenUnlocked: () => Promise<void>;
  sink: ConflictSink;
}

export function sealedConflictHandler<Doc extends SealedFields>(collection: RxCollection<Doc>, { keys, whenUnlocked, sink }: ConflictHandlerOptions): RxConflictHandler<Doc> {
  const merger = sealedMerger<Doc>(collection, keys, sink);
  const isEqual = (a: WithDeleted<Doc>, b: WithDeleted<Doc>) => a.rev === b.rev && a.sealed === b.sealed && a._deleted === b._deleted;

  return {
    // Called often and must be synchronous: every write seals afresh (random IV), so the envelope identifies a version.
    isEqual,
    async resolve(input) {
      // Our own push that landed before its answer was lost, and is now retried.
      if (isEqual(input.realMasterState, input.newDocumentState)) return input.realMasterState;
      for (;;) {
        await whenUnlocked();
        try {
          // The server's state is the other side; the state RxDB assumed it had is the common ancestor.
          const { doc } = await merger.merge({ base: input.assumedMasterState ?? null, mine: input.newDocumentState, theirs: input.realMasterState });
          return doc;
        } catch (error) {
          // Locked again mid-way: start over after the next unlock (recording a conflict twice changes nothing).
          if (!(error instanceof VaultLockedError)) throw error;
        }
      }
    },
  };
}
