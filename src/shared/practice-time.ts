/**
 * The practice's time zone: "today", day boundaries and the display of instants follow the
 * practice's IANA zone, never the laptop's, so a laptop set to another zone cannot shift dates.
 * Every function takes the zone and the instant: nothing here reads the machine's clock or zone.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { message } from './messages';

export const timeZoneSchema = z.string().refine((zone) => IANAZone.isValidZone(zone), message('shared:settings.timeZone'));

function inZone(at: number | string, timeZone: string): DateTime<true> {
  const instant = typeof at === 'number' ? DateTime.fromMillis(at, { zone: timeZone }) : DateTime.fromISO(at, { zone: timeZone });
  if (!instant.isValid) throw new Error(`Not an instant in ${timeZone}: ${String(at)} (${instant.invalidExplanation ?? instant.invalidReason})`);
  return instant;
}

/** The calendar date (YYYY-MM-DD) in `timeZone` at `now` (ms since the epoch). */
export function todayIn(timeZone: string, now: number): string {
  return inZone(now, timeZone).toISODate();
}

/** `now` as an ISO date-time with the offset of `timeZone`: its first ten characters are the practice's date. */
export function instantIn(timeZone: string, now: number): string {
  return inZone(now, timeZone).toISO({ suppressMilliseconds: false });
}

/** The first instant (UTC ISO) of `date` in `timeZone`: a day's range for queries on UTC timestamps. */
export function startOfDay(date: string, timeZone: string): string {
  const day = DateTime.fromISO(date, { zone: timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  return day.startOf('day').toUTC().toISO();
}

/** "UTC−06:00" at `now` (offsets change with daylight saving). */
export function utcOffsetLabel(timeZone: string, now: number): string {
  return `UTC${IANAZone.create(timeZone).formatOffset(now, 'short').replace('-', '−')}`;
}

/**
 * Whether two zones keep the same clock from `now` for a year: aliases such as US/Central and
 * America/Chicago do, and so do zones that share every rule; a different daylight-saving date
 * shows on the days between. Checked daily, so a year of rules costs a few milliseconds.
 */
export function sameClock(a: string, b: string, now: number): boolean {
  if (a === b) return true;
  const za = IANAZone.create(a);
  const zb = IANAZone.create(b);
  if (!za.isValid || !zb.isValid) return false;
  for (let day = 0; day <= 366; day++) {
    const at = now + day * 86_400_000;
    if (za.offset(at) !== zb.offset(at)) return false;
  }
  return true;
}
