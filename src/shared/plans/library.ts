/**
 * The practice's library of treatment-plan content: problems with goals, objectives and
 * interventions, grouped by topic, to pick from and then edit for the client. Picking copies: the
 * plan never refers back to the library, so editing either one never changes the other. The
 * starter set is written for adult IOP tracks (depression and anxiety, substance use, trauma) in
 * measurable, time-framed terms; a practice edits, adds and removes entries as a setting.
 */
import { z } from 'zod';
import { limitedText, requiredText } from '../clients';
import { message, parseOrThrow } from '../messages';
import { PlanRuleError, type GoalInput, type ProblemInput } from './versions';

export const PLAN_TOPICS = {
  'depression-anxiety': 'shared:planTopics.depressionAnxiety',
  'substance-use': 'shared:planTopics.substanceUse',
  trauma: 'shared:planTopics.trauma',
  general: 'shared:planTopics.general',
} as const;
export type PlanTopic = keyof typeof PLAN_TOPICS;


const libraryIntervention = z
  .object({
    type: z.enum(['individual', 'group', 'family'], message('shared:plans.chooseIndividualGroupOr')),
    description: requiredText('shared:fields.theIntervention', 500),
    sessionMinutes: z.number().int().min(5).max(600).nullable(),
    frequency: z.object({ times: z.number().int().min(1).max(31), per: z.enum(['day', 'week', 'month']) }).strict().nullable(),
    durationWeeks: z.number().int().min(1).max(104).nullable(),
  })
  .strict();

const libraryObjective = z.object({ statement: requiredText('shared:fields.anObjective', 1000), interventions: z.array(libraryIntervention) }).strict();
const libraryGoal = z.object({ statement: requiredText('shared:fields.aGoal', 1000), measuredBy: limitedText('shared:fields.howTheGoalIsMeasured', 500), objectives: z.array(libraryObjective) }).strict();

export const libraryEntrySchema = z
  .object({
    id: z.string().min(1).max(64),
    topic: z.enum(Object.keys(PLAN_TOPICS) as [PlanTopic, ...PlanTopic[]], message('shared:plans.chooseTopic')),
    problem: requiredText('shared:fields.theProblem', 1000),
    goals: z.array(libraryGoal).min(1, message('shared:plans.libraryNeedsGoal')),
  })
  .strict();
export type LibraryEntry = z.infer<typeof libraryEntrySchema>;

export const planLibrarySchema = z.array(libraryEntrySchema).max(500, message('shared:plans.libraryTooLarge'));

/** A typical IOP course: about six weeks, then a review. */
const WEEKS = 6;
const group = (description: string, times = 3): z.infer<typeof libraryIntervention> => ({ type: 'group', description, sessionMinutes: 180, frequency: { times, per: 'week' }, durationWeeks: WEEKS });
const individual = (description: string, times = 1): z.infer<typeof libraryIntervention> => ({ type: 'individual', description, sessionMinutes: 50, frequency: { times, per: 'week' }, durationWeeks: WEEKS });
const family = (description: string): z.infer<typeof libraryIntervention> => ({ type: 'family', description, sessionMinutes: 50, frequency: { times: 1, per: 'week' }, durationWeeks: WEEKS });

export const STARTER_PLAN_LIBRARY: readonly LibraryEntry[] = [
  {
    id: 'starter-depressed-mood',
    topic: 'depression-anxiety',
    problem: 'Depressed mood most days, with loss of interest and withdrawal from usual activities.',
    goals: [
      {
        statement: 'Mood improves so that daily activities and relationships resume.',
        measuredBy: 'PHQ-9 below 10, or 50% lower than at admission',
        objectives: [
          { statement: 'Schedules and completes at least three pleasant or valued activities a week, recorded in an activity log.', interventions: [group('Behavioural activation skills group'), individual('Review of the activity log and barriers')] },
          { statement: 'Identifies and challenges two unhelpful thoughts a week using a thought record.', interventions: [group('Cognitive behavioural therapy skills group')] },
        ],
      },
    ],
  },
  {
    id: 'starter-anxiety',
    topic: 'depression-anxiety',
    problem: 'Excessive worry and physical anxiety that interfere with work, sleep or relationships.',
    goals: [
      {
        statement: 'Anxiety is reduced to a level that allows usual daily functioning.',
        measuredBy: 'GAD-7 below 10',
        objectives: [
          { statement: 'Uses a relaxation or grounding skill when anxious, at least once a day, as reported in group.', interventions: [group('Mindfulness and relaxation skills group')] },
          { statement: 'Approaches two avoided situations a week, following a graded plan made with the therapist.', interventions: [individual('Graded exposure planning and review')] },
        ],
      },
    ],
  },
  {
    id: 'starter-suicide-risk',
    topic: 'general',
    problem: 'Thoughts of death or suicide, or a recent attempt.',
    goals: [
      {
        statement: 'Stays safe and can use a written safety plan when thoughts of suicide arise.',
        measuredBy: 'No attempts; safety plan reviewed at each individual session',
        objectives: [
          { statement: 'Completes a written safety plan with warning signs, coping steps, contacts and means restriction within the first week.', interventions: [individual('Safety planning intervention')] },
          { statement: 'Names two people and one crisis line to contact when coping steps are not enough.', interventions: [individual('Review of the safety plan'), family('Family session on the safety plan and means restriction')] },
        ],
      },
    ],
  },
  {
    id: 'starter-substance-use',
    topic: 'substance-use',
    problem: 'Continued substance use despite harm to health, work or relationships.',
    goals: [
      {
        statement: 'Achieves and maintains abstinence from the substances of concern.',
        measuredBy: 'Negative drug screens and self-report of days abstinent',
        objectives: [
          { statement: 'Attends at least three IOP groups a week and provides drug screens as scheduled.', interventions: [group('Relapse prevention group')] },
          { statement: 'Identifies three personal triggers and a coping response for each, in a written relapse-prevention plan.', interventions: [group('Relapse prevention group'), individual('Motivational interviewing')] },
          { statement: 'Attends at least one mutual-help or recovery support meeting a week.', interventions: [individual('Linkage to recovery support')] },
        ],
      },
    ],
  },
  {
    id: 'starter-recovery-support',
    topic: 'substance-use',
    problem: 'Few sober supports and a home environment that makes recovery harder.',
    goals: [
      {
        statement: 'Builds a recovery support network.',
        measuredBy: 'Names at least three sober supports by discharge',
        objectives: [
          { statement: 'Identifies two people who support recovery and contacts one of them each week.', interventions: [group('Recovery support and communication skills group')] },
          { statement: 'Takes part with a family member in at least two family sessions.', interventions: [family('Family education on addiction and recovery')] },
        ],
      },
    ],
  },
  {
    id: 'starter-trauma',
    topic: 'trauma',
    problem: 'Intrusive memories, avoidance and hyperarousal following a traumatic event.',
    goals: [
      {
        statement: 'Trauma symptoms decrease and daily functioning improves.',
        measuredBy: 'PCL-5 lower by at least 10 points',
        objectives: [
          { statement: 'Uses a grounding skill to manage distress when reminders occur, reported in at least two groups a week.', interventions: [group('Seeking Safety or trauma-informed skills group')] },
          { statement: 'Describes the link between trauma reminders, thoughts and reactions in their own words.', interventions: [individual('Trauma-focused psychoeducation and cognitive work')] },
        ],
      },
    ],
  },
  {
    id: 'starter-aftercare',
    topic: 'general',
    problem: 'Needs a plan to keep progress after stepping down from IOP.',
    goals: [
      {
        statement: 'Leaves IOP with an aftercare plan in place.',
        measuredBy: 'First aftercare appointment scheduled before discharge',
        objectives: [{ statement: 'Schedules outpatient therapy and, where needed, medication follow-up before the last IOP week.', interventions: [individual('Discharge and aftercare planning')] }],
      },
    ],
  },
];

/** Which of an entry's goals and objectives to copy: indexes of goals, and of objectives within each goal. */
export interface LibraryPick {
  objectives: Record<number, readonly number[]>;
}

/** Everything in the entry. */
export function pickAll(entry: LibraryEntry): LibraryPick {
  return { objectives: Object.fromEntries(entry.goals.map((g, i) => [i, g.objectives.map((_, j) => j)])) };
}

/**
 * The entry as a new problem of a plan, ready to edit: only the goals with at least one picked
 * objective, target dates left for the clinician, nobody responsible yet, no ids (the plan gives them).
 */
export function problemFromLibrary(entry: LibraryEntry, pick: LibraryPick = pickAll(entry)): ProblemInput {
  const goals: GoalInput[] = entry.goals.flatMap((goal, g) => {
    const chosen = pick.objectives[g] ?? [];
    if (chosen.length === 0) return [];
    return [
      {
        statement: goal.statement,
        measuredBy: goal.measuredBy,
        targetDate: '',
        objectives: goal.objectives
          .filter((_, o) => chosen.includes(o))
          .map((objective) => ({
            statement: objective.statement,
            targetDate: '',
            status: 'not-started' as const,
            interventions: objective.interventions.map((i) => ({ ...structuredClone(i), staffIds: [] })),
          })),
      },
    ];
  });
  return { statement: entry.problem, diagnosisCodes: [], goals };
}

/** A plan's problem saved to the library (what the clinician wrote becomes the practice's starting point). */
export function libraryEntryFrom(problem: ProblemInput, topic: PlanTopic, id: string): LibraryEntry {
  return parseOrThrow(
    libraryEntrySchema,
    {
    id,
    topic,
    problem: problem.statement,
    goals: problem.goals.map((goal) => ({
      statement: goal.statement,
      measuredBy: goal.measuredBy,
      objectives: goal.objectives.map((objective) => ({
        statement: objective.statement,
        interventions: objective.interventions.filter((i) => i.description.trim() !== '').map((i) => ({ type: i.type, description: i.description, sessionMinutes: i.sessionMinutes, frequency: i.frequency, durationWeeks: i.durationWeeks })),
      })),
    })),
    },
    PlanRuleError,
  );
}
