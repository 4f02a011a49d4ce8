import { describe, expect, it } from 'vitest';
import { sessionTimes } from '../../src/shared/schedule';
import { lateArrivalDefault, noteAgeFromEnd, parseTypedTime, roundedClock, sessionOpening } from '../../src/shared/session-time';

const ZONE = 'America/Chicago';
// Thursday 10 December 2026, 09:00–12:00 in Chicago (UTC−6).
const SESSION = { ...sessionTimes('2026-12-10', '09:00', '12:00', ZONE), timeZone: ZONE };
const at = (iso: string) => Date.parse(iso);

describe('when a session opens', () => {
  it('opens the set number of minutes before its start, and says why it is read-only before that', () => {
    expect(sessionOpening(SESSION, at('2026-12-10T14:45:00Z'), 15)).toEqual({ open: true });
    const early = sessionOpening(SESSION, at('2026-12-10T14:44:00Z'), 15);
    expect(early).toEqual({
      open: false,
      opensAt: '2026-12-10T14:45:00.000Z',
      reason: 'This session has not started: it begins at 09:00. Attendance and notes open at 08:45, 15 minutes before it starts.',
    });
    const dayBefore = sessionOpening(SESSION, at('2026-12-09T18:00:00Z'), 0);
    expect(dayBefore.open).toBe(false);
    expect(dayBefore.open === false && dayBefore.reason).toBe('This session has not started: it begins at 09:00 on Thu 10 Dec. Attendance and notes open on Thu 10 Dec at 09:00.');
  });
});

describe('notes due age from the end of the session', () => {
  it('is not due before the end, 0 on the day, and counts business days after', () => {
    expect(noteAgeFromEnd(SESSION, at('2026-12-10T17:59:00Z'))).toBeNull();
    expect(noteAgeFromEnd(SESSION, at('2026-12-10T18:00:00Z'))).toBe(0);
    expect(noteAgeFromEnd(SESSION, at('2026-12-11T15:00:00Z'))).toBe(1); // Friday
    expect(noteAgeFromEnd(SESSION, at('2026-12-14T15:00:00Z'))).toBe(2); // Monday: the weekend does not count
  });

  it('reads dates in the session’s zone, not UTC', () => {
    // 23:30 in Chicago on the 10th is already the 11th in UTC.
    expect(noteAgeFromEnd(SESSION, at('2026-12-11T05:30:00Z'))).toBe(0);
  });
});

describe('a late arrival’s time', () => {
  it('rounds to the nearest five minutes in the session’s zone', () => {
    expect(roundedClock(at('2026-12-10T15:22:29Z'), ZONE)).toBe('09:20');
    expect(roundedClock(at('2026-12-10T15:22:31Z'), ZONE)).toBe('09:25');
    expect(roundedClock(at('2026-12-11T05:58:00Z'), ZONE)).toBe('23:55');
  });

  it('is offered as now, rounded, during the session, and the start before or after it', () => {
    expect(lateArrivalDefault(SESSION, at('2026-12-10T15:37:00Z'))).toBe('09:35');
    expect(lateArrivalDefault(SESSION, at('2026-12-10T19:00:00Z'))).toBe('09:00');
    expect(lateArrivalDefault(SESSION, at('2026-12-10T14:50:00Z'))).toBe('09:00');
  });
});

describe('a time typed into one field', () => {
  it.each([
    ['0920', '09:20'],
    ['920', '09:20'],
    ['9:20', '09:20'],
    [' 13:05 ', '13:05'],
    ['2359', '23:59'],
  ])('reads %j as %s', (typed, time) => {
    expect(parseTypedTime(typed)).toBe(time);
  });

  it.each(['', '09', '092', '2400', '0960', '9:2', 'nine', '09:20:00'])('is not yet a time: %j', (typed) => {
    expect(parseTypedTime(typed)).toBeNull();
  });
});
