/**
 * What changed between two versions of a plan, node by node (matched by id, so renumbering is not
 * a change), with a line a person can read at the review or an auditor later.
 */
import { describeFrequency, describeIntervention, INTERVENTION_TYPES, OBJECTIVE_STATUSES, planOutline } from './schema';
import type { ObjectiveStatus, OutlineNode, PlanLevel, PlanVersion } from './schema';
import { englishText } from '../messages';

export type PlanChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'status';

export interface PlanChange {
  kind: PlanChangeKind;
  level: PlanLevel;
  id: string;
  /** The node's label in the newer version (the older one's for a removal). */
  label: string;
  /** For 'changed': which field, as a person says it ("target date"). */
  field?: string;
  from?: string;
  to?: string;
  line: string;
}

interface Node extends OutlineNode {
  fields: [field: string, value: string][];
  status?: ObjectiveStatus;
  /** An intervention's amount, for the line that adds it. */
  amount?: string;
}

const quote = (value: string) => `"${value}"`;
const orNone = (value: string) => (value === '' ? 'none' : value);
const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

function nodes(plan: PlanVersion): Map<string, Node> {
  const outline = new Map(planOutline(plan).map((node) => [node.id, node]));
  const result = new Map<string, Node>();
  const add = (id: string, fields: Node['fields'], extra: Pick<Node, 'status' | 'amount'> = {}) => result.set(id, { ...outline.get(id)!, fields, ...extra });
  for (const problem of plan.problems) {
    add(problem.id, [
      ['statement', quote(problem.statement)],
      ['diagnoses', orNone(problem.diagnosisCodes.join(', '))],
    ]);
    for (const goal of problem.goals) {
      add(goal.id, [
        ['statement', quote(goal.statement)],
        ['measure', quote(goal.measuredBy)],
        ['target date', orNone(goal.targetDate)],
      ]);
      for (const objective of goal.objectives) {
        add(
          objective.id,
          [
            ['statement', quote(objective.statement)],
            ['target date', orNone(objective.targetDate)],
          ],
          { status: objective.status },
        );
        for (const i of objective.interventions) {
          const fields: Node['fields'] = [
            ['type', INTERVENTION_TYPES[i.type]],
            ['description', quote(i.description)],
            ['session length', i.sessionMinutes === null ? 'not set' : `${i.sessionMinutes} min`],
            ['frequency', i.frequency === null ? 'not set' : describeFrequency(i.frequency)],
            ['duration', i.durationWeeks === null ? 'not set' : `${i.durationWeeks} week${i.durationWeeks === 1 ? '' : 's'}`],
            ['responsible staff', orNone(i.staffIds.join(', '))],
          ];
          add(i.id, fields, { amount: describeIntervention(i) });
        }
      }
    }
  }
  return result;
}

const addedLine = (node: Node) => `Added ${lower(node.label)}: ${quote(node.statement)}${node.amount ? ` (${node.amount})` : ''}`;

const LEVELS: PlanLevel[] = ['problem', 'goal', 'objective', 'intervention'];

/** Changes from `older` to `newer`, level by level (problems first), in the newer version's order, then removals. */
export function diffPlans(older: PlanVersion, newer: PlanVersion): PlanChange[] {
  const before = nodes(older);
  const after = nodes(newer);
  const changes: PlanChange[] = [];
  for (const level of LEVELS) {
    for (const node of after.values()) {
      if (node.level !== level) continue;
      const old = before.get(node.id);
      if (!old) {
        changes.push({ kind: 'added', level, id: node.id, label: node.label, line: addedLine(node) });
        continue;
      }
      // Renumbering alone is not a change, but the old number helps a reader find the node.
      const name = old.label === node.label ? node.label : `${node.label} (was ${lower(old.label)})`;
      if (old.parentId !== node.parentId && old.parentId !== null && node.parentId !== null) {
        const from = lower(before.get(old.parentId)!.label);
        const to = lower(after.get(node.parentId)!.label);
        changes.push({ kind: 'moved', level, id: node.id, label: node.label, from, to, line: `${name} moved from ${from} to ${to}` });
      }
      node.fields.forEach(([field, value], i) => {
        const was = old.fields[i]![1];
        if (was === value) return;
        changes.push({ kind: 'changed', level, id: node.id, label: node.label, field, from: was, to: value, line: `${name} ${field}: ${was} → ${value}` });
      });
      if (old.status && node.status && old.status !== node.status) {
        const from = englishText(OBJECTIVE_STATUSES[old.status]);
        const to = englishText(OBJECTIVE_STATUSES[node.status]);
        changes.push({ kind: 'status', level, id: node.id, label: node.label, from, to, line: `${name} status: ${from} → ${to}` });
      }
    }
    for (const node of before.values()) {
      if (node.level === level && !after.has(node.id)) {
        changes.push({ kind: 'removed', level, id: node.id, label: node.label, line: `Removed ${lower(node.label)}: ${quote(node.statement)}` });
      }
    }
  }
  return changes;
}
