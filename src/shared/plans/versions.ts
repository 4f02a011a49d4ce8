/**
 * Plan versions: create (version 1), edit while a draft, sign, and review (version n + 1, a new
 * draft carrying the nodes' ids forward). A signed version is final apart from the client's
 * signature, which may come at the next session.
 *
 *   draft ──sign──▶ signed ──reviewPlan──▶ (version n + 1) draft ──sign──▶ signed …
 */
import { z } from 'zod';
import { isoDate } from '../clients';
import type { StaffIdentity } from '../notes';
import { clientSignatureSchema, EMPTY_PARTICIPATION, labelForPath, PLAN_LEVELS, planOutline, planVersionSchema } from './schema';
import type { ClientSignature, Goal, Intervention, Objective, Participation, PlanLevel, PlanVersion, Problem } from './schema';
import { issuesMessages, message, parseOrThrow, RuleError, type Message, type SharedKey } from '../messages';

export class PlanRuleError extends RuleError {
  override readonly name = 'PlanRuleError';
}

/** Nodes as the editor sends them: a node without an id is new and gets one. */
export type InterventionInput = Omit<Intervention, 'id'> & { id?: string };
export type ObjectiveInput = Omit<Objective, 'id' | 'interventions'> & { id?: string; interventions: InterventionInput[] };
export type GoalInput = Omit<Goal, 'id' | 'objectives'> & { id?: string; objectives: ObjectiveInput[] };
export type ProblemInput = Omit<Problem, 'id' | 'goals'> & { id?: string; goals: GoalInput[] };

export type NewId = () => string;
const randomId: NewId = () => crypto.randomUUID();

/** Validates a version; each message names the node it is about ("Goal 2: …"). */
function parsePlan(plan: Omit<PlanVersion, 'problems'> & { problems: Problem[] }): PlanVersion {
  const result = planVersionSchema.safeParse(plan);
  if (!result.success) {
    const problems = issuesMessages(result.error);
    throw new PlanRuleError(
      result.error.issues.map((issue, i): Message => {
        const node = labelForPath(plan.problems, issue.path);
        return node ? { key: 'shared:plans.nodeProblem', values: { node, problem: problems[i]! } } : problems[i]!;
      }),
    );
  }
  return result.data;
}

/**
 * Gives new nodes an id and checks the others are this plan's nodes of the same level: an id is
 * how a node is followed from version to version, so it is never invented or moved across levels.
 */
function withIds(problems: readonly ProblemInput[], known: ReadonlyMap<string, PlanLevel>, newId: NewId): Problem[] {
  const idFor = (id: string | undefined, level: PlanLevel): string => {
    if (id === undefined) return newId();
    if (known.get(id) !== level) throw new PlanRuleError({ key: 'shared:plans.errors.unknownNode', values: { level: PLAN_LEVELS[level], id } });
    return id;
  };
  return problems.map((problem) => ({
    ...problem,
    id: idFor(problem.id, 'problem'),
    goals: problem.goals.map((goal) => ({
      ...goal,
      id: idFor(goal.id, 'goal'),
      objectives: goal.objectives.map((objective) => ({
        ...objective,
        id: idFor(objective.id, 'objective'),
        interventions: objective.interventions.map((intervention) => ({ ...intervention, id: idFor(intervention.id, 'intervention') })),
      })),
    })),
  }));
}

const levelsOf = (plan: PlanVersion) => new Map(planOutline(plan).map((node) => [node.id, node.level]));

export interface NewPlan {
  planId: string;
  clientId: string;
  episodeId: string;
  effectiveOn: string;
  problems?: ProblemInput[];
}

export function createPlan(input: NewPlan, newId: NewId = randomId): PlanVersion {
  return parsePlan({
    planId: input.planId,
    clientId: input.clientId,
    episodeId: input.episodeId,
    version: 1,
    effectiveOn: input.effectiveOn,
    status: 'draft',
    problems: withIds(input.problems ?? [], new Map(), newId),
    participation: EMPTY_PARTICIPATION,
    clinicianSignature: null,
    review: null,
  });
}

export interface PlanEdit {
  /** Version 1 only: the plan's date (a plan written at intake may be typed up later). */
  effectiveOn?: string;
  /** The whole tree as it now stands; nodes left out are removed. */
  problems?: ProblemInput[];
  /** The signature is recorded with recordClientSignature. */
  participation?: Partial<Omit<Participation, 'signature'>>;
}

export function editPlan(plan: PlanVersion, edit: PlanEdit, newId: NewId = randomId): PlanVersion {
  if (plan.status !== 'draft') throw new PlanRuleError({ key: 'shared:plans.errors.signedCannotChange' });
  if (edit.effectiveOn !== undefined && plan.version !== 1) throw new PlanRuleError({ key: 'shared:plans.errors.reviewedDatedByReview' });
  return parsePlan({
    ...plan,
    effectiveOn: edit.effectiveOn ?? plan.effectiveOn,
    problems: edit.problems ? withIds(edit.problems, levelsOf(plan), newId) : plan.problems,
    participation: { ...plan.participation, ...edit.participation },
  });
}

export interface PlanReview {
  reviewedOn: string;
  summary: string;
  /** The tree after the review; left out, the plan is carried forward unchanged. */
  problems?: ProblemInput[];
}

/** A review of a signed version as the clinician writes it (the review form checks the same): dated on or after that version, with a summary. */
export const planReviewSchema = (previous: Pick<PlanVersion, 'version' | 'effectiveOn'>) =>
  z.object({
    reviewedOn: isoDate('shared:fields.reviewDate').refine((on) => on >= previous.effectiveOn, message('shared:plans.reviewBeforeVersion', { version: previous.version, effectiveOn: previous.effectiveOn })),
    summary: z.string().refine((summary) => summary.trim() !== '', message('shared:plans.summariseReview')),
  });

/**
 * Version n + 1 from a signed version n: a draft dated on the review, with the same ids for the
 * nodes carried forward. Signatures and participation start again: the client takes part in, and
 * signs, the reviewed plan.
 */
export function reviewPlan(previous: PlanVersion, review: PlanReview, newId: NewId = randomId): PlanVersion {
  if (previous.status !== 'signed') throw new PlanRuleError({ key: 'shared:plans.errors.onlySignedReviewed' });
  const checked = planReviewSchema(previous).safeParse(review);
  if (!checked.success) throw new PlanRuleError(issuesMessages(checked.error)[0]!);
  return parsePlan({
    ...previous,
    version: previous.version + 1,
    effectiveOn: review.reviewedOn,
    status: 'draft',
    problems: review.problems ? withIds(review.problems, levelsOf(previous), newId) : previous.problems,
    participation: EMPTY_PARTICIPATION,
    clinicianSignature: null,
    review: { reviewedOn: review.reviewedOn, summary: review.summary },
  });
}

const blank = (value: string) => value.trim() === '';
const ACTIVE: ReadonlySet<Objective['status']> = new Set(['not-started', 'progressing', 'revised']);

/**
 * What must be completed before signing, in outline order; empty when the plan may be signed.
 * A target date must not have passed on the plan's date while there is still work towards it.
 */
export function planProblems(plan: PlanVersion): Message[] {
  const messages: Message[] = [];
  if (plan.problems.length === 0) messages.push({ key: 'shared:plans.problems.addProblem' });
  const labels = new Map(planOutline(plan).map((node) => [node.id, node.label]));
  const label = (id: string) => labels.get(id)!;
  const needs = (node: Message, key: SharedKey) => messages.push({ key, values: { node } });
  const checkDate = (node: Message, date: string) => {
    if (date === '') needs(node, 'shared:plans.problems.needsTargetDate');
    else if (date < plan.effectiveOn) messages.push({ key: 'shared:plans.problems.targetPassed', values: { node, date } });
  };
  for (const problem of plan.problems) {
    if (blank(problem.statement)) needs(label(problem.id), 'shared:plans.problems.needsStatement');
    if (problem.goals.length === 0) needs(label(problem.id), 'shared:plans.problems.needsGoal');
    for (const goal of problem.goals) {
      const g = label(goal.id);
      if (blank(goal.statement)) needs(g, 'shared:plans.problems.needsStatement');
      if (blank(goal.measuredBy)) needs(g, 'shared:plans.problems.needsMeasure');
      if (goal.targetDate === '' || goal.objectives.some((o) => ACTIVE.has(o.status))) checkDate(g, goal.targetDate);
      if (goal.objectives.length === 0) needs(g, 'shared:plans.problems.needsObjective');
      for (const objective of goal.objectives) {
        const o = label(objective.id);
        if (blank(objective.statement)) needs(o, 'shared:plans.problems.needsStatement');
        if (objective.targetDate === '' || ACTIVE.has(objective.status)) checkDate(o, objective.targetDate);
        if (objective.interventions.length === 0) needs(o, 'shared:plans.problems.needsIntervention');
        for (const intervention of objective.interventions) {
          const i = label(intervention.id);
          if (blank(intervention.description)) needs(i, 'shared:plans.problems.needsDescription');
          if (intervention.sessionMinutes === null) needs(i, 'shared:plans.problems.needsSessionLength');
          if (intervention.frequency === null) needs(i, 'shared:plans.problems.needsFrequency');
          if (intervention.durationWeeks === null) needs(i, 'shared:plans.problems.needsDuration');
          if (intervention.staffIds.length === 0) needs(i, 'shared:plans.problems.needsStaff');
        }
      }
    }
  }
  if (plan.participation.clientParticipated === null) messages.push({ key: 'shared:plans.problems.recordParticipation' });
  return messages;
}

export function signPlan(plan: PlanVersion, clinician: StaffIdentity, at: string): PlanVersion {
  if (plan.status !== 'draft') throw new PlanRuleError({ key: 'shared:plans.errors.alreadySigned' });
  const missing = planProblems(plan);
  if (missing.length > 0) throw new PlanRuleError({ key: 'shared:plans.errors.completeBeforeSigning', values: { problems: missing } });
  if (at.slice(0, 10) < plan.effectiveOn) throw new PlanRuleError({ key: 'shared:plans.errors.signatureBeforePlan', values: { effectiveOn: plan.effectiveOn } });
  return parsePlan({ ...plan, status: 'signed', clinicianSignature: { by: clinician.staffId, name: clinician.name, credentials: clinician.credentials, at } });
}

/** Adds the client's signature to a draft or signed version; once. */
export function recordClientSignature(plan: PlanVersion, signature: ClientSignature): PlanVersion {
  if (plan.participation.signature) throw new PlanRuleError({ key: 'shared:plans.errors.clientAlreadySigned' });
  const parsed = parseOrThrow(clientSignatureSchema, signature, PlanRuleError);
  const date = parsed.kind === 'paper' ? parsed.date : parsed.at.slice(0, 10);
  if (date < plan.effectiveOn) throw new PlanRuleError({ key: 'shared:plans.errors.clientSignatureBeforePlan', values: { effectiveOn: plan.effectiveOn } });
  return parsePlan({ ...plan, participation: { ...plan.participation, signature: parsed, notSignedReason: '' } });
}
