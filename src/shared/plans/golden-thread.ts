/**
 * The golden thread: the notes written since the plan's last review, grouped under the objectives
 * they address, so a review sees what was done towards each objective and which went untouched.
 */
import type { NoteStatus } from '../notes';
import { OBJECTIVE_STATUSES, planOutline } from './schema';
import type { ObjectiveStatus, PlanVersion } from './schema';
import type { Message, SharedKey } from '../messages';

export interface ThreadNote {
  id: string;
  date: string;
  /** The objective ids the note addresses (the notes' `goalIds`). */
  goalIds: readonly string[];
  status: NoteStatus;
  summary: string;
}

export interface ObjectiveThread {
  objectiveId: string;
  /** "Objective 2.1". */
  label: Message;
  statement: string;
  status: ObjectiveStatus;
  statusLabel: SharedKey;
  /** Oldest first. */
  notes: ThreadNote[];
  /** null: not addressed since the review. */
  lastAddressedOn: string | null;
}

export interface GoldenThread {
  /** The plan version's date: its review, or its creation for version 1. */
  since: string;
  /** Every objective of the plan in outline order, addressed or not. */
  objectives: ObjectiveThread[];
  /** Notes since the review that address none of this plan's objectives. */
  unlinked: ThreadNote[];
}

const byDate = (a: ThreadNote, b: ThreadNote) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

export function goldenThread(plan: PlanVersion, notes: readonly ThreadNote[]): GoldenThread {
  const since = plan.effectiveOn;
  const recent = notes.filter((note) => note.date >= since).slice().sort(byDate);
  const labels = new Map(planOutline(plan).map((node) => [node.id, node.label]));
  const objectives = plan.problems.flatMap((p) => p.goals.flatMap((g) => g.objectives));
  const threads = objectives.map((objective): ObjectiveThread => {
    const linked = recent.filter((note) => note.goalIds.includes(objective.id));
    return {
      objectiveId: objective.id,
      label: labels.get(objective.id)!,
      statement: objective.statement,
      status: objective.status,
      statusLabel: OBJECTIVE_STATUSES[objective.status],
      notes: linked,
      lastAddressedOn: linked.at(-1)?.date ?? null,
    };
  });
  const ids = new Set(objectives.map((o) => o.id));
  return { since, objectives: threads, unlinked: recent.filter((note) => !note.goalIds.some((id) => ids.has(id))) };
}
