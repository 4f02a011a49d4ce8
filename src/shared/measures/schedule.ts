/**
 * When each instrument is given in an episode: at admission, every N days or weeks counted from
 * admission, and at discharge. Each occasion owns a window of dates, and the windows follow one
 * another without overlapping, so an administration satisfies at most one occasion and the answer
 * for a date never depends on the order records arrive in.
 *
 *   window of occasion i = [due_i − grace, due_(i+1) − grace)      the discharge one ends at due + grace
 *
 * Unsatisfied, an occasion is upcoming before its window, due until grace days after its due date,
 * overdue until the next window opens, then missed.
 */
import { z } from 'zod';
import { addDays } from '../calendar';
import { MEASURE_IDS } from './definition';
import type { MeasureId } from './definition';
import { MeasureRuleError } from './score';
import { message, parseOrThrow } from '../messages';

export const OCCASION_KINDS = { admission: 'shared:occasionKinds.admission', interval: 'shared:occasionKinds.interval', discharge: 'shared:occasionKinds.discharge' } as const;
export type OccasionKind = keyof typeof OCCASION_KINDS;

export const OCCASION_STATUSES = { done: 'shared:occasionStatuses.done', upcoming: 'shared:occasionStatuses.upcoming', due: 'shared:occasionStatuses.due', overdue: 'shared:occasionStatuses.overdue', missed: 'shared:occasionStatuses.missed' } as const;
export type OccasionStatus = keyof typeof OCCASION_STATUSES;

const DEFAULT_GRACE_DAYS = 3;
/** The window end of an open episode's last occasion: it stays open. */
export const OPEN_END = '9999-12-31';

export const measureScheduleSchema = z
  .object({
    instrumentId: z.enum(MEASURE_IDS, message('shared:measures.chooseInstrument')),
    atAdmission: z.boolean(),
    every: z
      .object({
        count: z
          .number(message('shared:measures.intervalNumber'))
          .int(message('shared:measures.intervalWholeNumber'))
          .min(1, message('shared:measures.intervalBetween1And'))
          .max(52, message('shared:measures.intervalBetween1And')),
        unit: z.enum(['days', 'weeks'], message('shared:measures.intervalInDaysOr')),
      })
      .strict()
      .nullable(),
    atDischarge: z.boolean(),
    /** Days either side of a due date that still count as on time. */
    graceDays: z
      .number(message('shared:measures.graceNumber'))
      .int(message('shared:measures.graceWhole'))
      .min(0, message('shared:measures.graceNegative'))
      .max(14, message('shared:measures.graceTooLong'))
      .default(DEFAULT_GRACE_DAYS),
  })
  .strict()
  .refine((s) => s.atAdmission || s.every !== null || s.atDischarge, message('shared:measures.chooseOccasion'))
  // Otherwise consecutive windows would be empty or out of order.
  .refine((s) => s.every === null || intervalDays(s.every) > s.graceDays, { ...message('shared:measures.graceShorter'), path: ['graceDays'] });

export type MeasureSchedule = z.infer<typeof measureScheduleSchema>;
export type MeasureScheduleInput = z.input<typeof measureScheduleSchema>;

/** A common IOP starting point; each practice sets its own. */
export const SUGGESTED_SCHEDULES: Readonly<Record<MeasureId, MeasureSchedule>> = {
  phq9: { instrumentId: 'phq9', atAdmission: true, every: { count: 2, unit: 'weeks' }, atDischarge: true, graceDays: DEFAULT_GRACE_DAYS },
  gad7: { instrumentId: 'gad7', atAdmission: true, every: { count: 2, unit: 'weeks' }, atDischarge: true, graceDays: DEFAULT_GRACE_DAYS },
  pcl5: { instrumentId: 'pcl5', atAdmission: true, every: { count: 4, unit: 'weeks' }, atDischarge: true, graceDays: DEFAULT_GRACE_DAYS },
  audit: { instrumentId: 'audit', atAdmission: true, every: null, atDischarge: true, graceDays: DEFAULT_GRACE_DAYS },
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function intervalDays(every: { count: number; unit: 'days' | 'weeks' }): number {
  return every.unit === 'weeks' ? every.count * 7 : every.count;
}

export interface EpisodeDates {
  admittedOn: string;
  /** The discharge date once recorded, or a planned one to schedule the discharge measure ahead. */
  dischargedOn: string | null;
}

export interface MeasureOccasion {
  instrumentId: MeasureId;
  kind: OccasionKind;
  dueOn: string;
  /** First and last dates (inclusive) that count for this occasion; OPEN_END while open-ended. */
  windowStart: string;
  windowEnd: string;
  status: OccasionStatus;
  /** The administration that satisfied it. */
  administeredOn: string | null;
}

/**
 * Every occasion of the schedule in the episode up to `today`, plus the next upcoming one.
 * `administrations` may hold any instruments; only the schedule's are used. Throws
 * MeasureRuleError for a schedule that cannot work.
 */
export function measureOccasions(
  scheduleInput: MeasureScheduleInput,
  episode: EpisodeDates,
  administrations: readonly { instrumentId: MeasureId; date: string }[],
  today: string,
): MeasureOccasion[] {
  const schedule = parseOrThrow(measureScheduleSchema, scheduleInput, MeasureRuleError);
  const grace = schedule.graceDays;
  const discharge = episode.dischargedOn;
  const dues: { kind: OccasionKind; dueOn: string }[] = [];
  if (schedule.atAdmission) dues.push({ kind: 'admission', dueOn: episode.admittedOn });
  if (schedule.every) {
    const step = intervalDays(schedule.every);
    // With a discharge measure, interval occasions within its grace are left to it.
    const lastDue = discharge === null ? null : schedule.atDischarge ? addDays(discharge, -grace - 1) : discharge;
    for (let due = addDays(episode.admittedOn, step); lastDue === null || due <= lastDue; due = addDays(due, step)) {
      dues.push({ kind: 'interval', dueOn: due });
      if (lastDue === null && addDays(due, -grace) > today) break;
    }
  }
  if (schedule.atDischarge && discharge !== null) dues.push({ kind: 'discharge', dueOn: discharge });

  const dates = administrations
    .filter((a) => a.instrumentId === schedule.instrumentId)
    .map((a) => a.date)
    .sort();
  const occasions = dues.map(({ kind, dueOn }, i): MeasureOccasion => {
    const next = dues[i + 1];
    const windowStart = addDays(dueOn, -grace);
    const windowEnd = next ? addDays(next.dueOn, -grace - 1) : discharge !== null ? addDays(dueOn, grace) : OPEN_END;
    const administeredOn = dates.find((date) => date >= windowStart && date <= windowEnd) ?? null;
    let status: OccasionStatus;
    if (administeredOn !== null) status = 'done';
    else if (today < windowStart) status = 'upcoming';
    else if (today <= addDays(dueOn, grace) && today <= windowEnd) status = 'due';
    else if (today <= windowEnd) status = 'overdue';
    else status = 'missed';
    return { instrumentId: schedule.instrumentId, kind, dueOn, windowStart, windowEnd, status, administeredOn };
  });
  // Past and current occasions, and the first one still to come.
  const firstUpcoming = occasions.findIndex((o) => o.status === 'upcoming');
  return firstUpcoming === -1 ? occasions : occasions.slice(0, firstUpcoming + 1);
}

/** What needs doing on `today` across the practice's schedules: due and overdue occasions, earliest first. */
export function dueMeasures(
  schedules: readonly MeasureScheduleInput[],
  episode: EpisodeDates,
  administrations: readonly { instrumentId: MeasureId; date: string }[],
  today: string,
): MeasureOccasion[] {
  return schedules
    .flatMap((schedule) => measureOccasions(schedule, episode, administrations, today))
    .filter((o) => o.status === 'due' || o.status === 'overdue')
    .sort((a, b) => compare(a.dueOn, b.dueOn) || compare(a.instrumentId, b.instrumentId));
}
