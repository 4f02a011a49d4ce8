/**
 * Programmes, tracks and groups. A programme ("Adult IOP") has tracks ("Depression & Anxiety",
 * "SUD") with a weekly hour target; a track has groups that meet on a recurring schedule and keep
 * a rolling roster (src/shared/roster.ts).
 */
import { z } from 'zod';
import { scheduleExceptionSchema, weeklyScheduleSchema } from './schedule';
import { requiredText } from './clients';
import { message, type SharedKey } from './messages';

export const POPULATIONS = {
  adult: 'shared:populations.adult',
  adolescent: 'shared:populations.adolescent',
} as const satisfies Record<string, SharedKey>;
export type Population = keyof typeof POPULATIONS;

/** ASAM Level 2.1: at least 9 hours a week for adults, 6 for adolescents. */
export const DEFAULT_WEEKLY_HOURS: Record<Population, number> = { adult: 9, adolescent: 6 };
export const DEFAULT_GROUP_CAPACITY = 12;

export const MODALITIES = {
  'in-person': 'shared:modalities.inPerson',
  telehealth: 'shared:modalities.telehealth',
  hybrid: 'shared:modalities.hybrid',
} as const satisfies Record<string, SharedKey>;
export type Modality = keyof typeof MODALITIES;

const title = (field: SharedKey) => requiredText(field, 120);

export const programSchema = z.object({ name: title('shared:fields.programmeName'), description: z.string().trim().max(1000).default('') });
export type Program = z.infer<typeof programSchema>;

export const trackSchema = z
  .object({
    name: title('shared:fields.trackName'),
    population: z.enum(['adult', 'adolescent'], message('shared:programs.choosePopulation')),
    weeklyHoursTarget: z.number(message('shared:programs.weeklyHoursNumber')).min(1, message('shared:programs.weeklyHoursRange')).max(40, message('shared:programs.weeklyHoursRange')).optional(),
    description: z.string().trim().max(1000).default(''),
  })
  .transform((track) => ({ ...track, weeklyHoursTarget: track.weeklyHoursTarget ?? DEFAULT_WEEKLY_HOURS[track.population] }));
export type Track = z.infer<typeof trackSchema>;

export const groupSchema = z.object({
  name: title('shared:fields.groupName'),
  facilitatorIds: z.array(z.string().min(1)).min(1, message('shared:programs.chooseFacilitator')),
  capacity: z.number().int(message('shared:programs.capacityWhole')).min(1, message('shared:programs.capacityRange')).max(30, message('shared:programs.capacityRange')).default(DEFAULT_GROUP_CAPACITY),
  modality: z.enum(['in-person', 'telehealth', 'hybrid']).default('in-person'),
  location: z.string().trim().max(200).default(''),
  topic: z.string().trim().max(300).default(''),
  /** Each member's note starts from these (shared/notes/prefill.ts): the goal only where the member's plan has no objective. */
  goal: z.string().trim().max(500, message('shared:programs.goalTooLong')).default(''),
  plan: z.string().trim().max(500, message('shared:programs.planTooLong')).default(''),
  schedule: weeklyScheduleSchema.nullable().default(null),
  exceptions: z.array(scheduleExceptionSchema).default([]),
});
export type Group = z.infer<typeof groupSchema>;
export type GroupInput = z.input<typeof groupSchema>;
