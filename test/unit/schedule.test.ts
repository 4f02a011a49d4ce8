import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ScheduleException, WeeklySchedule } from '../../src/shared/schedule';
import { formatters } from '../../src/shared/format';
import { englishIssue } from '../../src/shared/messages';
import { describeSchedule, generateOccurrences, scheduleExceptionSchema, weeklyScheduleSchema } from '../../src/shared/schedule';

const chicago: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: '2026-01-05' };
const february = { from: '2026-02-01', to: '2026-02-28' };
const presidentsDay: ScheduleException = { date: '2026-02-16', kind: 'cancelled', reason: "Presidents' Day" };

const at = (schedule: Partial<WeeklySchedule>, from: string, to = from, exceptions: ScheduleException[] = []) =>
  generateOccurrences({ ...chicago, ...schedule }, exceptions, { from, to });

const instants = (occurrences: ReturnType<typeof generateOccurrences>) =>
  occurrences.map(({ date, start, startsAt, endsAt, minutes }) => ({ date, start, startsAt, endsAt, minutes }));

describe('generateOccurrences', () => {
  it('generates a month of Mon/Wed/Fri sessions, skipping a holiday', () => {
    const occurrences = generateOccurrences(chicago, [presidentsDay], february);
    expect(occurrences.map((o) => o.date)).toEqual([
      '2026-02-02', '2026-02-04', '2026-02-06',
      '2026-02-09', '2026-02-11', '2026-02-13',
      '2026-02-18', '2026-02-20',
      '2026-02-23', '2026-02-25', '2026-02-27',
    ]);
    expect(occurrences[0]).toEqual({
      date: '2026-02-02',
      start: '09:00',
      end: '12:00',
      startsAt: '2026-02-02T15:00:00.000Z',
      endsAt: '2026-02-02T18:00:00.000Z',
      minutes: 180,
      originalDate: '2026-02-02',
      changed: false,
      key: '2026-02-02',
    });
    expect(generateOccurrences(chicago, [], february)).toHaveLength(12);
  });

  it('keeps 09:00 local across spring-forward in New York, moving the UTC instant an hour', () => {
    expect(instants(at({ timeZone: 'America/New_York' }, '2026-03-06', '2026-03-09'))).toEqual([
      { date: '2026-03-06', start: '09:00', startsAt: '2026-03-06T14:00:00.000Z', endsAt: '2026-03-06T17:00:00.000Z', minutes: 180 },
      { date: '2026-03-09', start: '09:00', startsAt: '2026-03-09T13:00:00.000Z', endsAt: '2026-03-09T16:00:00.000Z', minutes: 180 },
    ]);
  });

  it('keeps 09:00 local across fall-back in New York', () => {
    expect(instants(at({ timeZone: 'America/New_York' }, '2026-10-30', '2026-11-02'))).toEqual([
      { date: '2026-10-30', start: '09:00', startsAt: '2026-10-30T13:00:00.000Z', endsAt: '2026-10-30T16:00:00.000Z', minutes: 180 },
      { date: '2026-11-02', start: '09:00', startsAt: '2026-11-02T14:00:00.000Z', endsAt: '2026-11-02T17:00:00.000Z', minutes: 180 },
    ]);
  });

  it('counts real minutes for a 01:00–03:00 session on the days the clocks change', () => {
    const night = { timeZone: 'America/New_York', days: [7 as const], start: '01:00', end: '03:00' };
    expect(instants(at(night, '2026-03-08'))).toEqual([
      { date: '2026-03-08', start: '01:00', startsAt: '2026-03-08T06:00:00.000Z', endsAt: '2026-03-08T07:00:00.000Z', minutes: 60 },
    ]);
    expect(instants(at(night, '2026-11-01'))).toEqual([
      { date: '2026-11-01', start: '01:00', startsAt: '2026-11-01T05:00:00.000Z', endsAt: '2026-11-01T08:00:00.000Z', minutes: 180 },
    ]);
  });

  it('shifts a 02:30 start that does not exist on spring-forward day to 03:30', () => {
    const [session] = at({ timeZone: 'America/New_York', days: [7], start: '02:30', end: '04:00' }, '2026-03-08');
    expect(session).toMatchObject({ date: '2026-03-08', start: '03:30', end: '04:00', startsAt: '2026-03-08T07:30:00.000Z', minutes: 30 });
  });

  it('takes the earlier instant for a time repeated on fall-back day, in both hemispheres', () => {
    const [newYork] = at({ timeZone: 'America/New_York', days: [7], start: '01:30', end: '02:30' }, '2026-11-01');
    expect(newYork).toMatchObject({ startsAt: '2026-11-01T05:30:00.000Z', endsAt: '2026-11-01T07:30:00.000Z', minutes: 120 });
    const [sydney] = at({ timeZone: 'Australia/Sydney', days: [7], start: '02:30', end: '04:00' }, '2026-04-05');
    expect(sydney).toMatchObject({ startsAt: '2026-04-04T15:30:00.000Z', endsAt: '2026-04-04T18:00:00.000Z', minutes: 150 });
  });

  it('follows British Summer Time in Europe/London', () => {
    expect(instants(at({ timeZone: 'Europe/London' }, '2026-03-27', '2026-03-30'))).toEqual([
      { date: '2026-03-27', start: '09:00', startsAt: '2026-03-27T09:00:00.000Z', endsAt: '2026-03-27T12:00:00.000Z', minutes: 180 },
      { date: '2026-03-30', start: '09:00', startsAt: '2026-03-30T08:00:00.000Z', endsAt: '2026-03-30T11:00:00.000Z', minutes: 180 },
    ]);
  });

  it('follows the southern-hemisphere clock changes in Australia/Sydney, keeping the local date', () => {
    const sydney = { timeZone: 'Australia/Sydney' };
    expect(instants(at(sydney, '2026-04-03', '2026-04-06')).map(({ date, startsAt }) => ({ date, startsAt }))).toEqual([
      { date: '2026-04-03', startsAt: '2026-04-02T22:00:00.000Z' },
      { date: '2026-04-06', startsAt: '2026-04-05T23:00:00.000Z' },
    ]);
    expect(instants(at(sydney, '2026-10-02', '2026-10-05')).map(({ date, startsAt }) => ({ date, startsAt }))).toEqual([
      { date: '2026-10-02', startsAt: '2026-10-01T23:00:00.000Z' },
      { date: '2026-10-05', startsAt: '2026-10-04T22:00:00.000Z' },
    ]);
  });

  it('applies a one-off time change', () => {
    const change: ScheduleException = { date: '2026-02-11', kind: 'changed', start: '13:00', end: '16:00', reason: 'Staff training' };
    const moved = generateOccurrences(chicago, [change], february).find((o) => o.key === '2026-02-11');
    expect(moved).toEqual({
      date: '2026-02-11',
      start: '13:00',
      end: '16:00',
      startsAt: '2026-02-11T19:00:00.000Z',
      endsAt: '2026-02-11T22:00:00.000Z',
      minutes: 180,
      originalDate: '2026-02-11',
      changed: true,
      key: '2026-02-11',
    });
    const laterStart = at({}, '2026-02-11', '2026-02-11', [{ date: '2026-02-11', kind: 'changed', start: '10:00', reason: 'Late start' }]);
    expect(laterStart[0]).toMatchObject({ start: '10:00', end: '12:00', minutes: 120 });
  });

  it('moves a session to another date, keeping its identity and its place in time order', () => {
    const move: ScheduleException = { date: '2026-02-16', kind: 'changed', moveTo: '2026-02-17', reason: "Presidents' Day" };
    const occurrences = generateOccurrences(chicago, [move], february);
    expect(occurrences).toHaveLength(12);
    expect(occurrences.map((o) => o.date).slice(5, 8)).toEqual(['2026-02-13', '2026-02-17', '2026-02-18']);
    expect(occurrences[6]).toMatchObject({ key: '2026-02-16', originalDate: '2026-02-16', date: '2026-02-17', start: '09:00', changed: true });
  });

  it('counts a moved session where it lands, not where it was scheduled', () => {
    const move: ScheduleException = { date: '2026-02-13', kind: 'changed', moveTo: '2026-02-17', start: '14:00', end: '17:00', reason: 'Make-up' };
    expect(at({}, '2026-02-16', '2026-02-17', [move]).map((o) => o.key)).toEqual(['2026-02-16', '2026-02-13']);
    expect(at({}, '2026-02-13', '2026-02-13', [move])).toEqual([]);
    // A make-up may land after the series ends; the scheduled date is what startsOn/endsOn bound.
    const lastWeek: ScheduleException = { date: '2026-02-27', kind: 'changed', moveTo: '2026-03-03', reason: 'Snow day' };
    expect(at({ endsOn: '2026-02-27' }, '2026-03-01', '2026-03-31', [lastWeek]).map((o) => o.date)).toEqual(['2026-03-03']);
  });

  it('ignores exceptions on days with no scheduled session', () => {
    const tuesday: ScheduleException = { date: '2026-02-10', kind: 'changed', moveTo: '2026-02-12', reason: 'Not a group day' };
    expect(generateOccurrences(chicago, [tuesday], february)).toEqual(generateOccurrences(chicago, [], february));
  });

  it('gives stable keys, so overlapping regenerations agree and never duplicate a session', () => {
    const first = at({}, '2026-02-01', '2026-02-20');
    const second = at({}, '2026-02-10', '2026-02-28');
    const byKey = new Map(first.map((o) => [o.key, o]));
    const shared = second.filter((o) => byKey.has(o.key));
    expect(shared.map((o) => o.key)).toEqual(['2026-02-11', '2026-02-13', '2026-02-16', '2026-02-18', '2026-02-20']);
    for (const occurrence of shared) expect(occurrence).toEqual(byKey.get(occurrence.key));
    const all = generateOccurrences(chicago, [], february);
    expect(new Set(all.map((o) => o.key)).size).toBe(all.length);
  });

  it('respects startsOn and endsOn', () => {
    const bounded = at({ startsOn: '2026-02-04', endsOn: '2026-02-13' }, '2026-02-01', '2026-02-28');
    expect(bounded.map((o) => o.date)).toEqual(['2026-02-04', '2026-02-06', '2026-02-09', '2026-02-11', '2026-02-13']);
    expect(at({ startsOn: '2026-03-02' }, '2026-02-01', '2026-02-28')).toEqual([]);
  });

  it('depends on no local zone or locale: luxon defaults changed, same result', () => {
    const before = generateOccurrences(chicago, [presidentsDay], { from: '2026-03-01', to: '2026-11-30' });
    const { defaultZone, defaultLocale } = Settings;
    try {
      Settings.defaultZone = 'Pacific/Kiritimati';
      Settings.defaultLocale = 'ar-EG';
      expect(generateOccurrences(chicago, [presidentsDay], { from: '2026-03-01', to: '2026-11-30' })).toEqual(before);
    } finally {
      Settings.defaultZone = defaultZone;
      Settings.defaultLocale = defaultLocale;
    }
    expect(before.every((o) => o.startsAt.endsWith('Z') && /^\d\d:\d\d$/.test(o.start))).toBe(true);
  });

  it('returns sessions sorted by their start instant', () => {
    const occurrences = generateOccurrences({ ...chicago, days: [1, 2, 3, 4, 5, 6, 7], startsOn: '2026-01-01' }, [], { from: '2026-01-01', to: '2026-12-31' });
    expect(occurrences).toHaveLength(365);
    expect(occurrences.map((o) => o.startsAt)).toEqual(occurrences.map((o) => o.startsAt).sort());
  });

  it.each([
    [{ from: '2026-01-01', to: '2029-01-02' }, 'A range longer than 3 years is too long to generate at once'],
    [{ from: '2026-02-10', to: '2026-02-01' }, 'The range must end on or after its start'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'The range start must be a date (YYYY-MM-DD): 2026-02-30'],
  ])('rejects the range %o', (range, message) => {
    expect(() => generateOccurrences(chicago, [], range)).toThrow(message);
  });

  it('accepts a range of exactly 3 years', () => {
    expect(generateOccurrences(chicago, [], { from: '2026-01-01', to: '2029-01-01' }).length).toBeGreaterThan(400);
  });

  it('rejects an invalid schedule or conflicting exceptions', () => {
    expect(() => generateOccurrences({ ...chicago, timeZone: 'Mars/Base' }, [], february)).toThrow(
      'Invalid schedule: Time zone must be an IANA zone such as America/Chicago',
    );
    expect(() => generateOccurrences(chicago, [presidentsDay, { ...presidentsDay, reason: 'Again' }], february)).toThrow(
      'There is more than one exception on 2026-02-16',
    );
    expect(() => at({}, '2026-02-16', '2026-02-16', [{ date: '2026-02-16', kind: 'changed', start: '12:30', reason: 'Late' }])).toThrow(
      'The change on 2026-02-16 would end the session before it starts',
    );
  });
});

describe('schedule validation', () => {
  it('accepts a valid schedule', () => {
    expect(weeklyScheduleSchema.parse({ ...chicago, endsOn: '2026-06-30' })).toEqual({ ...chicago, endsOn: '2026-06-30' });
  });

  it.each([
    [{ end: '09:00' }, 'End time must be after start time'],
    [{ start: '9:00' }, 'Start time must be a time (HH:MM, 24-hour)'],
    [{ end: '24:00' }, 'End time must be a time (HH:MM, 24-hour)'],
    [{ timeZone: 'Central Time' }, 'Time zone must be an IANA zone such as America/Chicago'],
    [{ days: [] }, 'Choose at least one day'],
    [{ days: [1, 1] }, 'Each day may be listed only once'],
    [{ days: [0] }, 'Each day must be 1 (Monday) to 7 (Sunday)'],
    [{ startsOn: '2026-02-30' }, 'Start date is not a real calendar date'],
    [{ endsOn: '2026-01-04' }, 'End date must be on or after the start date'],
  ])('rejects %o with "%s"', (change, message) => {
    const result = weeklyScheduleSchema.safeParse({ ...chicago, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(englishIssue)).toContain(message);
  });

  it.each([
    [{ date: '2026-02-16', kind: 'closed', reason: 'Snow' }, 'An exception is either cancelled or changed'],
    [{ date: '2026-02-16', kind: 'cancelled', reason: ' ' }, 'A reason is required'],
    [{ date: '2026-02-16', kind: 'changed', reason: 'Nothing' }, 'A change needs a new start time, end time or date'],
    [{ date: '2026-02-16', kind: 'changed', start: '12:00', end: '10:00', reason: 'Backwards' }, 'End time must be after start time'],
    [{ date: '2026-02-16', kind: 'changed', moveTo: '2026-02-31', reason: 'Nowhere' }, 'New date is not a real calendar date'],
  ])('rejects the exception %o with "%s"', (exception, message) => {
    const result = scheduleExceptionSchema.safeParse(exception);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(englishIssue)).toContain(message);
  });
});

describe('describeSchedule', () => {
  it('lists the days in week order, named in the locale, with the times and zone', () => {
    expect(describeSchedule({ ...chicago, days: [5, 1, 3] }, formatters('en-US', 'UTC'))).toBe('Mon, Wed, Fri 09:00–12:00 (America/Chicago)');
    expect(describeSchedule({ ...chicago, days: [7], timeZone: 'Australia/Sydney' }, formatters('en-US', 'UTC'))).toBe('Sun 09:00–12:00 (Australia/Sydney)');
    expect(describeSchedule({ ...chicago, days: [5, 1, 3] }, formatters('es-US', 'UTC'))).toBe('lun, mié, vie 09:00–12:00 (America/Chicago)');
  });
});
