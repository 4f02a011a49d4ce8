/**
 * What a member's group note starts from, so the clinician writes only what is this member's:
 * the goal from the member's treatment-plan objectives (the golden thread), else the group's goal;
 * the intervention from the session's shared part; the plan from the group's standing plan. Each
 * is marked as carried (./carry-forward.ts) until edited, so signing it untouched asks first; what
 * is observed in each session (risk, response, affect) is never filled in (./templates.ts).
 */
import type { Note } from './note';
import type { NoteTemplate } from './templates';

export interface PrefillSources {
  /** The member's current treatment-plan objectives. */
  objectives: readonly { id: string; statement: string }[];
  groupGoal: string;
  groupPlan: string;
  /** The shared part's "Interventions used". */
  interventions: string;
}

export interface Prefill {
  /** Text per field key; fields with nothing to start from are left out. */
  fields: Record<string, string>;
  /** Where each came from, for the marker beside the field. */
  sources: Record<string, string>;
  /** The objectives the goal came from: the note addresses them. */
  goalIds: string[];
}

export function prefillNote(template: NoteTemplate, sources: PrefillSources): Prefill {
  const fields: Record<string, string> = {};
  const from: Record<string, string> = {};
  const objectives = sources.objectives.filter((o) => o.statement.trim() !== '');
  let goalIds: string[] = [];
  for (const field of template.fields) {
    const put = (text: string, source: string) => {
      if (text.trim() === '') return;
      fields[field.key] = text.trim();
      from[field.key] = source;
    };
    if (field.prefill === 'goal') {
      if (objectives.length > 0) {
        put(objectives.map((o) => o.statement.trim()).join('; '), 'the treatment plan');
        goalIds = objectives.map((o) => o.id);
      } else put(sources.groupGoal, "the group's goal");
    } else if (field.prefill === 'interventions') put(sources.interventions, 'the shared part');
    else if (field.prefill === 'plan') put(sources.groupPlan, "the group's plan");
  }
  return { fields, sources: from, goalIds };
}

type Draft = Pick<Note, 'fields' | 'goalIds'> & { carried: Record<string, string> };

/**
 * `draft` with `prefill` applied where the field is blank or still holds, untouched, what an
 * earlier prefill put there (`before`): a shared part finished after the note was opened, or
 * objectives that loaded later, reach it; nothing typed or copied forward is replaced. Null when
 * nothing changes.
 */
export function applyPrefill(draft: Draft, prefill: Prefill, before: Readonly<Record<string, string>>): Draft | null {
  const fields = { ...draft.fields };
  const carried = { ...draft.carried };
  let changed = false;
  for (const [key, text] of Object.entries(prefill.fields)) {
    const current = fields[key] ?? '';
    const ours = current !== '' && current === before[key] && carried[key] === current;
    if ((current.trim() === '' || ours) && current !== text) {
      fields[key] = text;
      carried[key] = text;
      changed = true;
    }
  }
  const goalIds = draft.goalIds.length === 0 && prefill.goalIds.length > 0 && fields.goal === prefill.fields.goal ? prefill.goalIds : draft.goalIds;
  if (goalIds !== draft.goalIds) changed = true;
  return changed ? { fields, carried, goalIds } : null;
}
