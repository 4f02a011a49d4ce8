import { englishIssue } from '../../src/shared/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoToday } from '../../src/shared/calendar';
import { formatInstant } from '../../src/shared/format';
import { instantIn, sameClock, startOfDay, timeZoneSchema, todayIn, utcOffsetLabel } from '../../src/shared/practice-time';
import { generateOccurrences, sessionTimes, type WeeklySchedule } from '../../src/shared/schedule';
import { DEFAULT_PRACTICE_SETTINGS, isPracticeSettingKey, practiceSettingsSchema } from '../../src/shared/settings';

const CHICAGO = 'America/Chicago';
const at = (iso: string) => Date.parse(iso);

// The laptop is in UTC, the practice in Chicago: nothing below may follow the laptop.
const laptopZone = process.env['TZ'];
beforeAll(() => {
  process.env['TZ'] = 'UTC';
});
afterAll(() => {
  if (laptopZone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = laptopZone;
});

describe('today in the practice’s zone', () => {
  it('is the practice’s date, not the laptop’s, in the evening in the Americas', () => {
    const sundayEvening = at('2026-03-09T02:00:00Z'); // 20:00 on Sunday 8 March in Chicago
    expect(new Date(sundayEvening).getTimezoneOffset()).toBe(0); // the laptop really is in UTC
    expect(isoToday(sundayEvening)).toBe('2026-03-09');
    expect(todayIn(CHICAGO, sundayEvening)).toBe('2026-03-08');
    expect(todayIn('Asia/Tokyo', sundayEvening)).toBe('2026-03-09');
  });

  it('turns at the practice’s midnight on the days the clocks change', () => {
    // Spring forward (8 March 2026): midnight is still CST, 06:00Z.
    expect(todayIn(CHICAGO, at('2026-03-08T05:59:59Z'))).toBe('2026-03-07');
    expect(todayIn(CHICAGO, at('2026-03-08T06:00:00Z'))).toBe('2026-03-08');
    // The next midnight is CDT, 05:00Z: that day had 23 hours.
    expect(todayIn(CHICAGO, at('2026-03-09T04:59:59Z'))).toBe('2026-03-08');
    expect(todayIn(CHICAGO, at('2026-03-09T05:00:00Z'))).toBe('2026-03-09');
    // Fall back (1 November 2026): midnight is CDT, 05:00Z; the next one CST, 06:00Z (25 hours).
    expect(todayIn(CHICAGO, at('2026-11-01T05:00:00Z'))).toBe('2026-11-01');
    expect(todayIn(CHICAGO, at('2026-11-02T05:59:59Z'))).toBe('2026-11-01');
    expect(todayIn(CHICAGO, at('2026-11-02T06:00:00Z'))).toBe('2026-11-02');
  });

  it('gives the first instant of a practice day, for ranges over UTC timestamps', () => {
    expect(startOfDay('2026-03-08', CHICAGO)).toBe('2026-03-08T06:00:00.000Z');
    expect(startOfDay('2026-03-09', CHICAGO)).toBe('2026-03-09T05:00:00.000Z');
    expect(startOfDay('2026-11-02', CHICAGO)).toBe('2026-11-02T06:00:00.000Z');
    expect(() => startOfDay('2026-02-30', CHICAGO)).toThrow('Not a date (YYYY-MM-DD): 2026-02-30');
  });
});

describe('sessions of a Chicago practice generated on a laptop in UTC', () => {
  const group: WeeklySchedule = { timeZone: CHICAGO, days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: '2026-01-05' };

  it('keeps 09:00 in Chicago through the spring-forward week: 15:00Z before, 14:00Z after', () => {
    const sessions = generateOccurrences(group, [], { from: '2026-03-02', to: '2026-03-13' });
    expect(sessions.map((s) => [s.date, s.start, s.startsAt])).toEqual([
      ['2026-03-02', '09:00', '2026-03-02T15:00:00.000Z'],
      ['2026-03-04', '09:00', '2026-03-04T15:00:00.000Z'],
      ['2026-03-06', '09:00', '2026-03-06T15:00:00.000Z'],
      ['2026-03-09', '09:00', '2026-03-09T14:00:00.000Z'],
      ['2026-03-11', '09:00', '2026-03-11T14:00:00.000Z'],
      ['2026-03-13', '09:00', '2026-03-13T14:00:00.000Z'],
    ]);
    expect(sessions.every((s) => s.minutes === 180)).toBe(true);
  });

  it('keeps 09:00 through the fall-back week: 14:00Z before, 15:00Z after', () => {
    const sessions = generateOccurrences(group, [], { from: '2026-10-26', to: '2026-11-06' });
    expect(sessions.map((s) => s.startsAt.slice(11, 16))).toEqual(['14:00', '14:00', '14:00', '15:00', '15:00', '15:00']);
    expect(sessions.map((s) => formatInstant(s.startsAt, CHICAGO, 'en-US').replace('\u202f', ' '))).toEqual([
      'Oct 26, 2026, 9:00 AM',
      'Oct 28, 2026, 9:00 AM',
      'Oct 30, 2026, 9:00 AM',
      'Nov 2, 2026, 9:00 AM',
      'Nov 4, 2026, 9:00 AM',
      'Nov 6, 2026, 9:00 AM',
    ]);
  });

  it('lists today’s session by the practice’s date: on Sunday evening in Chicago, Monday’s has not begun', () => {
    const sundayEvening = at('2026-03-09T02:00:00Z');
    const today = todayIn(CHICAGO, sundayEvening);
    expect(generateOccurrences(group, [], { from: today, to: today })).toEqual([]);
    // The laptop's own date would have shown Monday's session as today's.
    expect(generateOccurrences(group, [], { from: isoToday(sundayEvening), to: isoToday(sundayEvening) })).toHaveLength(1);
  });

  it('places a one-off session at the practice’s wall clock', () => {
    expect(sessionTimes('2026-07-01', '13:00', '13:50', CHICAGO)).toEqual({ start: '13:00', end: '13:50', startsAt: '2026-07-01T18:00:00.000Z', endsAt: '2026-07-01T18:50:00.000Z', minutes: 50 });
  });
});

describe('showing instants', () => {
  it('writes the practice’s wall clock in the practice’s locale whatever the laptop’s zone', () => {
    const instant = '2026-11-24T03:30:00.000Z';
    expect(formatInstant(instant, CHICAGO, 'en-US').replace('\u202f', ' ')).toBe('Nov 23, 2026, 9:30 PM');
    expect(formatInstant(at(instant), 'Asia/Kolkata', 'en-US', { seconds: true }).replace('\u202f', ' ')).toBe('Nov 24, 2026, 9:00:00 AM');
    expect(() => formatInstant('yesterday', CHICAGO, 'en-US')).toThrow('Not an instant in America/Chicago: yesterday');
  });

  it('labels offsets, which change with daylight saving', () => {
    expect(utcOffsetLabel(CHICAGO, at('2026-01-15T12:00:00Z'))).toBe('UTC−06:00');
    expect(utcOffsetLabel(CHICAGO, at('2026-07-15T12:00:00Z'))).toBe('UTC−05:00');
    expect(utcOffsetLabel('Asia/Kolkata', at('2026-07-15T12:00:00Z'))).toBe('UTC+05:30');
  });
});

describe('whether a laptop keeps the practice’s clock', () => {
  const now = at('2026-01-15T12:00:00Z');

  it('treats aliases and zones with the same rules as the same clock', () => {
    expect(sameClock(CHICAGO, CHICAGO, now)).toBe(true);
    expect(sameClock('US/Central', CHICAGO, now)).toBe(true);
    expect(sameClock('Etc/UTC', 'UTC', now)).toBe(true);
  });

  it('tells zones apart that differ now, or only in summer', () => {
    expect(sameClock('Europe/London', CHICAGO, now)).toBe(false);
    // Same offset in January, an hour apart from March to November.
    expect(sameClock('America/Regina', CHICAGO, now)).toBe(false);
    expect(sameClock('America/Phoenix', 'America/Denver', now)).toBe(false);
    expect(sameClock('Not/AZone', CHICAGO, now)).toBe(false);
  });
});

describe('the time zone setting', () => {
  it('is an optional practice setting holding an IANA zone', () => {
    expect(isPracticeSettingKey('timeZone')).toBe(true);
    expect(DEFAULT_PRACTICE_SETTINGS.timeZone).toBeUndefined();
    expect(practiceSettingsSchema.parse({ ...DEFAULT_PRACTICE_SETTINGS, timeZone: CHICAGO }).timeZone).toBe(CHICAGO);
    expect(timeZoneSchema.safeParse('Central Time').error?.issues.map(englishIssue)).toEqual(['The time zone must be an IANA zone such as America/Chicago']);
  });
});

describe('an instant with the practice zone’s offset', () => {
  it('names the practice’s date and the zone’s offset, and is the same instant', () => {
    // 03:30 UTC on 7 December is still 6 December, 21:30, in Chicago (UTC−06:00).
    const at = Date.parse('2026-12-07T03:30:00.000Z');
    expect(instantIn('America/Chicago', at)).toBe('2026-12-06T21:30:00.000-06:00');
    expect(instantIn('Asia/Kolkata', at)).toBe('2026-12-07T09:00:00.000+05:30');
    expect(Date.parse(instantIn('America/Chicago', at))).toBe(at);
  });
});
