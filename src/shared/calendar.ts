/** Calendar-date arithmetic on YYYY-MM-DD strings (carried in UTC, where a day is always 24 hours). */
import { DateTime } from 'luxon';

function day(date: string): DateTime<true> {
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  if (!parsed.isValid) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  return parsed;
}

export function addDays(date: string, days: number): string {
  return day(date).plus({ days }).toISODate();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Date-only ISO strings parse as UTC midnight. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Monday to Sunday of the ISO week containing `date`. */
export function weekDays(date: string): string[] {
  const monday = day(date).startOf('week');
  return Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate());
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return day(date).weekday;
}

/** The local calendar date (YYYY-MM-DD) at `now`: in the evening in the Americas, UTC is already tomorrow. */
export function isoToday(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
