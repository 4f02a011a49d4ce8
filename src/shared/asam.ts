/**
 * ASAM placement as an EHR records it without the licensed tool: risk ratings (0–4) on the six
 * ASAM dimensions with notes, at admission and at each review; a recommended level of care from
 * the practice's placement rules; the level actually chosen, with the reason when it differs; and
 * the days spent at each level.
 *
 * The placement rules are DATA (`PlacementRules`, a practice setting), not code. The default
 * table is a simplified approximation written for this app: it is not the ASAM Criteria's
 * decision rules and not the licensed ASAM CONTINUUM algorithm, and it is not endorsed by ASAM.
 * Its recommendation is advice; the clinician decides the level and says why when it differs.
 */
import { z } from 'zod';
import { addDays, daysBetween } from './calendar';
import { isoDate } from './clients';
import { LEVELS_OF_CARE, type Episode, type LevelOfCare } from './episodes';
import { issuesMessages, message, parseOrThrow, RuleError, type Message, type SharedKey } from './messages';

export const ASAM_ASSESSMENT_KIND = 'asam-assessment';

/** The six dimensions, in ASAM's order (third-edition names). */
export const ASAM_DIMENSIONS = {
  withdrawal: 'shared:asamDimensions.withdrawal',
  biomedical: 'shared:asamDimensions.biomedical',
  emotional: 'shared:asamDimensions.emotional',
  readiness: 'shared:asamDimensions.readiness',
  relapse: 'shared:asamDimensions.relapse',
  environment: 'shared:asamDimensions.environment',
} as const satisfies Record<string, SharedKey>;
export type AsamDimension = keyof typeof ASAM_DIMENSIONS;
const DIMENSIONS = Object.keys(ASAM_DIMENSIONS) as [AsamDimension, ...AsamDimension[]];
const dimensionSchema = z.enum(DIMENSIONS, message('shared:asam.notADimension'));

export const RISK_RATINGS = {
  0: 'shared:riskRatings.r0',
  1: 'shared:riskRatings.r1',
  2: 'shared:riskRatings.r2',
  3: 'shared:riskRatings.r3',
  4: 'shared:riskRatings.r4',
} as const satisfies Record<string, SharedKey>;

const levelSchema = z.enum(Object.keys(LEVELS_OF_CARE) as [LevelOfCare, ...LevelOfCare[]], message('shared:episodes.chooseLevel'));

export const dimensionRatingSchema = z
  .object({
    rating: z.number(message('shared:asam.rateDimension')).int(message('shared:asam.ratingWhole')).min(0, message('shared:asam.ratingRange')).max(4, message('shared:asam.ratingRange')),
    notes: z.string().trim().max(4000, message('shared:validation.atMostCharacters')).default(''),
  })
  .strict();
export type DimensionRating = z.infer<typeof dimensionRatingSchema>;

// An object keyed by dimension: two devices rating different dimensions merge field by field.
export const asamRatingsSchema = z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionRatingSchema])) as Record<AsamDimension, typeof dimensionRatingSchema>).strict();
export type AsamRatings = z.infer<typeof asamRatingsSchema>;

// ── The placement rules, as data ───────────────────────────────────────────────────────────────

/** At least `count` of `dimensions` rated `atLeast` or more. */
export const placementCriterionSchema = z
  .object({
    dimensions: z.array(dimensionSchema).min(1, message('shared:asam.chooseDimension')),
    atLeast: z.number().int().min(0).max(4),
    count: z.number().int().min(1).default(1),
  })
  .strict()
  .refine((c) => c.count <= c.dimensions.length, { ...message('shared:asam.countTooHigh'), path: ['count'] });

export const placementRulesSchema = z
  .object({
    /** Shown beside each recommendation and stored with it, so a changed table never rewrites history. */
    name: z.string().trim().min(1).max(200),
    /** Checked in order, most intensive first: the first rule any of whose criteria holds applies. */
    rules: z.array(z.object({ level: levelSchema, anyOf: z.array(placementCriterionSchema).min(1), because: z.string().trim().min(1).max(500) }).strict()).max(20),
    otherwise: z.object({ level: levelSchema, because: z.string().trim().min(1).max(500) }).strict(),
  })
  .strict();
export type PlacementRules = z.infer<typeof placementRulesSchema>;
export type PlacementRulesInput = z.input<typeof placementRulesSchema>;

export const DEFAULT_PLACEMENT_RULES: PlacementRules = placementRulesSchema.parse({
  name: 'Waypoint simplified placement table 1 (not the ASAM CONTINUUM algorithm)',
  rules: [
    {
      level: 'inpatient',
      anyOf: [{ dimensions: ['withdrawal', 'biomedical', 'emotional'], atLeast: 4 }],
      because: 'Severe risk in withdrawal, biomedical or emotional conditions needs 24-hour care',
    },
    {
      level: 'php',
      anyOf: [
        { dimensions: ['withdrawal', 'biomedical', 'emotional'], atLeast: 3 },
        { dimensions: ['readiness', 'relapse', 'environment'], atLeast: 3, count: 2 },
      ],
      because: 'Significant risk needs daily structure (partial hospitalisation)',
    },
    {
      level: 'iop',
      anyOf: [
        { dimensions: ['emotional', 'readiness', 'relapse', 'environment'], atLeast: 3 },
        { dimensions: ['withdrawal', 'biomedical', 'emotional', 'readiness', 'relapse', 'environment'], atLeast: 2, count: 2 },
      ],
      because: 'Moderate risk in several dimensions needs intensive outpatient care (9 or more hours a week for adults)',
    },
  ],
  otherwise: { level: 'outpatient', because: 'Mild or no risk: outpatient care' },
});

export interface Recommendation {
  level: LevelOfCare;
  because: string;
  rules: string;
}

export function recommendLevel(ratings: AsamRatings, rules: PlacementRules): Recommendation {
  const holds = (criterion: PlacementRules['rules'][number]['anyOf'][number]) =>
    criterion.dimensions.filter((dimension) => ratings[dimension].rating >= criterion.atLeast).length >= criterion.count;
  const rule = rules.rules.find((candidate) => candidate.anyOf.some(holds)) ?? rules.otherwise;
  return { level: rule.level, because: rule.because, rules: rules.name };
}

// ── Assessments ────────────────────────────────────────────────────────────────────────────────

export const asamAssessmentSchema = z
  .object({
    clientId: z.string().min(1),
    episodeId: z.string().min(1),
    occasion: z.enum(['admission', 'review'], message('shared:asam.admissionOrReview')),
    on: isoDate('shared:fields.assessmentDate'),
    ratings: asamRatingsSchema,
    recommended: z.object({ level: levelSchema, because: z.string(), rules: z.string() }).strict(),
    actual: levelSchema,
    differenceReason: z.string().trim().max(2000, message('shared:validation.atMostCharacters')).default(''),
    assessedBy: z.object({ staffId: z.string().min(1), name: z.string().trim().min(1), credentials: z.string().trim().default('') }).strict(),
  })
  .strict()
  .refine((a) => a.actual === a.recommended.level || a.differenceReason !== '', {
    ...message('shared:asam.giveDifferenceReason'),
    path: ['differenceReason'],
  });
export type AsamAssessment = z.infer<typeof asamAssessmentSchema>;

export class AsamRuleError extends RuleError {
  override readonly name = 'AsamRuleError';
}

export type AssessmentInput = Omit<z.input<typeof asamAssessmentSchema>, 'recommended'>;

/** A completed assessment: the recommendation comes from the rules in force, never from the form. */
export function completeAssessment(input: AssessmentInput, rules: PlacementRules): AsamAssessment {
  const ratings = asamRatingsSchema.safeParse(input.ratings);
  if (!ratings.success) {
    const problems = issuesMessages(ratings.error);
    throw new AsamRuleError(
      ratings.error.issues.map((issue, i): Message => {
        const dimension = issue.path[0];
        return typeof dimension === 'string' && Object.hasOwn(ASAM_DIMENSIONS, dimension)
          ? { key: 'shared:asam.dimensionProblem', values: { dimension: ASAM_DIMENSIONS[dimension as AsamDimension], problem: problems[i]! } }
          : problems[i]!;
      }),
    );
  }
  return parseOrThrow(asamAssessmentSchema, { ...input, recommended: recommendLevel(ratings.data, rules) }, AsamRuleError);
}

/** A review starts from the previous answers: same ratings and notes, the same level, for the clinician to change. */
export function startReassessment(previous: AsamAssessment, on: string, assessedBy: AsamAssessment['assessedBy']): AssessmentInput {
  if (on < previous.on) throw new AsamRuleError({ key: 'shared:asam.reviewBeforePrevious', values: { on: previous.on } });
  return {
    clientId: previous.clientId,
    episodeId: previous.episodeId,
    occasion: 'review',
    on,
    ratings: structuredClone(previous.ratings),
    actual: previous.actual,
    differenceReason: '',
    assessedBy,
  };
}

/** The dimensions whose rating changed since the previous assessment. */
export function changedDimensions(previous: AsamRatings, current: AsamRatings): { dimension: AsamDimension; from: number; to: number }[] {
  return DIMENSIONS.filter((d) => previous[d].rating !== current[d].rating).map((d) => ({ dimension: d, from: previous[d].rating, to: current[d].rating }));
}

// ── Level history ──────────────────────────────────────────────────────────────────────────────

export interface LevelSpan {
  level: LevelOfCare;
  from: string;
  /** The last day at this level (inclusive). */
  to: string;
  days: number;
}

/**
 * The episode's time at each level, up to its discharge or `until` (inclusive), whichever is
 * first. A change takes effect on its date: that day counts for the new level.
 */
export function levelHistory(episode: Episode, until: string): LevelSpan[] {
  const end = episode.discharge !== null && episode.discharge.on < until ? episode.discharge.on : until;
  const starts = [{ level: episode.admittedLevel, on: episode.admittedOn }, ...episode.levelChanges.map((c) => ({ level: c.to, on: c.on }))];
  return starts
    .map((start, i) => {
      const next = starts[i + 1]?.on;
      const to = next !== undefined && next <= end ? addDays(next, -1) : end;
      return { level: start.level, from: start.on, to, days: daysBetween(start.on, to) + 1 };
    })
    .filter((span) => span.from <= end && span.days > 0);
}

export function daysAtEachLevel(episode: Episode, until: string): Record<LevelOfCare, number> {
  const totals = Object.fromEntries(Object.keys(LEVELS_OF_CARE).map((level) => [level, 0])) as Record<LevelOfCare, number>;
  for (const span of levelHistory(episode, until)) totals[span.level] += span.days;
  return totals;
}
