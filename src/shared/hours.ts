/**
 * The hours ledger: what each client attended against the programme's weekly target (ASAM 2.1:
 * 9 h adults, 6 h adolescents; a track sets its own), services per day (Medicare pays a day of 3
 * services differently from a day of 4 or more), and the attendance report with missed-session
 * streaks. Minutes and presence come from ./attendance.ts; weeks are ISO weeks, Monday to Sunday.
 */
import { isPresent, minutesAttended } from './attendance';
import type { AttendanceEntry, SessionSpan } from './attendance';
import { weekDays } from './calendar';
import type { SharedKey } from './messages';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const SERVICE_TYPES = {
  group: 'shared:serviceTypes.group',
  individual: 'shared:serviceTypes.individual',
  family: 'shared:serviceTypes.family',
  psychiatric: 'shared:serviceTypes.psychiatric',
  workshop: 'shared:serviceTypes.workshop',
} as const;
export type ServiceType = keyof typeof SERVICE_TYPES;

export type SessionStatus = 'scheduled' | 'completed' | 'cancelled';

/** One client's place in one session: what the ledger and exports are computed from. */
export interface ClientService {
  clientId: string;
  sessionId: string;
  /** '' for sessions outside a group (individual, family, psychiatric). */
  groupId: string;
  serviceType: ServiceType;
  /** Local date, YYYY-MM-DD. */
  date: string;
  session: SessionSpan;
  sessionStatus: SessionStatus;
  /** The client's attendance entry; absent until attendance is taken. */
  attendance?: AttendanceEntry;
}

/** A session as the repository holds it, before it is split per client. */
export interface SessionForLedger {
  sessionId: string;
  groupId: string;
  serviceType: ServiceType;
  date: string;
  session: SessionSpan;
  status: SessionStatus;
  /** Who was expected: a group's roster on the date, or the session's clients. */
  participantIds: readonly string[];
  attendance?: readonly AttendanceEntry[];
}

/** One record per expected participant, plus anyone marked on the sheet who was not on the roster. */
export function clientServices(session: SessionForLedger): ClientService[] {
  const entries = new Map((session.attendance ?? []).map((entry) => [entry.clientId, entry]));
  const clientIds = [...new Set([...session.participantIds, ...entries.keys()])];
  return clientIds.map((clientId) => {
    const attendance = entries.get(clientId);
    return {
      clientId,
      sessionId: session.sessionId,
      groupId: session.groupId,
      serviceType: session.serviceType,
      date: session.date,
      session: session.session,
      sessionStatus: session.status,
      ...(attendance ? { attendance } : {}),
    };
  });
}

export const SERVICE_OUTCOMES = {
  attended: 'shared:serviceOutcomes.attended',
  'absent-excused': 'shared:serviceOutcomes.absentExcused',
  'absent-unexcused': 'shared:serviceOutcomes.absentUnexcused',
  cancelled: 'shared:serviceOutcomes.cancelled',
  upcoming: 'shared:serviceOutcomes.upcoming',
  unrecorded: 'shared:serviceOutcomes.unrecorded',
} as const satisfies Record<string, SharedKey>;
export type ServiceOutcome = keyof typeof SERVICE_OUTCOMES;

/**
 * What became of a service as of `today`. A scheduled session today with no attendance yet is
 * still to come; an earlier or completed one is unrecorded, never silently counted as attended or missed.
 */
export function serviceOutcome(service: ClientService, today: string): ServiceOutcome {
  if (service.sessionStatus === 'cancelled') return 'cancelled';
  const entry = service.attendance;
  if (entry) {
    if (isPresent(entry)) return 'attended';
    return entry.status === 'absent-excused' ? 'absent-excused' : 'absent-unexcused';
  }
  return service.sessionStatus === 'scheduled' && service.date >= today ? 'upcoming' : 'unrecorded';
}

const attended = (service: ClientService): number =>
  service.attendance && service.sessionStatus !== 'cancelled' ? minutesAttended(service.attendance, service.session) : 0;

/** Monday of the ISO week holding `date`: the practice's weeks. */
export function isoWeekStart(date: string): string {
  return weekDays(date)[0]!;
}

export const WEEK_STATUSES = {
  met: 'shared:weekStatuses.met',
  'on-track': 'shared:weekStatuses.onTrack',
  'at-risk': 'shared:weekStatuses.atRisk',
  short: 'shared:weekStatuses.short',
} as const satisfies Record<string, SharedKey>;
export type WeekStatus = keyof typeof WEEK_STATUSES;

export interface WeekLedger {
  clientId: string;
  weekStart: string;
  weekEnd: string;
  targetMinutes: number;
  attendedMinutes: number;
  /** Sessions from `today` to Sunday not yet attended or cancelled, at their full length. */
  remainingMinutes: number;
  /** Target minus attended minus remaining, when positive: what the schedule cannot make up. */
  shortfallMinutes: number;
  /** Past sessions with no attendance taken: the ledger is provisional until they are. */
  unrecordedSessions: number;
  status: WeekStatus;
}

export interface WeekLedgerOptions {
  clientId: string;
  /** Any date in the week. */
  weekOf: string;
  today: string;
  /** The track's weekly target (Track.weeklyHoursTarget; DEFAULT_WEEKLY_HOURS by population). */
  targetHours: number;
}

/**
 * One client's week. At risk is the warning before the week ends: attended plus what is still
 * scheduled falls short of the target. Partial attendance counts its minutes only.
 */
export function weekLedger(services: readonly ClientService[], options: WeekLedgerOptions): WeekLedger {
  const days = weekDays(options.weekOf);
  const weekStart = days[0]!;
  const weekEnd = days[6]!;
  const mine = services.filter((s) => s.clientId === options.clientId && s.date >= weekStart && s.date <= weekEnd);
  const targetMinutes = Math.round(options.targetHours * 60);
  let attendedMinutes = 0;
  let remainingMinutes = 0;
  let unrecordedSessions = 0;
  for (const service of mine) {
    const outcome = serviceOutcome(service, options.today);
    attendedMinutes += attended(service);
    if (outcome === 'upcoming') remainingMinutes += service.session.minutes;
    if (outcome === 'unrecorded') unrecordedSessions += 1;
  }
  const shortfallMinutes = Math.max(0, targetMinutes - attendedMinutes - remainingMinutes);
  let status: WeekStatus;
  if (attendedMinutes >= targetMinutes) status = 'met';
  else if (options.today > weekEnd) status = 'short';
  else status = shortfallMinutes > 0 ? 'at-risk' : 'on-track';
  return { clientId: options.clientId, weekStart, weekEnd, targetMinutes, attendedMinutes, remainingMinutes, shortfallMinutes, unrecordedSessions, status };
}

/** "7 h 30 min", "45 min", "9 h": hours for people, from minutes. */
export function formatHours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export const DAY_TIERS = {
  'under-3': 'shared:dayTiers.under3',
  three: 'shared:dayTiers.three',
  'four-plus': 'shared:dayTiers.fourPlus',
} as const satisfies Record<string, SharedKey>;
export type DayTier = keyof typeof DAY_TIERS;

export interface ServiceDay {
  clientId: string;
  date: string;
  /** Services attended, in person or by telehealth, for any part of the session. */
  services: number;
  minutes: number;
  serviceTypes: ServiceType[];
  /** Medicare's IOP payment differs for days with 3 services and with 4 or more. */
  tier: DayTier;
}

const tierOf = (services: number): DayTier => (services >= 4 ? 'four-plus' : services === 3 ? 'three' : 'under-3');

/** Attended services per client per day, by client then date. */
export function servicesPerDay(services: readonly ClientService[]): ServiceDay[] {
  const days = new Map<string, ServiceDay>();
  for (const service of services) {
    if (service.sessionStatus === 'cancelled' || !service.attendance || !isPresent(service.attendance)) continue;
    const key = `${service.clientId}\u0000${service.date}`;
    const day = days.get(key) ?? { clientId: service.clientId, date: service.date, services: 0, minutes: 0, serviceTypes: [], tier: 'under-3' };
    day.services += 1;
    day.minutes += attended(service);
    day.serviceTypes.push(service.serviceType);
    day.tier = tierOf(day.services);
    days.set(key, day);
  }
  return [...days.values()].sort((a, b) => compare(a.clientId, b.clientId) || compare(a.date, b.date));
}

/** How many service days fall in each tier. */
export function dayTierCounts(days: readonly ServiceDay[]): Record<DayTier, number> {
  const counts: Record<DayTier, number> = { 'under-3': 0, three: 0, 'four-plus': 0 };
  for (const day of days) counts[day.tier] += 1;
  return counts;
}

export interface AttendanceCounts {
  /** Attended, excused and unexcused: the sessions the rate is out of. */
  expected: number;
  attended: number;
  /** Attended for less than the whole session. */
  partial: number;
  excused: number;
  unexcused: number;
  /** Not counted as missed or as expected. */
  cancelled: number;
  unrecorded: number;
  /** attended / expected; null when nothing was expected. */
  rate: number | null;
}

export interface ClientAttendance extends AttendanceCounts {
  clientId: string;
  /** Consecutive missed sessions up to the most recent one. */
  currentMissedStreak: number;
  longestMissedStreak: number;
}

export interface GroupAttendance extends AttendanceCounts {
  groupId: string;
  /** Sessions that took place (not cancelled) with attendance taken for someone. */
  sessionsHeld: number;
  sessionsCancelled: number;
}

export interface AttendanceReport {
  clients: ClientAttendance[];
  groups: GroupAttendance[];
  overall: AttendanceCounts;
}

export interface AttendanceReportOptions {
  /** Inclusive date range. */
  from: string;
  to: string;
  today: string;
  /** Whether an excused absence extends a missed streak (default) or is passed over. */
  excusedCountsAsMissed?: boolean;
}

function emptyCounts(): AttendanceCounts {
  return { expected: 0, attended: 0, partial: 0, excused: 0, unexcused: 0, cancelled: 0, unrecorded: 0, rate: null };
}

function count(counts: AttendanceCounts, service: ClientService, outcome: ServiceOutcome): void {
  if (outcome === 'attended') {
    counts.attended += 1;
    if (attended(service) < service.session.minutes) counts.partial += 1;
  } else if (outcome === 'absent-excused') counts.excused += 1;
  else if (outcome === 'absent-unexcused') counts.unexcused += 1;
  else if (outcome === 'cancelled') counts.cancelled += 1;
  else if (outcome === 'unrecorded') counts.unrecorded += 1;
  counts.expected = counts.attended + counts.excused + counts.unexcused;
  counts.rate = counts.expected === 0 ? null : counts.attended / counts.expected;
}

/**
 * Attendance rates per client and per group over a date range, and each client's missed-session
 * streaks. Cancelled, unrecorded and upcoming sessions neither extend nor break a streak.
 */
export function attendanceReport(services: readonly ClientService[], options: AttendanceReportOptions): AttendanceReport {
  const excusedMissed = options.excusedCountsAsMissed ?? true;
  const inRange = services
    .filter((s) => s.date >= options.from && s.date <= options.to)
    .slice()
    .sort((a, b) => compare(a.date, b.date) || compare(a.session.start, b.session.start) || compare(a.sessionId, b.sessionId));
  const overall = emptyCounts();
  const clients = new Map<string, ClientAttendance>();
  const groups = new Map<string, GroupAttendance & { held: Set<string>; cancelledIds: Set<string> }>();
  for (const service of inRange) {
    const outcome = serviceOutcome(service, options.today);
    count(overall, service, outcome);

    const client = clients.get(service.clientId) ?? { clientId: service.clientId, ...emptyCounts(), currentMissedStreak: 0, longestMissedStreak: 0 };
    clients.set(service.clientId, client);
    count(client, service, outcome);
    const missed = outcome === 'absent-unexcused' || (outcome === 'absent-excused' && excusedMissed);
    if (missed) {
      client.currentMissedStreak += 1;
      client.longestMissedStreak = Math.max(client.longestMissedStreak, client.currentMissedStreak);
    } else if (outcome === 'attended') client.currentMissedStreak = 0;

    if (service.groupId === '') continue;
    const group = groups.get(service.groupId) ?? {
      groupId: service.groupId,
      ...emptyCounts(),
      sessionsHeld: 0,
      sessionsCancelled: 0,
      held: new Set<string>(),
      cancelledIds: new Set<string>(),
    };
    groups.set(service.groupId, group);
    count(group, service, outcome);
    if (outcome === 'cancelled') group.cancelledIds.add(service.sessionId);
    else if (service.attendance) group.held.add(service.sessionId);
  }
  return {
    clients: [...clients.values()].sort((a, b) => compare(a.clientId, b.clientId)),
    groups: [...groups.values()]
      .sort((a, b) => compare(a.groupId, b.groupId))
      .map(({ held, cancelledIds, ...group }) => ({ ...group, sessionsHeld: held.size, sessionsCancelled: cancelledIds.size })),
    overall,
  };
}
