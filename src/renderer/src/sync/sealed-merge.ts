/**
 * Unseal → merge → reseal: the one step that reconciles two versions of a sealed record, used by
 * network sync (conflict-handler.ts) and by transfer files (transfer/transfer-service.ts) alike,
 * so both apply the shared merge rules (src/shared/sync/merge.ts) the same way and keep true
 * conflicts in the same place.
 *
 * Each version is opened through its kind's codec, so an older payload version is upgraded before
 * the merge and the result is sealed at the current one. A version written by a newer release
 * cannot be read here: it is never merged into or overwritten, it is taken as it is.
 */
import type { WithDeleted } from '../db/storage';
import { isNewerRecord, openPayload, plainFieldsOf, sealPayload } from '../../../shared/records';
import { mergeRecords, type MergeConflict, type MergeRecord } from '../../../shared/sync/merge';
import type { SealedFields } from '../db/schemas';
import type { KeySource } from '../db/sealed-store';

/** Where true conflicts go (the conflicts repository); recording the same one twice must change nothing. */
export interface ConflictSink {
  /** `versions`: the two sealed documents in conflict, as they travel. */
  record(conflict: MergeConflict, versions: readonly [WithDeleted<SealedFields>, WithDeleted<SealedFields>]): Promise<unknown>;
}

/** The three versions of one record: the common ancestor (null if none is known), this device's and the other's. */
export interface SealedVersions<Doc extends SealedFields> {
  base: WithDeleted<Doc> | null;
  mine: WithDeleted<Doc>;
  theirs: WithDeleted<Doc>;
}

export interface SealedMerger<Doc extends SealedFields> {
  /** A stored version, decrypted for the merge rules. */
  open(doc: WithDeleted<Doc>): Promise<MergeRecord>;
  /** The merged version, sealed; a true conflict is recorded before it is returned. */
  merge(versions: SealedVersions<Doc>): Promise<{ doc: WithDeleted<Doc>; conflict: MergeConflict | null }>;
  /** The same content as a new version at `rev` and `updatedAt`, sealed afresh. */
  reissue(doc: WithDeleted<Doc>, rev: number, updatedAt: number): Promise<WithDeleted<Doc>>;
}

export function sealedMerger<Doc extends SealedFields>(collection: { name: string }, keys: KeySource, sink: ConflictSink): SealedMerger<Doc> {
  async function open(doc: WithDeleted<Doc>): Promise<MergeRecord> {
    // Opening checks the fields, rev, updatedAt and deleted flag against the envelope (w3).
    const { value } = await openPayload(keys.requireKey(), collection.name, doc as unknown as WithDeleted<Doc> & Record<string, unknown>);
    return { plain: plainFieldsOf(doc as unknown as Record<string, unknown>), data: value, rev: doc.rev, updatedAt: doc.updatedAt, deleted: doc._deleted };
  }

  /** A version this release cannot read, or null when both can be read. */
  async function newer(mine: WithDeleted<Doc>, theirs: WithDeleted<Doc>): Promise<WithDeleted<Doc> | null> {
    for (const version of [theirs, mine]) {
      if (version._deleted) continue;
      try {
        await open(version);
      } catch (error) {
        if (isNewerRecord(error)) return version;
        throw error;
      }
    }
    return null;
  }

  return {
    open,
    async merge({ base, mine, theirs }) {
      const id = mine.id;
      const unreadable = await newer(mine, theirs);
      if (unreadable !== null) return { doc: unreadable, conflict: null };
      const [opened, ours, other] = await Promise.all([base ? open(base) : null, open(mine), open(theirs)]);
      const { merged, conflict } = mergeRecords({ collection: collection.name, id, base: opened, mine: ours, theirs: other });
      // Recorded before the merge is written: if recording fails, nothing was resolved and nothing is lost.
      if (conflict !== null) await sink.record(conflict, [theirs, mine]);
      return { doc: await seal(id, merged), conflict };
    },
    async reissue(doc, rev, updatedAt) {
      return seal(doc.id, { ...(await open(doc)), rev, updatedAt });
    },
  };

  async function seal(id: string, record: MergeRecord): Promise<WithDeleted<Doc>> {
    const unsealed = { ...record.plain, id, rev: record.rev, updatedAt: record.updatedAt, _deleted: record.deleted };
    const { sealed } = await sealPayload(keys.requireKey(), collection.name, unsealed, record.data);
    return { ...unsealed, sealed } as unknown as WithDeleted<Doc>;
  }
}
