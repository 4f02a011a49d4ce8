/**
 * What changed between two versions of a plan, node by node (matched by id, so renumbering is not
 * a change), with a line a person can read at the review or an auditor later.
 */
import { describeFrequency, describeIntervention, INTERVENTION_TYPES, nodeLabel, OBJECTIVE_STATUSES, planOutline } from './schema';
import type { ObjectiveStatus, OutlineNode, PlanLevel, PlanVersion } from './schema';
import { englishMessages, verbatim, type Message, type SharedKey } from '../messages';

export type PlanChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'status';

export interface PlanChange {
  kind: PlanChangeKind;
  level: PlanLevel;
  id: string;
  /** The node's label in the newer version (the older one's for a removal). */
  label: Message;
  /** For 'changed': which field, as a person says it ("target date"). */
  field?: SharedKey;
  from?: Message;
  to?: Message;
  line: Message;
}

interface Node extends OutlineNode {
  fields: [field: SharedKey, value: Message][];
  status?: ObjectiveStatus;
  /** An intervention's amount, for the line that adds it. */
  amount?: Message[];
}

const quote = (text: string): Message => ({ key: 'shared:plans.diff.quoted', values: { text } });
const orNone = (value: string): Message => (value === '' ? { key: 'shared:plans.diff.none' } : verbatim(value));
const NOT_SET: Message = { key: 'shared:plans.diff.notSet' };
/** The label in the middle of a sentence: "goal 2". */
const inSentence = (node: OutlineNode) => nodeLabel(node.level, node.number, true);
const same = (a: Message, b: Message) => englishMessages([a]) === englishMessages([b]);

function nodes(plan: PlanVersion): Map<string, Node> {
  const outline = new Map(planOutline(plan).map((node) => [node.id, node]));
  const result = new Map<string, Node>();
  const add = (id: string, fields: Node['fields'], extra: Pick<Node, 'status' | 'amount'> = {}) => result.set(id, { ...outline.get(id)!, fields, ...extra });
  for (const problem of plan.problems) {
    add(problem.id, [
      ['shared:plans.diff.fields.statement', quote(problem.statement)],
      ['shared:plans.diff.fields.diagnoses', orNone(problem.diagnosisCodes.join(', '))],
    ]);
    for (const goal of problem.goals) {
      add(goal.id, [
        ['shared:plans.diff.fields.statement', quote(goal.statement)],
        ['shared:plans.diff.fields.measure', quote(goal.measuredBy)],
        ['shared:plans.diff.fields.targetDate', orNone(goal.targetDate)],
      ]);
      for (const objective of goal.objectives) {
        add(
          objective.id,
          [
            ['shared:plans.diff.fields.statement', quote(objective.statement)],
            ['shared:plans.diff.fields.targetDate', orNone(objective.targetDate)],
          ],
          { status: objective.status },
        );
        for (const i of objective.interventions) {
          const weeks = i.durationWeeks;
          const fields: Node['fields'] = [
            ['shared:plans.diff.fields.type', { key: INTERVENTION_TYPES[i.type] }],
            ['shared:plans.diff.fields.description', quote(i.description)],
            ['shared:plans.diff.fields.sessionLength', i.sessionMinutes === null ? NOT_SET : { key: 'shared:plans.amount.minutes', values: { minutes: i.sessionMinutes } }],
            ['shared:plans.diff.fields.frequency', i.frequency === null ? NOT_SET : describeFrequency(i.frequency)],
            ['shared:plans.diff.fields.duration', weeks === null ? NOT_SET : weeks === 1 ? { key: 'shared:plans.diff.oneWeek' } : { key: 'shared:plans.diff.weeks', values: { weeks } }],
            ['shared:plans.diff.fields.responsibleStaff', orNone(i.staffIds.join(', '))],
          ];
          add(i.id, fields, { amount: describeIntervention(i) });
        }
      }
    }
  }
  return result;
}

const addedLine = (node: Node): Message =>
  node.amount
    ? { key: 'shared:plans.diff.addedWithAmount', values: { node: inSentence(node), statement: quote(node.statement), amount: node.amount } }
    : { key: 'shared:plans.diff.added', values: { node: inSentence(node), statement: quote(node.statement) } };

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
      const name: Message = old.number === node.number ? node.label : { key: 'shared:plans.diff.renumbered', values: { node: node.label, was: inSentence(old) } };
      if (old.parentId !== node.parentId && old.parentId !== null && node.parentId !== null) {
        const from = inSentence(before.get(old.parentId)!);
        const to = inSentence(after.get(node.parentId)!);
        changes.push({ kind: 'moved', level, id: node.id, label: node.label, from, to, line: { key: 'shared:plans.diff.moved', values: { node: name, from, to } } });
      }
      node.fields.forEach(([field, value], i) => {
        const was = old.fields[i]![1];
        if (same(was, value)) return;
        changes.push({ kind: 'changed', level, id: node.id, label: node.label, field, from: was, to: value, line: { key: 'shared:plans.diff.changed', values: { node: name, field, from: was, to: value } } });
      });
      if (old.status && node.status && old.status !== node.status) {
        const from: Message = { key: OBJECTIVE_STATUSES[old.status] };
        const to: Message = { key: OBJECTIVE_STATUSES[node.status] };
        changes.push({ kind: 'status', level, id: node.id, label: node.label, from, to, line: { key: 'shared:plans.diff.status', values: { node: name, from, to } } });
      }
    }
    for (const node of before.values()) {
      if (node.level === level && !after.has(node.id)) {
        changes.push({ kind: 'removed', level, id: node.id, label: node.label, line: { key: 'shared:plans.diff.removed', values: { node: inSentence(node), statement: quote(node.statement) } } });
      }
    }
  }
  return changes;
}
