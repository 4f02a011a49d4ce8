/**
 * Recurring group schedules and the session occurrences generated from them. All zone arithmetic
 * goes through luxon with the practice's IANA zone, so the result never depends on the machine's
 * own time zone: a 09:00 group stays 09:00 local across daylight-saving changes.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { isoDate, limitedText } from './clients';
import type { Formatters } from './format';
import { englishIssue, message, RuleError, type SharedKey } from './messages';

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Longest range generated at once: enough to plan ahead, small enough to catch a typo in a year. */
const MAX_RANGE_YEARS = 3;

/** A time of day (HH:MM, 24-hour). */
export const clockTime = (field: SharedKey) => z.string().refine((value) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value), message('shared:validation.notATime', { field }));

const reason = limitedText('shared:fields.theReason', 200).refine((value) => value !== '', message('shared:schedule.reasonRequired'));

export const weeklyScheduleSchema = z
  .object({
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), message('shared:schedule.timeZone')),
    days: z
      .array(z.literal(WEEKDAYS, message('shared:schedule.weekday')))
      .min(1, message('shared:schedule.chooseDay'))
      .refine((days) => new Set(days).size === days.length, message('shared:schedule.dayOnce')),
    start: clockTime('shared:fields.startTime'),
    end: clockTime('shared:fields.endTime'),
    startsOn: isoDate('shared:fields.startDate'),
    endsOn: isoDate('shared:fields.endDate').optional(),
  })
  .strict()
  .refine((schedule) => schedule.end > schedule.start, { ...message('shared:schedule.endAfterStart'), path: ['end'] })
  .refine((schedule) => schedule.endsOn === undefined || schedule.endsOn >= schedule.startsOn, { ...message('shared:schedule.endDateAfterStart'), path: ['endsOn'] });

export type WeeklySchedule = z.infer<typeof weeklyScheduleSchema>;

export const scheduleExceptionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ date: isoDate('shared:fields.dateLabel'), kind: z.literal('cancelled'), reason }).strict(),
    z
      .object({
        date: isoDate('shared:fields.dateLabel'),
        kind: z.literal('changed'),
        start: clockTime('shared:fields.startTime').optional(),
        end: clockTime('shared:fields.endTime').optional(),
        moveTo: isoDate('shared:fields.newDate').optional(),
        reason,
      })
      .strict()
      .refine((change) => Boolean(change.start || change.end || change.moveTo), message('shared:schedule.changeNeedsSomething'))
      .refine((change) => !change.start || !change.end || change.end > change.start, { ...message('shared:schedule.endAfterStart'), path: ['end'] }),
  ],
  message('shared:schedule.exceptionKind'),
);

export type ScheduleException = z.infer<typeof scheduleExceptionSchema>;

export interface Occurrence {
  /** Local date of the session in the schedule's zone (after any move). */
  date: string;
  /** Local wall-clock times of the real instants: 02:30 on a spring-forward day reads 03:30. */
  start: string;
  end: string;
  /** UTC ISO instants. */
  startsAt: string;
  endsAt: string;
  /** Real elapsed minutes, so a session spanning a daylight-saving change is an hour shorter or longer. */
  minutes: number;
  /** The scheduled date this session came from. */
  originalDate: string;
  changed: boolean;
  /** The scheduled date: regenerating never duplicates a session and a moved session keeps its identity. */
  key: string;
}

export interface DateRange {
  from: string;
  to: string;
}

function firstMessage(result: { success: boolean; error?: z.ZodError }): string | undefined {
  const issue = result.error?.issues[0];
  return issue && englishIssue(issue);
}

/** A calendar date carried in UTC, where adding a day is always 24 hours. */
function calendarDay(date: string, label: string): DateTime<true> {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new Error(`${label} must be a date (YYYY-MM-DD): ${date}`);
  return day;
}

/**
 * The instant of a local wall-clock time. A time skipped by spring-forward moves forward (luxon's
 * default); a time repeated by fall-back takes the earlier instant, whatever luxon would pick.
 */
function localInstant(date: string, hhmm: string, zone: string): DateTime<true> {
  const guess = DateTime.fromISO(`${date}T${hhmm}`, { zone });
  if (!guess.isValid) throw new Error(`${date} ${hhmm} is not a valid time in ${zone}`);
  return guess.getPossibleOffsets().reduce((earliest, candidate) => (candidate < earliest ? candidate : earliest), guess);
}

/** HH:MM in ISO form: toFormat would follow the machine's locale and could print non-Latin digits. */
function wallClock(instant: DateTime<true>): string {
  return instant.toISOTime({ suppressSeconds: true, includeOffset: false });
}

/**
 * A generated group session's id as releases before opaque ids made it (the group and the
 * occurrence's date): such sessions keep it, and so do the sessions imported for the synthetic
 * demo practice and the benchmark, whose other records refer to them by it.
 */
export const groupSessionId = (groupId: string, key: string) => `session-${groupId}-${key}`;

/**
 * The sessions whose (final) date falls in the inclusive range, sorted by start. Exceptions are keyed
 * by the scheduled date and ignored on days with no scheduled session. startsOn/endsOn bound the
 * scheduled dates, not the moved ones: a make-up session may land after the series ends. A move
 * counts where it lands, so a session moved out of the range disappears from it and one moved into
 * the range from outside appears.
 */
export function generateOccurrences(schedule: WeeklySchedule, exceptions: ScheduleException[], range: DateRange): Occurrence[] {
  const checked = weeklyScheduleSchema.safeParse(schedule);
  if (!checked.success) throw new Error(`Invalid schedule: ${firstMessage(checked)}`);
  const from = calendarDay(range.from, 'The range start');
  const to = calendarDay(range.to, 'The range end');
  if (to < from) throw new RuleError({ key: 'shared:schedule.rangeEndsBeforeStart' });
  if (to > from.plus({ years: MAX_RANGE_YEARS })) throw new RuleError({ key: 'shared:schedule.rangeTooLong', values: { years: MAX_RANGE_YEARS } });

  const byDate = new Map<string, ScheduleException>();
  for (const exception of exceptions) {
    const parsed = scheduleExceptionSchema.safeParse(exception);
    if (!parsed.success) throw new Error(`Invalid exception on ${exception.date}: ${firstMessage(parsed)}`);
    if (byDate.has(exception.date)) throw new RuleError({ key: 'shared:schedule.twoExceptions', values: { date: exception.date } });
    byDate.set(exception.date, exception);
  }

  // Candidate scheduled dates: every day in the range, plus any day moved into it from outside.
  const candidates = new Set<string>();
  for (let day = from; day <= to; day = day.plus({ days: 1 })) candidates.add(day.toISODate());
  for (const exception of byDate.values()) if (exception.kind === 'changed' && exception.moveTo) candidates.add(exception.date);

  const occurrences: Occurrence[] = [];
  for (const originalDate of candidates) {
    const weekday = calendarDay(originalDate, 'The date').weekday as Weekday;
    const scheduled =
      schedule.days.includes(weekday) && originalDate >= schedule.startsOn && (!schedule.endsOn || originalDate <= schedule.endsOn);
    const exception = byDate.get(originalDate);
    if (!scheduled || exception?.kind === 'cancelled') continue;

    const change = exception?.kind === 'changed' ? exception : undefined;
    const date = change?.moveTo ?? originalDate;
    if (date < range.from || date > range.to) continue;
    const start = localInstant(date, change?.start ?? schedule.start, schedule.timeZone);
    const end = localInstant(date, change?.end ?? schedule.end, schedule.timeZone);
    if (end <= start) throw new RuleError({ key: 'shared:schedule.changeEndsBeforeStart', values: { date: originalDate } });

    occurrences.push({
      date: start.toISODate(),
      start: wallClock(start),
      end: wallClock(end),
      startsAt: start.toUTC().toISO(),
      endsAt: end.toUTC().toISO(),
      minutes: Math.round(end.diff(start, 'minutes').minutes),
      originalDate,
      changed: change !== undefined,
      key: originalDate,
    });
  }
  // Same-format UTC ISO strings sort chronologically; the key breaks ties between simultaneous sessions.
  return occurrences.sort((a, b) => (a.startsAt === b.startsAt ? (a.key < b.key ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1));
}

/** The instants of a one-off session at local wall-clock times, by the same rules as generated ones. */
export function sessionTimes(date: string, start: string, end: string, timeZone: string): Pick<Occurrence, 'start' | 'end' | 'startsAt' | 'endsAt' | 'minutes'> {
  if (!IANAZone.isValidZone(timeZone)) throw new RuleError({ key: 'shared:schedule.timeZone' });
  calendarDay(date, 'The date');
  const from = localInstant(date, start, timeZone);
  const to = localInstant(date, end, timeZone);
  if (to <= from) throw new RuleError({ key: 'shared:schedule.endAfterStart' });
  return { start: wallClock(from), end: wallClock(to), startsAt: from.toUTC().toISO(), endsAt: to.toUTC().toISO(), minutes: Math.round(to.diff(from, 'minutes').minutes) };
}

/** e.g. 'Mon, Wed, Fri 09:00–12:00 (America/Chicago)', the days named by `format` (the practice's locale). */
export function describeSchedule(schedule: WeeklySchedule, format: Pick<Formatters, 'weekday'>): string {
  const days = [...schedule.days].sort((a, b) => a - b).map((day) => format.weekday(day));
  return `${days.join(', ')} ${schedule.start}–${schedule.end} (${schedule.timeZone})`;
}
