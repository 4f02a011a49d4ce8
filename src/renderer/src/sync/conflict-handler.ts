/**
 * RxDB conflict handlers for sealed collections (docs/ARCHITECTURE.md: Sync, RxDB facts). When a push finds that the
 * server moved on, RxDB calls `resolve` with the ancestor this device assumed, the server's state
 * and this device's state: they are unsealed, merged by the shared rules (src/shared/sync/merge.ts),
 * and the result is sealed again for RxDB to write locally and push: the arrival module's decision
 * (arrival/arrival.ts), the one transfer files and restores go through too.
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
import type { Arrival } from '../arrival/arrival';
import type { SyncDocument } from '../../../shared/sync/protocol';
import type { SealedFields } from '../db/schemas';
import { VaultLockedError } from '../db/sealed-store';
import { withoutStorageFields, type RxCollection, type RxConflictHandler, type WithDeleted } from '../db/storage';

export interface ConflictHandlerOptions {
  /** The one way remote versions enter the device: decides, merges and keeps true conflicts. */
  arrival: Arrival;
  /** Resolves when the vault is unlocked (at once if it is). */
  whenUnlocked: () => Promise<void>;
  /** Whether this device pushed that version (its answer lost): then it is an ancestor of this device's current one. */
  sentHere?: (doc: SyncDocument) => boolean;
  /** Whether the server held that version (acknowledged from here, pulled, or named by the server as superseded): every later server version descends from it. */
  knownToServer?: (doc: SyncDocument) => boolean;
  /** The last version of a record the server held that RxDB may not have recorded as its state: acknowledged from here after a stop or a local edit, or just pulled (null if none). */
  lastHeld?: (id: string) => Promise<SyncDocument | null>;
}

/**
 * The context under which RxDB (17.6, downstream.js) asks whether a pulled version (first) equals the
 * stored one (second), when the stored one is the server's state as RxDB last recorded it: unless
 * equal, it writes the pulled one over it. A pull the server answered before this device's push
 * was written, taken in after RxDB recorded that push, holds the older version; the server's revs
 * of a record only grow, so a lower one is never written back (sync-service.ts leaves such versions
 * out of the pull; this covers the moment between the pull's answer and RxDB's write).
 */
const PULLED_OVER_STORED = 'downstream-check-if-equal-1';

export function sealedConflictHandler<Doc extends SealedFields>(collection: RxCollection<Doc>, { arrival, whenUnlocked, sentHere, knownToServer, lastHeld }: ConflictHandlerOptions): RxConflictHandler<Doc> {
  const isEqual = (a: WithDeleted<Doc>, b: WithDeleted<Doc>, context?: string) =>
    (a.rev === b.rev && a.sealed === b.sealed && a._deleted === b._deleted) || (context === PULLED_OVER_STORED && a.rev < b.rev);

  return {
    // Called often and must be synchronous: every write seals afresh (random IV), so the envelope identifies a version.
    isEqual,
    async resolve(input) {
      // Our own push that landed before its answer was lost, and is now retried.
      if (isEqual(input.realMasterState, input.newDocumentState)) return input.realMasterState;
      // The server's state is older than the one RxDB took from it (an older version replayed, or the server restored
      // from a backup; SyncService reports it): this device's version descends from the newer one and stands, sent again.
      if (input.assumedMasterState && input.realMasterState.rev < input.assumedMasterState.rev) return input.newDocumentState;
      for (;;) {
        await whenUnlocked();
        try {
          // The server's state is the other side; the state RxDB assumed it had is the common ancestor.
          const [mine, theirs] = [withoutStorageFields(input.newDocumentState), withoutStorageFields(input.realMasterState)];
          // The server's state may be this device's own earlier version, pushed and its answer lost: RxDB then assumed
          // no state (or an older one), though what this device has now was made from it. Or ours is a version the server
          // held, pushed with an older assumed state: acknowledged after RxDB stopped listening (a lock or restart
          // mid-push), or pulled and written just before a stop, before RxDB recorded it as the server's state, or
          // pushed, its answer lost, and built on by another device (the server names it superseded). The server's
          // state was made from ours (it accepts only writes that assumed its state, so its history is one line).
          const assumed = input.assumedMasterState ? withoutStorageFields(input.assumedMasterState) : null;
          const base = sentHere?.(theirs) ? theirs : knownToServer?.(mine) ? mine : assumed;
          // Also an ancestor of both: a version of ours acknowledged after RxDB stopped listening or after a local edit, or the one last pulled; the later one is used.
          const known = (await lastHeld?.(mine.id)) ?? null;
          const { write } = await arrival.decide(collection.name, mine, { doc: theirs, base, known });
          // Nothing to write: this device's version stands, and RxDB pushes it over the server's; at a revision above
          // it (an edit made from a version whose content the server's has again, at a higher revision, stands too).
          return (write ?? (await arrival.above(collection.name, mine, theirs))) as unknown as WithDeleted<Doc>;
        } catch (error) {
          // Locked again mid-way: start over after the next unlock (recording a conflict twice changes nothing).
          if (!(error instanceof VaultLockedError)) throw error;
        }
      }
    },
  };
}
