/**
 * Practice holidays: days with no group session. By default the eleven US federal holidays
 * (5 U.S.C. 6103) with the rule federal offices follow for weekends: a Saturday holiday is observed
 * on the Friday before, a Sunday one on the Monday after. A practice closes on both the holiday and
 * its observed day (a Saturday group does not meet on 25 December either). An administrator keeps
 * or drops each federal holiday and adds the practice's own closures.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { message } from './messages';
import { isoDate } from './clients';
import type { ScheduleException } from './schedule';

export const FEDERAL_HOLIDAYS = {
  'new-year': "New Year's Day",
  'martin-luther-king': 'Birthday of Martin Luther King, Jr.',
  washington: "Washington's Birthday",
  memorial: 'Memorial Day',
  juneteenth: 'Juneteenth National Independence Day',
  independence: 'Independence Day',
  labor: 'Labor Day',
  columbus: 'Columbus Day',
  veterans: 'Veterans Day',
  thanksgiving: 'Thanksgiving Day',
  christmas: 'Christmas Day',
} as const;
export type FederalHolidayId = keyof typeof FEDERAL_HOLIDAYS;
export const FEDERAL_HOLIDAY_IDS = Object.keys(FEDERAL_HOLIDAYS) as FederalHolidayId[];

/** A fixed date, or the nth weekday (1 = Monday) of the month, -1 for the last; `since`: first year in law. */
type Rule = { month: number; since?: number } & ({ day: number } | { weekday: number; nth: number });

const RULES: Record<FederalHolidayId, Rule> = {
  'new-year': { month: 1, day: 1 },
  'martin-luther-king': { month: 1, weekday: 1, nth: 3, since: 1986 },
  washington: { month: 2, weekday: 1, nth: 3 },
  memorial: { month: 5, weekday: 1, nth: -1 },
  juneteenth: { month: 6, day: 19, since: 2021 },
  independence: { month: 7, day: 4 },
  labor: { month: 9, weekday: 1, nth: 1 },
  columbus: { month: 10, weekday: 1, nth: 2 },
  veterans: { month: 11, day: 11 },
  thanksgiving: { month: 11, weekday: 4, nth: 4 },
  christmas: { month: 12, day: 25 },
};

export interface Holiday {
  id: FederalHolidayId;
  name: string;
  /** The holiday itself. */
  date: string;
  /** The weekday federal offices close instead when it falls on a weekend (the same date otherwise). */
  observed: string;
}

function ruleDate(year: number, rule: Rule): DateTime<true> {
  const first = DateTime.utc(year, rule.month, 1) as DateTime<true>;
  if ('day' in rule) return first.set({ day: rule.day });
  if (rule.nth > 0) return first.plus({ days: ((rule.weekday - first.weekday + 7) % 7) + (rule.nth - 1) * 7 });
  const last = first.endOf('month').startOf('day');
  return last.minus({ days: (last.weekday - rule.weekday + 7) % 7 });
}

/** The federal holidays of `year` with their observed days, in calendar order (rules in force since 1986). */
export function federalHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1986 || year > 9998) throw new Error(`Holidays are computed for years 1986 to 9998, not ${year}`);
  return FEDERAL_HOLIDAY_IDS.filter((id) => (RULES[id].since ?? 0) <= year).map((id) => {
    const date = ruleDate(year, RULES[id]);
    const shift = date.weekday === 6 ? -1 : date.weekday === 7 ? 1 : 0;
    return { id, name: FEDERAL_HOLIDAYS[id], date: date.toISODate(), observed: date.plus({ days: shift }).toISODate() };
  });
}

export const closureSchema = z
  .object({
    date: isoDate('shared:fields.holidayDate'),
    name: z.string().trim().min(1, message('shared:holidays.nameHoliday')).max(100, message('shared:holidays.holidayNameAtMost')),
  })
  .strict();
export type PracticeClosure = z.infer<typeof closureSchema>;

export const holidaySettingsSchema = z
  .object({
    /** The federal holidays the practice closes on. */
    federal: z
      .array(z.enum(FEDERAL_HOLIDAY_IDS, message('shared:holidays.unknownFederalHoliday')))
      .refine((ids) => new Set(ids).size === ids.length, message('shared:holidays.eachFederalHolidayMay')),
    /** The practice's own closures (the day after Thanksgiving, a staff training day). */
    closures: z
      .array(closureSchema)
      .max(500, message('shared:holidays.atMostMaximumPractice'))
      .refine((closures) => new Set(closures.map((c) => c.date)).size === closures.length, message('shared:holidays.eachClosureDateMay')),
  })
  .strict();
export type HolidaySettings = z.infer<typeof holidaySettingsSchema>;

export const DEFAULT_HOLIDAYS: HolidaySettings = { federal: [...FEDERAL_HOLIDAY_IDS], closures: [] };

/** Every day in the inclusive range the practice is closed, with the holiday's name; sorted by date. */
export function closedDays(settings: HolidaySettings, range: { from: string; to: string }): { date: string; name: string }[] {
  const closed = new Map<string, string>();
  const kept = new Set(settings.federal);
  const first = Math.max(1986, Number(range.from.slice(0, 4)));
  // The next year too: its New Year's Day may be observed on 31 December of this one.
  for (let year = first; year <= Number(range.to.slice(0, 4)) + 1; year++) {
    for (const holiday of federalHolidays(year)) {
      if (!kept.has(holiday.id)) continue;
      for (const date of [holiday.date, holiday.observed]) if (!closed.has(date)) closed.set(date, date === holiday.date ? holiday.name : `${holiday.name} (observed)`);
    }
  }
  for (const closure of settings.closures) closed.set(closure.date, closure.name);
  return [...closed]
    .filter(([date]) => date >= range.from && date <= range.to)
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The closures in `range` as cancellations a schedule understands. A group's own exception on a day
 * wins: a session the group moved or re-timed on a holiday was planned that way.
 */
export function holidayCancellations(settings: HolidaySettings, range: { from: string; to: string }, exceptions: readonly ScheduleException[]): ScheduleException[] {
  const own = new Set(exceptions.map((e) => e.date));
  return closedDays(settings, range)
    .filter((closure) => !own.has(closure.date))
    .map((closure) => ({ date: closure.date, kind: 'cancelled', reason: `Practice holiday: ${closure.name}` }));
}
