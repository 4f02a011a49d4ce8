/**
 * The sync property test's oracle, separate from the run so it can be tried on hand-built
 * histories. A history is every local write the devices made (what each write meant to edit, the
 * values before and after on its device, and which other writes that device had seen), the records
 * every device ends with, and the conflicts kept. Two judgements:
 *
 * - Nothing acknowledged is lost: every value a write meant to set is the record's final value, or
 *   is in a kept conflict, or was replaced by a later write that meant to edit that field on a
 *   device that held the value. Only the fields a write meant to edit excuse an overwrite, so a
 *   write or a merge that wipes a sibling field is caught.
 * - No conflict without cause: a kept conflict needs two concurrent writes (neither device had seen
 *   the other's) on that record from two devices, that the merge rules cannot reconcile: for field
 *   conflicts, both meant to edit every conflicting field and set different values; for a
 *   delete-edit conflict, one deleted and the other did not; for a signed note, one signed or
 *   co-signed.
 *
 * A conflict between two versions one device wrote in turn is without cause too: a device that
 * lost the answer to a push meets its own earlier version on the server, and must know it for the
 * ancestor it is (sync-service.ts remembers what it sent).
 */

/** A field's value in the oracle's view: a string, or undefined when absent (a deleted record has no fields). */
export type Values = Record<string, string | undefined>;

/** The pseudo-field of deletion: '1' when the record is deleted. */
export const DELETED = 'deleted';

export interface Write {
  /** Unique per history. */
  id: number;
  device: string;
  /** The step of the schedule (-1: set-up). */
  step: number;
  record: string;
  /** The fields this write meant to edit (a creation or a deletion means every field). */
  intent: readonly string[];
  /** The record on the device just before the write (null: the device did not hold it) and just after. */
  before: Values | null;
  after: Values;
  /** Signs, co-signs: after it, the merge rules freeze the note. */
  freezes: boolean;
  /** Ids of the writes whose values the device had seen (directly or through what it saw). */
  seen: ReadonlySet<number>;
}

export interface KeptConflict {
  record: string;
  kind: 'fields' | 'delete-edit' | 'superseded-edits' | 'immutable-violation';
  /** The oracle's fields that conflict (already mapped from the merge's paths); null for a path that maps to none. */
  fields: readonly (string | null)[];
  versions: readonly Values[];
  /** False when the merge knew no common ancestor. */
  ancestor: boolean;
}

export interface History {
  writes: readonly Write[];
  /** The final value of every record, as every device decrypts it (deleted records: { deleted: '1' }). */
  final: Readonly<Record<string, Values>>;
  conflicts: readonly KeptConflict[];
}

const describeWrite = (w: Write) => `step ${w.step} on ${w.device}`;

const concurrent = (a: Write, b: Write) => a.device !== b.device && !a.seen.has(b.id) && !b.seen.has(a.id);

/** Acknowledged values that are neither final, nor kept in a conflict, nor knowingly replaced. */
export function lostValues(history: History): string[] {
  const lost: string[] = [];
  for (const write of history.writes) {
    for (const field of write.intent) {
      const value = write.after[field];
      // A deletion acknowledges only that the record is gone; its fields have no value to keep.
      if (value === undefined) continue;
      if (history.final[write.record]?.[field] === value) continue;
      if (history.conflicts.some((c) => c.record === write.record && c.versions.some((v) => v[field] === value))) continue;
      const replaced = history.writes.some((later) => later.id !== write.id && later.record === write.record && later.intent.includes(field) && later.before?.[field] === value && later.after[field] !== value);
      if (replaced) continue;
      lost.push(`${describeWrite(write)}: ${write.record}.${field} = ${value} is neither final (${history.final[write.record]?.[field] ?? 'absent'}) nor kept in a conflict`);
    }
  }
  return lost;
}

/** Kept conflicts that no pair of concurrent writes explains. */
export function unfoundedConflicts(history: History): string[] {
  const unfounded: string[] = [];
  for (const conflict of history.conflicts) {
    const writes = history.writes.filter((w) => w.record === conflict.record);
    const pairs = writes.flatMap((a, i) => writes.slice(i + 1).filter((b) => concurrent(a, b)).map((b) => [a, b] as const));
    const deletes = (w: Write) => w.after[DELETED] === '1';
    const founded = (() => {
      switch (conflict.kind) {
        case 'fields':
          return conflict.fields.every((field) => field !== null && pairs.some(([a, b]) => a.intent.includes(field) && b.intent.includes(field) && a.after[field] !== b.after[field]));
        case 'delete-edit':
          return pairs.some(([a, b]) => deletes(a) !== deletes(b));
        default:
          return pairs.some(([a, b]) => a.freezes || b.freezes);
      }
    })();
    if (!founded) unfounded.push(`a ${conflict.kind} conflict on ${conflict.record} (${conflict.fields.map((f) => f ?? 'an untracked path').join(', ')}) that no two concurrent writes explain`);
  }
  return unfounded;
}

/** Everything wrong with a history, or []. */
export function judge(history: History): string[] {
  return [...lostValues(history), ...unfoundedConflicts(history)];
}
