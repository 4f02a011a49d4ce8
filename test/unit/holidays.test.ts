import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { closedDays, DEFAULT_HOLIDAYS, federalHolidays, holidayCancellations, holidaySettingsSchema } from '../../src/shared/holidays';
import { generateOccurrences, type WeeklySchedule } from '../../src/shared/schedule';
import { englishIssue } from '../../src/shared/messages';

const weekday = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).weekday;
const pairs = (year: number) => federalHolidays(year).map((h) => [h.id, h.date, h.observed]);

describe('federalHolidays', () => {
  it('gives the 2024 list as published by OPM', () => {
    expect(pairs(2024)).toEqual([
      ['new-year', '2024-01-01', '2024-01-01'],
      ['martin-luther-king', '2024-01-15', '2024-01-15'],
      ['washington', '2024-02-19', '2024-02-19'],
      ['memorial', '2024-05-27', '2024-05-27'],
      ['juneteenth', '2024-06-19', '2024-06-19'],
      ['independence', '2024-07-04', '2024-07-04'],
      ['labor', '2024-09-02', '2024-09-02'],
      ['columbus', '2024-10-14', '2024-10-14'],
      ['veterans', '2024-11-11', '2024-11-11'],
      ['thanksgiving', '2024-11-28', '2024-11-28'],
      ['christmas', '2024-12-25', '2024-12-25'],
    ]);
  });

  it('observes a Saturday holiday on the Friday before and a Sunday one on the Monday after', () => {
    const of = (year: number, id: string) => federalHolidays(year).find((h) => h.id === id);
    expect(of(2026, 'independence')).toMatchObject({ date: '2026-07-04', observed: '2026-07-03' });
    expect(of(2021, 'juneteenth')).toMatchObject({ date: '2021-06-19', observed: '2021-06-18' });
    expect(of(2021, 'christmas')).toMatchObject({ date: '2021-12-25', observed: '2021-12-24' });
    expect(of(2022, 'new-year')).toMatchObject({ date: '2022-01-01', observed: '2021-12-31' });
    expect(of(2023, 'new-year')).toMatchObject({ date: '2023-01-01', observed: '2023-01-02' });
    expect(of(2016, 'christmas')).toMatchObject({ date: '2016-12-25', observed: '2016-12-26' });
    expect(of(2026, 'memorial')?.date).toBe('2026-05-25'); // May 2026 ends on a Sunday
  });

  it('lists Juneteenth from 2021 only', () => {
    expect(federalHolidays(2020).map((h) => h.id)).not.toContain('juneteenth');
    expect(federalHolidays(2020)).toHaveLength(10);
    expect(federalHolidays(2021)).toHaveLength(11);
  });

  it('always puts the observed day on a weekday within a day of the holiday, and the Monday holidays on Mondays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1986, max: 2200 }), (year) => {
        for (const h of federalHolidays(year)) {
          expect(weekday(h.observed)).toBeLessThanOrEqual(5);
          expect(Math.abs(DateTime.fromISO(h.observed).diff(DateTime.fromISO(h.date), 'days').days)).toBeLessThanOrEqual(1);
          if (['martin-luther-king', 'washington', 'memorial', 'labor', 'columbus'].includes(h.id)) expect(h.date).toBe(h.observed);
        }
        const byId = new Map(federalHolidays(year).map((h) => [h.id, h.date]));
        expect(weekday(byId.get('thanksgiving')!)).toBe(4);
        expect(Number(byId.get('thanksgiving')!.slice(8))).toBeGreaterThanOrEqual(22);
        expect(Number(byId.get('thanksgiving')!.slice(8))).toBeLessThanOrEqual(28);
        expect(Number(byId.get('memorial')!.slice(8))).toBeGreaterThanOrEqual(25);
        expect(Number(byId.get('washington')!.slice(8))).toBeGreaterThanOrEqual(15);
        expect(Number(byId.get('washington')!.slice(8))).toBeLessThanOrEqual(21);
      }),
    );
  });

  it('refuses years it has no rules for', () => {
    expect(() => federalHolidays(1985)).toThrow('Holidays are computed for years 1986 to 9998, not 1985');
    expect(() => federalHolidays(2026.5)).toThrow('not 2026.5');
  });
});

describe('closedDays', () => {
  it('closes on the holiday and its observed day, including a New Year observed in the year before', () => {
    expect(closedDays(DEFAULT_HOLIDAYS, { from: '2021-12-20', to: '2022-01-05' })).toEqual([
      { date: '2021-12-24', name: 'Christmas Day (observed)' },
      { date: '2021-12-25', name: 'Christmas Day' },
      { date: '2021-12-31', name: "New Year's Day (observed)" },
      { date: '2022-01-01', name: "New Year's Day" },
    ]);
  });

  it('leaves out the federal holidays the practice works on and adds its own closures', () => {
    const settings = { federal: DEFAULT_HOLIDAYS.federal.filter((id) => id !== 'columbus' && id !== 'veterans'), closures: [{ date: '2026-11-27', name: 'Day after Thanksgiving' }] };
    expect(closedDays(settings, { from: '2026-10-01', to: '2026-11-30' })).toEqual([
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-11-27', name: 'Day after Thanksgiving' },
    ]);
    expect(closedDays({ federal: [], closures: [] }, { from: '2026-01-01', to: '2026-12-31' })).toEqual([]);
  });
});

describe('holidayCancellations with a schedule', () => {
  const everyDay: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '12:00', startsOn: '2026-12-01' };
  const range = { from: '2026-12-20', to: '2027-01-03' };

  it('generates no session on 25 December, nor on New Year’s Day', () => {
    const dates = generateOccurrences(everyDay, holidayCancellations(DEFAULT_HOLIDAYS, range, []), range).map((o) => o.date);
    expect(dates).toHaveLength(13);
    expect(dates).not.toContain('2026-12-25');
    expect(dates).not.toContain('2027-01-01');
    expect(generateOccurrences(everyDay, [], range).map((o) => o.date)).toContain('2026-12-25');
  });

  it('lets a group’s own exception on a holiday win', () => {
    const moved = { date: '2026-12-25', kind: 'changed' as const, moveTo: '2026-12-26', reason: 'Moved for the holiday' };
    const cancellations = holidayCancellations(DEFAULT_HOLIDAYS, range, [moved]);
    expect(cancellations.map((c) => c.date)).toEqual(['2027-01-01']);
    expect(cancellations[0]).toEqual({ date: '2027-01-01', kind: 'cancelled', reason: "Practice holiday: New Year's Day" });
  });
});

describe('holidaySettingsSchema', () => {
  it.each([
    [{ federal: ['christmas', 'christmas'], closures: [] }, 'Each federal holiday may be listed only once'],
    [{ federal: ['boxing-day'], closures: [] }, 'Unknown federal holiday'],
    [{ federal: [], closures: [{ date: '2026-13-01', name: 'Training day' }] }, 'Holiday date is not a real calendar date'],
    [{ federal: [], closures: [{ date: '2026-12-24', name: '  ' }] }, 'Name the holiday'],
    [{ federal: [], closures: [{ date: '2026-12-24', name: 'Eve' }, { date: '2026-12-24', name: 'Again' }] }, 'Each closure date may be listed only once'],
  ])('rejects %o with "%s"', (value, message) => {
    const result = holidaySettingsSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(englishIssue).join(' | ')).toContain(message);
  });

  it('accepts the defaults', () => {
    expect(holidaySettingsSchema.parse(DEFAULT_HOLIDAYS)).toEqual(DEFAULT_HOLIDAYS);
  });
});
