/**
 * Episodes of care: admission to a programme and track at a level of care, step-ups and
 * step-downs with dates and reasons, and discharge with an aftercare plan. Pure rules; the
 * repository seals and stores what these return.
 */
import { z } from 'zod';
import { isoDate, limitedText } from './clients';
import { message, parseOrThrow, RuleError, type SharedKey } from './messages';

/** Each level's label, a catalogue key (src/shared/messages.ts). */
export const LEVELS_OF_CARE = {
  outpatient: 'shared:levels.outpatient',
  iop: 'shared:levels.iop',
  php: 'shared:levels.php',
  inpatient: 'shared:levels.inpatient',
} as const satisfies Record<string, SharedKey>;
export type LevelOfCare = keyof typeof LEVELS_OF_CARE;
const levelSchema = z.enum(Object.keys(LEVELS_OF_CARE) as [LevelOfCare, ...LevelOfCare[]], message('shared:episodes.chooseLevel'));

export const DISCHARGE_REASONS = {
  completed: 'shared:dischargeReasons.completed',
  'stepped-down': 'shared:dischargeReasons.steppedDown',
  'stepped-up': 'shared:dischargeReasons.steppedUp',
  transferred: 'shared:dischargeReasons.transferred',
  'left-against-advice': 'shared:dischargeReasons.leftAgainstAdvice',
  'no-contact': 'shared:dischargeReasons.noContact',
  administrative: 'shared:dischargeReasons.administrative',
} as const satisfies Record<string, SharedKey>;
export type DischargeReason = keyof typeof DISCHARGE_REASONS;

const reason = limitedText('shared:fields.theReason', 1000).refine((value) => value !== '', message('shared:episodes.giveReason'));

export const admissionSchema = z.object({
  clientId: z.string().min(1),
  programId: z.string().min(1, message('shared:episodes.chooseProgramme')),
  trackId: z.string().min(1, message('shared:episodes.chooseTrack')),
  admittedOn: isoDate('shared:fields.admissionDate'),
  level: levelSchema,
  referralReason: z.string().trim().max(1000).optional().default(''),
});
export type Admission = z.input<typeof admissionSchema>;

export const levelChangeSchema = z.object({ on: isoDate('shared:fields.dateOfTheChange'), to: levelSchema, reason });
export type LevelChange = z.infer<typeof levelChangeSchema> & { from: LevelOfCare };

export const aftercareSchema = z.object({
  referrals: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  relapsePreventionPlan: z.string().trim().max(4000).default(''),
  alumniGroup: z.boolean().default(false),
  followUpOn: z.union([z.literal(''), isoDate('shared:fields.followUpDate')]).default(''),
});

export const dischargeSchema = z.object({
  on: isoDate('shared:fields.dischargeDate'),
  reason: z.enum(Object.keys(DISCHARGE_REASONS) as [DischargeReason, ...DischargeReason[]], message('shared:episodes.chooseDischargeReason')),
  summary: z.string().trim().max(4000).default(''),
  aftercare: aftercareSchema,
});
export type Discharge = z.infer<typeof dischargeSchema>;

/** An episode as stored (its record kind's payload, src/shared/records). */
export const episodeSchema = z
  .object({
    clientId: z.string().min(1),
    programId: z.string().min(1),
    trackId: z.string().min(1),
    admittedOn: z.string(),
    admittedLevel: levelSchema,
    referralReason: z.string(),
    levelChanges: z.array(levelChangeSchema.extend({ from: levelSchema }).strict()),
    discharge: dischargeSchema.nullable(),
  })
  .strict();
export type Episode = z.infer<typeof episodeSchema>;

export class EpisodeRuleError extends RuleError {
  override readonly name = 'EpisodeRuleError';
}

const parse = <T>(schema: z.ZodType<T>, input: unknown): T => parseOrThrow(schema, input, EpisodeRuleError);

export function admit(input: Admission): Episode {
  const a = parse(admissionSchema, input);
  return { clientId: a.clientId, programId: a.programId, trackId: a.trackId, admittedOn: a.admittedOn, admittedLevel: a.level, referralReason: a.referralReason, levelChanges: [], discharge: null };
}

export function currentLevel(episode: Episode): LevelOfCare {
  return episode.levelChanges.at(-1)?.to ?? episode.admittedLevel;
}

/** The level of care in force on `date` (YYYY-MM-DD); null outside the episode. */
export function levelOn(episode: Episode, date: string): LevelOfCare | null {
  if (date < episode.admittedOn || (episode.discharge && date > episode.discharge.on)) return null;
  let level = episode.admittedLevel;
  for (const change of episode.levelChanges) if (change.on <= date) level = change.to;
  return level;
}

function lastEventDate(episode: Episode): string {
  return episode.levelChanges.at(-1)?.on ?? episode.admittedOn;
}

/** A step-up or step-down: dated on or after the last change, to a different level, while open. */
export function changeLevel(episode: Episode, input: z.input<typeof levelChangeSchema>): Episode {
  if (episode.discharge) throw new EpisodeRuleError({ key: 'shared:episodes.errors.discharged' });
  const change = parse(levelChangeSchema, input);
  const from = currentLevel(episode);
  if (change.to === from) throw new EpisodeRuleError({ key: 'shared:episodes.errors.alreadyAtLevel', values: { level: LEVELS_OF_CARE[from] } });
  if (change.on < lastEventDate(episode)) throw new EpisodeRuleError({ key: 'shared:episodes.errors.changeBeforeLast', values: { lastOn: lastEventDate(episode) } });
  return { ...episode, levelChanges: [...episode.levelChanges, { ...change, from }] };
}

export function dischargeEpisode(episode: Episode, input: z.input<typeof dischargeSchema>): Episode {
  if (episode.discharge) throw new EpisodeRuleError({ key: 'shared:episodes.errors.alreadyDischarged' });
  const discharge = parse(dischargeSchema, input);
  if (discharge.on < lastEventDate(episode)) throw new EpisodeRuleError({ key: 'shared:episodes.errors.dischargeBeforeLast', values: { lastOn: lastEventDate(episode) } });
  return { ...episode, discharge };
}

export function isStepDown(change: LevelChange): boolean {
  const order = Object.keys(LEVELS_OF_CARE);
  return order.indexOf(change.to) < order.indexOf(change.from);
}
