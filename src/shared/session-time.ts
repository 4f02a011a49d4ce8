/**
 * When a session's records may be written, and when its notes fall due. Attendance and notes open
 * a practice-set number of minutes before the start (settings.sessionOpensMinutesBefore): a note for
 * a session that has not happened is not a record of anything. Notes fall due, and age, from the end.
 */
import { DateTime } from 'luxon';
import { noteAgeBusinessDays } from './notes/note';

export interface SessionTimes {
  /** UTC instants, as stored on the session. */
  startsAt: string;
  endsAt: string;
  /** The session's IANA zone: dates and wall-clock times are read there. */
  timeZone: string;
}

export type SessionOpening = { open: true } | { open: false; opensAt: string; reason: string };

function instant(iso: string, zone: string): DateTime {
  const at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) throw new Error(`Not a date-time: ${iso}`);
  return at;
}

/** Whether attendance and notes can be recorded at `now` (ms), and if not, why and from when. */
export function sessionOpening(session: SessionTimes, now: number, opensMinutesBefore: number): SessionOpening {
  const opensAt = instant(session.startsAt, session.timeZone).minus({ minutes: opensMinutesBefore });
  if (now >= opensAt.toMillis()) return { open: true };
  const start = instant(session.startsAt, session.timeZone);
  const sameDay = opensAt.hasSame(DateTime.fromMillis(now, { zone: session.timeZone }), 'day');
  const when = sameDay ? `at ${opensAt.toFormat('HH:mm')}` : `on ${opensAt.toFormat('ccc d LLL')} at ${opensAt.toFormat('HH:mm')}`;
  return {
    open: false,
    opensAt: opensAt.toUTC().toISO()!,
    reason: `This session has not started: it begins at ${start.toFormat('HH:mm')}${sameDay ? '' : ` on ${start.toFormat('ccc d LLL')}`}. Attendance and notes open ${when}${opensMinutesBefore > 0 ? `, ${opensMinutesBefore} minutes before it starts` : ''}.`,
  };
}

/**
 * A note's age in business days counted from the end of its session, or null while the session
 * has not ended: it is not due yet, so it is neither listed as due nor "0 days old".
 */
export function noteAgeFromEnd(session: SessionTimes, now: number): number | null {
  const end = instant(session.endsAt, session.timeZone);
  if (now < end.toMillis()) return null;
  return noteAgeBusinessDays(end.toISODate()!, DateTime.fromMillis(now, { zone: session.timeZone }).toISODate()!);
}

/** A time of day rounded to the nearest 5 minutes, as HH:mm (a late arrival recorded as it happens). */
export function roundedClock(now: number, timeZone: string): string {
  const at = DateTime.fromMillis(now, { zone: timeZone });
  const minutes = Math.round((at.hour * 60 + at.minute + at.second / 60) / 5) * 5;
  const clamped = Math.min(minutes, 23 * 60 + 55);
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

/**
 * The arrival time offered when a member is marked late: now, rounded, while the session runs (the
 * usual moment of marking it); the start otherwise (attendance written up afterwards).
 */
export function lateArrivalDefault(session: SessionTimes & { start: string }, now: number): string {
  const during = now > Date.parse(session.startsAt) && now < Date.parse(session.endsAt);
  return during ? roundedClock(now, session.timeZone) : session.start;
}

/**
 * A clock time as typed quickly into one field: "0920", "920", "9:20" or "09:20" (24-hour), as
 * HH:MM; null while it is not a whole time yet, or not a time of day.
 */
export function parseTypedTime(text: string): string | null {
  const match = /^\s*(\d{1,2}):?(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/** A note or attendance written for a session that has not opened yet: refused below the screens too. */
export class SessionNotOpenError extends Error {
  override readonly name = 'SessionNotOpenError';
  constructor(
    readonly opensAt: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Throws SessionNotOpenError, with the reason the workspace shows, unless the session is open at `now`. */
export function assertSessionOpen(session: SessionTimes, now: number, opensMinutesBefore: number): void {
  const opening = sessionOpening(session, now, opensMinutesBefore);
  if (!opening.open) throw new SessionNotOpenError(opening.opensAt, opening.reason);
}
