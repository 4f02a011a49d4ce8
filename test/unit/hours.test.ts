import { describe, expect, it } from 'vitest';
import type { AttendanceEntry, AttendanceStatus } from '../../src/shared/attendance';
import type { ClientService, ServiceType, SessionStatus } from '../../src/shared/hours';
import {
  attendanceReport,
  clientServices,
  dayTierCounts,
  formatHours,
  isoWeekStart,
  serviceOutcome,
  servicesPerDay,
  weekLedger,
} from '../../src/shared/hours';
import { DEFAULT_WEEKLY_HOURS } from '../../src/shared/programs';

// 2026-03-02 is a Monday; the ISO week runs to Sunday 2026-03-08.
const MON = '2026-03-02';
const TUE = '2026-03-03';
const WED = '2026-03-04';
const THU = '2026-03-05';
const FRI = '2026-03-06';
const SUN = '2026-03-08';
const NEXT_MON = '2026-03-09';

const MORNING = { start: '09:00', end: '12:00', minutes: 180 };
const HOUR = { start: '13:00', end: '14:00', minutes: 60 };

interface Options {
  client?: string;
  status?: AttendanceStatus;
  entry?: Partial<AttendanceEntry>;
  session?: ClientService['session'];
  type?: ServiceType;
  group?: string;
  sessionStatus?: SessionStatus;
  taken?: boolean;
}

/** One client's service; attendance is taken (present) unless `taken: false`. */
function svc(date: string, o: Options = {}): ClientService {
  const client = o.client ?? 'c1';
  const session = o.session ?? MORNING;
  const base: ClientService = {
    clientId: client,
    sessionId: `${o.group ?? 'g1'}-${date}-${session.start}`,
    groupId: o.group ?? 'g1',
    serviceType: o.type ?? 'group',
    date,
    session,
    sessionStatus: o.sessionStatus ?? (o.taken === false ? 'scheduled' : 'completed'),
  };
  if (o.taken === false || o.sessionStatus === 'cancelled') return base;
  return { ...base, attendance: { clientId: client, status: o.status ?? 'present', ...o.entry } };
}

const ledger = (services: ClientService[], today: string, targetHours = DEFAULT_WEEKLY_HOURS.adult, weekOf = MON) =>
  weekLedger(services, { clientId: 'c1', weekOf, today, targetHours });

describe('weekly hours against the target', () => {
  it('is on track mid-week when the sessions left can still reach 9 hours', () => {
    const week = [svc(MON), svc(WED, { taken: false }), svc(FRI, { taken: false })];
    expect(ledger(week, WED)).toMatchObject({ targetMinutes: 540, attendedMinutes: 180, remainingMinutes: 360, shortfallMinutes: 0, status: 'on-track' });
  });

  it('warns mid-week when a late arrival leaves the week 40 minutes short', () => {
    // Monday: arrived 09:40 → 140 minutes. Wednesday (today, not yet taken) and Friday remain: 140 + 360 = 500 < 540.
    const week = [svc(MON, { status: 'late', entry: { arrivedAt: '09:40' } }), svc(WED, { taken: false }), svc(FRI, { taken: false })];
    expect(ledger(week, WED)).toMatchObject({ attendedMinutes: 140, remainingMinutes: 360, shortfallMinutes: 40, status: 'at-risk' });
  });

  it('does not count a cancelled session as remaining, or as missed', () => {
    const week = [svc(MON), svc(WED, { sessionStatus: 'cancelled' }), svc(FRI, { taken: false })];
    expect(ledger(week, TUE)).toMatchObject({ attendedMinutes: 180, remainingMinutes: 180, shortfallMinutes: 180, status: 'at-risk' });
  });

  it('keeps a past session without attendance out of both attended and remaining, and says so', () => {
    const week = [svc(MON), svc(WED, { taken: false }), svc(FRI, { taken: false })];
    expect(ledger(week, THU)).toMatchObject({ attendedMinutes: 180, remainingMinutes: 180, unrecordedSessions: 1, status: 'at-risk' });
  });

  it('meets the target with partial attendance that adds up, and ends short otherwise', () => {
    const full = [svc(MON), svc(WED, { status: 'left-early', entry: { leftAt: '11:30' } }), svc(FRI), svc(THU, { session: HOUR, type: 'individual', group: '' })];
    // 180 + 150 + 180 + 60 = 570
    expect(ledger(full, SUN)).toMatchObject({ attendedMinutes: 570, status: 'met' });
    const short = [svc(MON), svc(WED, { status: 'absent-excused' }), svc(FRI)];
    expect(ledger(short, NEXT_MON)).toMatchObject({ attendedMinutes: 360, remainingMinutes: 0, status: 'short' });
    // The same 6 hours meet an adolescent track's target.
    expect(ledger(short, NEXT_MON, DEFAULT_WEEKLY_HOURS.adolescent)).toMatchObject({ targetMinutes: 360, status: 'met' });
  });

  it('puts Sunday in the week that began on Monday, and the next Monday in the next week', () => {
    const services = [svc('2026-03-01', { type: 'workshop' }), svc(MON), svc(SUN, { type: 'workshop' }), svc(NEXT_MON)];
    expect(isoWeekStart(SUN)).toBe(MON);
    expect(isoWeekStart(NEXT_MON)).toBe(NEXT_MON);
    expect(isoWeekStart('2026-03-01')).toBe('2026-02-23');
    const week = ledger(services, NEXT_MON, 9, SUN);
    expect([week.weekStart, week.weekEnd, week.attendedMinutes]).toEqual([MON, SUN, 360]);
    const next = ledger(services, NEXT_MON, 9, NEXT_MON);
    expect([next.weekStart, next.attendedMinutes]).toEqual([NEXT_MON, 180]);
  });

  it('formats hours for people', () => {
    expect(formatHours(540)).toBe('9 h');
    expect(formatHours(500)).toBe('8 h 20 min');
    expect(formatHours(45)).toBe('45 min');
  });
});

describe('splitting sessions per client', () => {
  it('gives every expected participant a record, with their entry once attendance is taken', () => {
    const records = clientServices({
      sessionId: 's1',
      groupId: 'g1',
      serviceType: 'group',
      date: MON,
      session: MORNING,
      status: 'completed',
      participantIds: ['c1', 'c2'],
      attendance: [
        { clientId: 'c2', status: 'absent-unexcused' },
        { clientId: 'c3', status: 'present' },
      ],
    });
    expect(records.map((r) => [r.clientId, r.attendance?.status ?? null])).toEqual([
      ['c1', null],
      ['c2', 'absent-unexcused'],
      ['c3', 'present'],
    ]);
    expect(records.map((r) => serviceOutcome(r, TUE))).toEqual(['unrecorded', 'absent-unexcused', 'attended']);
  });
});

describe('services per day', () => {
  it("counts each day's attended services and sorts days into Medicare's 3 and 4-or-more tiers", () => {
    const services = [
      svc(MON),
      svc(MON, { session: HOUR, type: 'individual', group: '' }),
      svc(MON, { session: { start: '14:30', end: '15:00', minutes: 30 }, type: 'psychiatric', group: '' }),
      svc(TUE),
      svc(TUE, { session: HOUR, type: 'individual', group: '' }),
      svc(TUE, { session: { start: '14:00', end: '15:00', minutes: 60 }, type: 'family', group: '' }),
      svc(TUE, { session: { start: '15:00', end: '16:00', minutes: 60 }, type: 'workshop', group: 'w1', status: 'late', entry: { arrivedAt: '15:20' } }),
      svc(WED, { status: 'absent-unexcused' }),
      svc(WED, { session: HOUR, type: 'individual', group: '' }),
      svc(THU, { sessionStatus: 'cancelled' }),
    ];
    const days = servicesPerDay(services);
    expect(days.map((d) => [d.date, d.services, d.minutes, d.tier])).toEqual([
      [MON, 3, 270, 'three'],
      [TUE, 4, 340, 'four-plus'],
      [WED, 1, 60, 'under-3'],
    ]);
    expect(days[0]!.serviceTypes).toEqual(['group', 'individual', 'psychiatric']);
    expect(dayTierCounts(days)).toEqual({ 'under-3': 1, three: 1, 'four-plus': 1 });
  });
});

describe('attendance report', () => {
  // c1 over three weeks of Monday/Wednesday/Friday groups.
  const c1 = [
    svc('2026-03-02'),
    svc('2026-03-04', { status: 'absent-unexcused' }),
    svc('2026-03-06', { status: 'absent-excused' }),
    svc('2026-03-09', { sessionStatus: 'cancelled' }),
    svc('2026-03-11', { status: 'absent-unexcused' }),
    svc('2026-03-13', { status: 'late', entry: { arrivedAt: '10:00' } }),
    svc('2026-03-16', { status: 'absent-unexcused' }),
    svc('2026-03-18', { taken: false, sessionStatus: 'completed' }),
  ];
  const c2 = [svc('2026-03-02', { client: 'c2' }), svc('2026-03-04', { client: 'c2' }), svc('2026-03-09', { client: 'c2', sessionStatus: 'cancelled' })];
  const individual = [svc('2026-03-05', { client: 'c2', session: HOUR, type: 'individual', group: '' })];
  const range = { from: '2026-03-02', to: '2026-03-20', today: '2026-03-20' };

  it('gives each client rates, and current and longest missed streaks', () => {
    const report = attendanceReport([...c1, ...c2, ...individual], range);
    const first = report.clients[0]!;
    // Missed: U E (cancelled passed over) U = 3, then attended, then U = 1.
    expect(first).toEqual({
      clientId: 'c1',
      expected: 6,
      attended: 2,
      partial: 1,
      excused: 1,
      unexcused: 3,
      cancelled: 1,
      unrecorded: 1,
      rate: 2 / 6,
      currentMissedStreak: 1,
      longestMissedStreak: 3,
    });
    expect(report.clients[1]).toMatchObject({ clientId: 'c2', expected: 3, attended: 3, rate: 1, longestMissedStreak: 0 });
  });

  it('can pass over excused absences in streaks', () => {
    const report = attendanceReport(c1, { ...range, excusedCountsAsMissed: false });
    expect(report.clients[0]).toMatchObject({ currentMissedStreak: 1, longestMissedStreak: 2 });
  });

  it('gives each group its rate and sessions held, leaving individual sessions out', () => {
    const report = attendanceReport([...c1, ...c2, ...individual], range);
    expect(report.groups).toEqual([
      {
        groupId: 'g1',
        expected: 8,
        attended: 4,
        partial: 1,
        excused: 1,
        unexcused: 3,
        cancelled: 2,
        unrecorded: 1,
        rate: 0.5,
        sessionsHeld: 6,
        sessionsCancelled: 1,
      },
    ]);
    expect(report.overall).toMatchObject({ expected: 9, attended: 5, rate: 5 / 9 });
  });

  it('reports only the date range asked for', () => {
    const report = attendanceReport(c1, { from: '2026-03-09', to: '2026-03-13', today: '2026-03-20' });
    expect(report.clients[0]).toMatchObject({ expected: 2, attended: 1, unexcused: 1, cancelled: 1, longestMissedStreak: 1, currentMissedStreak: 0 });
  });
});
