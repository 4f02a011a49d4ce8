/**
 * Programmes, tracks and groups. A programme ("Adult IOP") has tracks ("Depression & Anxiety",
 * "SUD") with a weekly hour target; a track has groups that meet on a recurring schedule and keep
 * a rolling roster (src/shared/roster.ts).
 */
import { z } from 'zod';
import { scheduleExceptionSchema, weeklyScheduleSchema } from './schedule';
import type { SharedKey } from './messages';

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

const title = (label: string) => z.string().trim().min(1, `${label} is required`).max(120, `${label} is at most 120 characters`);

export const programSchema = z.object({ name: title('Programme name'), description: z.string().trim().max(1000).default('') });
export type Program = z.infer<typeof programSchema>;

export const trackSchema = z
  .object({
    name: title('Track name'),
    population: z.enum(['adult', 'adolescent'], 'Choose the population'),
    weeklyHoursTarget: z.number('Weekly hours must be a number').min(1, 'Weekly hours must be between 1 and 40').max(40, 'Weekly hours must be between 1 and 40').optional(),
    description: z.string().trim().max(1000).default(''),
  })
  .transform((track) => ({ ...track, weeklyHoursTarget: track.weeklyHoursTarget ?? DEFAULT_WEEKLY_HOURS[track.population] }));
export type Track = z.infer<typeof trackSchema>;

export const groupSchema = z.object({
  name: title('Group name'),
  facilitatorIds: z.array(z.string().min(1)).min(1, 'Choose at least one facilitator'),
  capacity: z.number().int('Capacity must be a whole number').min(1, 'Capacity must be between 1 and 30').max(30, 'Capacity must be between 1 and 30').default(DEFAULT_GROUP_CAPACITY),
  modality: z.enum(['in-person', 'telehealth', 'hybrid']).default('in-person'),
  location: z.string().trim().max(200).default(''),
  topic: z.string().trim().max(300).default(''),
  /** Each member's note starts from these (shared/notes/prefill.ts): the goal only where the member's plan has no objective. */
  goal: z.string().trim().max(500, "The group's goal is at most 500 characters").default(''),
  plan: z.string().trim().max(500, "The group's plan is at most 500 characters").default(''),
  schedule: weeklyScheduleSchema.nullable().default(null),
  exceptions: z.array(scheduleExceptionSchema).default([]),
});
export type Group = z.infer<typeof groupSchema>;
export type GroupInput = z.input<typeof groupSchema>;
