/**
 * A treatment plan version: problems → measurable, time-framed goals → objectives → interventions
 * (docs/ARCHITECTURE.md: Clinical rules). Every node has an id that stays the same across versions, so a diff between
 * versions and the objectives a note links to ("golden thread") survive reviews.
 *
 * Like notes, a draft is saved as typed (blank fields allowed); signing checks it is complete
 * (./versions.ts). Outline labels number goals through the whole plan: Goal 2, Objective 2.1,
 * Intervention 2.1.1, so "Goal 2" means the same thing in a message, a diff and on paper.
 */
import { z } from 'zod';
import { isoDate, limitedText, wholeNumber } from '../clients';
import { issueValues, message, type Message, type SharedKey } from '../messages';

export const OBJECTIVE_STATUSES = {
  'not-started': 'shared:objectiveStatuses.notStarted',
  progressing: 'shared:objectiveStatuses.progressing',
  met: 'shared:objectiveStatuses.met',
  revised: 'shared:objectiveStatuses.revised',
  discontinued: 'shared:objectiveStatuses.discontinued',
} as const;
export type ObjectiveStatus = keyof typeof OBJECTIVE_STATUSES;
const OBJECTIVE_STATUS_KEYS = Object.keys(OBJECTIVE_STATUSES) as [ObjectiveStatus, ...ObjectiveStatus[]];

export const INTERVENTION_TYPES = {
  individual: 'shared:interventionTypes.individual',
  group: 'shared:interventionTypes.group',
  family: 'shared:interventionTypes.family',
} as const satisfies Record<string, SharedKey>;
export type InterventionType = keyof typeof INTERVENTION_TYPES;

export const FREQUENCY_PERIODS = {
  day: 'shared:frequencyPeriods.day',
  week: 'shared:frequencyPeriods.week',
  month: 'shared:frequencyPeriods.month',
} as const satisfies Record<string, SharedKey>;
export type FrequencyPeriod = keyof typeof FREQUENCY_PERIODS;

export const PLAN_STATUSES = {
  draft: 'shared:planStatuses.draft',
  signed: 'shared:planStatuses.signed',
} as const satisfies Record<string, SharedKey>;
export type PlanStatus = keyof typeof PLAN_STATUSES;

const nodeId = z.string().min(1, message('shared:plans.everyItemNeedsId')).max(64, message('shared:plans.idAtMostMaximum'));
const realTargetDate = isoDate('shared:fields.targetDate');
// Blank while drafting. Not a union with z.literal(''): a failed union reports only "Invalid input".
const targetDate = z.string().superRefine((value, ctx) => {
  const result = value === '' ? null : realTargetDate.safeParse(value);
  const first = result && !result.success ? result.error.issues[0]! : null;
  // The date's own message, key and values, passed on.
  if (first) ctx.addIssue({ code: 'custom', message: first.message, params: issueValues(first) });
});

export const interventionSchema = z
  .object({
    id: nodeId,
    type: z.enum(['individual', 'group', 'family'], message('shared:plans.chooseIndividualGroupOr')),
    description: limitedText('shared:fields.theIntervention', 500),
    sessionMinutes: wholeNumber('shared:fields.theSessionLength', 5, 600, 'shared:units.minutes').nullable(),
    frequency: z
      .object({ times: wholeNumber('shared:fields.theFrequency', 1, 31, 'shared:units.sessions'), per: z.enum(['day', 'week', 'month'], message('shared:plans.chooseDayWeekOr')) })
      .strict()
      .nullable(),
    durationWeeks: wholeNumber('shared:fields.theDuration', 1, 104, 'shared:units.weeks').nullable(),
    /** Responsible staff. */
    staffIds: z.array(z.string().min(1)).max(10, message('shared:plans.atMostMaximumResponsible')),
  })
  .strict();
export type Intervention = z.infer<typeof interventionSchema>;

export const objectiveSchema = z
  .object({
    id: nodeId,
    statement: limitedText('shared:fields.anObjective', 1000),
    targetDate,
    status: z.enum(OBJECTIVE_STATUS_KEYS, message('shared:plans.objectiveStatus')),
    interventions: z.array(interventionSchema),
  })
  .strict();
export type Objective = z.infer<typeof objectiveSchema>;

export const goalSchema = z
  .object({
    id: nodeId,
    statement: limitedText('shared:fields.aGoal', 1000),
    /** What makes it measurable: "PHQ-9 below 10", "attends 3 groups a week". */
    measuredBy: limitedText('shared:fields.howTheGoalIsMeasured', 500),
    targetDate,
    objectives: z.array(objectiveSchema),
  })
  .strict();
export type Goal = z.infer<typeof goalSchema>;

export const problemSchema = z
  .object({
    id: nodeId,
    statement: limitedText('shared:fields.aProblem', 1000),
    diagnosisCodes: z.array(z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/, message('shared:clients.diagnosisCode'))).max(10),
    goals: z.array(goalSchema),
  })
  .strict();
export type Problem = z.infer<typeof problemSchema>;

/** A signature drawn on screen. PNG or JPEG only: an SVG can carry script. */
export const signatureImageSchema = z
  .string()
  .max(400_000, message('shared:plans.signatureImageTooLarge'))
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, message('shared:plans.signaturePNGOrJPEG'));

export const clientSignatureSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('on-screen'),
        imageDataUrl: signatureImageSchema,
        at: z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') }),
      })
      .strict(),
    z.object({ kind: z.literal('paper'), date: isoDate('shared:fields.dateSignedOnPaper') }).strict(),
  ],
  message('shared:plans.clientSignatureOnScreen'),
);
export type ClientSignature = z.infer<typeof clientSignatureSchema>;

export const clinicianSignatureSchema = z
  .object({
    by: z.string().min(1, message('shared:signatures.signatureStaffId')),
    name: z.string().trim().min(1, message('shared:signatures.signatureName')),
    credentials: z.string().trim().min(1, message('shared:signatures.signatureCredentials')),
    at: z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') }),
  })
  .strict();
export type ClinicianSignature = z.infer<typeof clinicianSignatureSchema>;

export const participationSchema = z
  .object({
    /** null until recorded. */
    clientParticipated: z.boolean().nullable(),
    /** The client's own words about their goals. */
    clientWords: limitedText('shared:fields.theClientsWords', 2000),
    signature: clientSignatureSchema.nullable(),
    /** Why there is no client signature (refused, unable, telehealth pending). */
    notSignedReason: limitedText('shared:fields.theReason', 500),
  })
  .strict();
export type Participation = z.infer<typeof participationSchema>;

export const EMPTY_PARTICIPATION: Participation = { clientParticipated: null, clientWords: '', signature: null, notSignedReason: '' };

/** A plan version as stored: for the repository to check what it decrypts. */
export const planVersionSchema = z
  .object({
    /** The same for every version of one plan. */
    planId: z.string().min(1),
    clientId: z.string().min(1),
    episodeId: z.string().min(1),
    version: z.number().int().min(1),
    /** Creation date for version 1, the review date after. */
    effectiveOn: isoDate('shared:fields.planDate'),
    status: z.enum(['draft', 'signed']),
    problems: z.array(problemSchema),
    participation: participationSchema,
    clinicianSignature: clinicianSignatureSchema.nullable(),
    review: z.object({ reviewedOn: isoDate('shared:fields.reviewDate'), summary: limitedText('shared:fields.theReviewSummary', 4000) }).strict().nullable(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const issue = (key: SharedKey) => ctx.addIssue({ code: 'custom', message: key });
    const ids = allNodeIds(plan);
    if (new Set(ids).size !== ids.length) issue('shared:plans.uniqueIds');
    if (plan.status === 'signed' && !plan.clinicianSignature) issue('shared:plans.signedNeedsSignature');
    if ((plan.version === 1) !== (plan.review === null)) issue('shared:plans.reviewFromVersion2');
  });
export type PlanVersion = z.infer<typeof planVersionSchema>;

function allNodeIds(plan: Pick<PlanVersion, 'problems'>): string[] {
  return plan.problems.flatMap((p) => [p.id, ...p.goals.flatMap((g) => [g.id, ...g.objectives.flatMap((o) => [o.id, ...o.interventions.map((i) => i.id)])])]);
}

export type PlanLevel = 'problem' | 'goal' | 'objective' | 'intervention';

const OUTLINE_LABELS = {
  problem: 'shared:plans.outline.problem',
  goal: 'shared:plans.outline.goal',
  objective: 'shared:plans.outline.objective',
  intervention: 'shared:plans.outline.intervention',
} as const satisfies Record<PlanLevel, SharedKey>;
const IN_SENTENCE = {
  problem: 'shared:plans.outlineInSentence.problem',
  goal: 'shared:plans.outlineInSentence.goal',
  objective: 'shared:plans.outlineInSentence.objective',
  intervention: 'shared:plans.outlineInSentence.intervention',
} as const satisfies Record<PlanLevel, SharedKey>;
export const PLAN_LEVELS = {
  problem: 'shared:plans.levels.problem',
  goal: 'shared:plans.levels.goal',
  objective: 'shared:plans.levels.objective',
  intervention: 'shared:plans.levels.intervention',
} as const satisfies Record<PlanLevel, SharedKey>;

/** A node's label ("Goal 2", "Intervention 2.1.1"); `inSentence` for the middle of one ("goal 2"). */
export function nodeLabel(level: PlanLevel, number: string, inSentence = false): Message {
  return { key: (inSentence ? IN_SENTENCE : OUTLINE_LABELS)[level], values: { number } };
}

export interface OutlineNode {
  level: PlanLevel;
  id: string;
  parentId: string | null;
  /** "Problem 1", "Goal 2", "Objective 2.1", "Intervention 2.1.1". */
  label: Message;
  /** Its number in the outline: "2.1". */
  number: string;
  statement: string;
}

/** Every node in reading order with its label. */
export function planOutline(plan: Pick<PlanVersion, 'problems'>): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  const node = (level: PlanLevel, id: string, parentId: string | null, number: string, statement: string) => nodes.push({ level, id, parentId, label: nodeLabel(level, number), number, statement });
  let goalNumber = 0;
  plan.problems.forEach((problem, p) => {
    node('problem', problem.id, null, `${p + 1}`, problem.statement);
    for (const goal of problem.goals) {
      goalNumber += 1;
      node('goal', goal.id, problem.id, `${goalNumber}`, goal.statement);
      goal.objectives.forEach((objective, o) => {
        const objectiveNumber = `${goalNumber}.${o + 1}`;
        node('objective', objective.id, goal.id, objectiveNumber, objective.statement);
        objective.interventions.forEach((intervention, i) => node('intervention', intervention.id, objective.id, `${objectiveNumber}.${i + 1}`, intervention.description));
      });
    }
  });
  return nodes;
}

/**
 * The outline label of the node a validation issue's path points into ("Intervention 1.2.1"),
 * numbered as planOutline numbers them; null outside the tree.
 */
export function labelForPath(problems: readonly { goals: readonly unknown[] }[], path: readonly PropertyKey[]): Message | null {
  const [, p, , g, , o, , i] = path;
  if (path[0] !== 'problems' || typeof p !== 'number') return null;
  if (path[2] !== 'goals' || typeof g !== 'number') return nodeLabel('problem', `${p + 1}`);
  const goal = problems.slice(0, p).reduce((count, problem) => count + problem.goals.length, 0) + g + 1;
  if (path[4] !== 'objectives' || typeof o !== 'number') return nodeLabel('goal', `${goal}`);
  if (path[6] !== 'interventions' || typeof i !== 'number') return nodeLabel('objective', `${goal}.${o + 1}`);
  return nodeLabel('intervention', `${goal}.${o + 1}.${i + 1}`);
}

/** "once a week", "3 times a day". */
export function describeFrequency(frequency: NonNullable<Intervention['frequency']>): Message {
  const per = FREQUENCY_PERIODS[frequency.per];
  return frequency.times === 1 ? { key: 'shared:plans.frequency.once', values: { per } } : { key: 'shared:plans.frequency.times', values: { times: frequency.times, per } };
}

/** "Group; 180 min; 3 times a week for 8 weeks": an intervention's amount, part by part. */
export function describeIntervention(intervention: Intervention): Message[] {
  const parts: Message[] = [{ key: INTERVENTION_TYPES[intervention.type] }];
  if (intervention.sessionMinutes !== null) parts.push({ key: 'shared:plans.amount.minutes', values: { minutes: intervention.sessionMinutes } });
  const weeks = intervention.durationWeeks;
  const duration: Message | null = weeks === null ? null : weeks === 1 ? { key: 'shared:plans.amount.forOneWeek' } : { key: 'shared:plans.amount.forWeeks', values: { weeks } };
  const frequency = intervention.frequency ? describeFrequency(intervention.frequency) : null;
  if (frequency && duration) parts.push({ key: 'shared:plans.amount.frequencyFor', values: { frequency, duration } });
  else if (frequency ?? duration) parts.push((frequency ?? duration)!);
  return parts;
}
