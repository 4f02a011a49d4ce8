/**
 * Attendance at a group session: each participant's status and the minutes they attended. Billing
 * is by minutes (late arrivals and early departures reduce billable time) and the group note
 * documents the number present, so both are computed here, once.
 */
import { z } from 'zod';
import { clockTime, type Occurrence } from './schedule';
import { englishIssue, issuesMessages, message, type Message, type MessageValues, type SharedKey } from './messages';

export const ATTENDANCE_STATUSES = {
  present: 'shared:attendanceStatuses.present',
  late: 'shared:attendanceStatuses.late',
  'left-early': 'shared:attendanceStatuses.leftEarly',
  'late-and-left-early': 'shared:attendanceStatuses.lateAndLeftEarly',
  'absent-excused': 'shared:attendanceStatuses.absentExcused',
  'absent-unexcused': 'shared:attendanceStatuses.absentUnexcused',
  telehealth: 'shared:attendanceStatuses.telehealth',
} as const;
export type AttendanceStatus = keyof typeof ATTENDANCE_STATUSES;

const ARRIVES_LATE: ReadonlySet<AttendanceStatus> = new Set(['late', 'late-and-left-early']);
const LEAVES_EARLY: ReadonlySet<AttendanceStatus> = new Set(['left-early', 'late-and-left-early']);
const ABSENT: ReadonlySet<AttendanceStatus> = new Set(['absent-excused', 'absent-unexcused']);

/** What attendance is measured against; a generated session (Occurrence) is one. */
export type SessionSpan = Pick<Occurrence, 'start' | 'end' | 'minutes'>;


export const attendanceEntrySchema = z
  .object({
    clientId: z.string().min(1, message('shared:attendance.clientRequired')),
    status: z.enum(Object.keys(ATTENDANCE_STATUSES) as [AttendanceStatus, ...AttendanceStatus[]], message('shared:attendance.chooseAttendanceStatus')),
    /** Only for a late arrival. */
    arrivedAt: clockTime('shared:fields.arrivalTime').optional(),
    /** Only for an early departure. */
    leftAt: clockTime('shared:fields.departureTime').optional(),
    /** Entered by hand (e.g. the member stepped out mid-session); replaces the computed minutes. */
    minutes: z
      .number(message('shared:attendance.minutesNumber'))
      .int(message('shared:attendance.minutesWholeNumber'))
      .min(0, message('shared:attendance.minutesCannotNegative'))
      .optional(),
    note: z.string().trim().max(500, message('shared:attendance.noteAtMostMaximum')).optional(),
  })
  .strict()
  // A time the status does not use would be silently ignored by the minutes, so it is refused.
  .superRefine((entry, ctx) => {
    const issue = (path: 'arrivedAt' | 'leftAt' | 'minutes', key: SharedKey, params?: MessageValues) => ctx.addIssue({ code: 'custom', path: [path], message: key, params });
    const late = ARRIVES_LATE.has(entry.status);
    const early = LEAVES_EARLY.has(entry.status);
    if (late && entry.arrivedAt === undefined) issue('arrivedAt', 'shared:attendance.lateNeedsArrival');
    if (!late && entry.arrivedAt !== undefined) issue('arrivedAt', 'shared:attendance.arrivalOnlyWhenLate');
    if (early && entry.leftAt === undefined) issue('leftAt', 'shared:attendance.earlyNeedsDeparture');
    if (!early && entry.leftAt !== undefined) issue('leftAt', 'shared:attendance.departureOnlyWhenEarly');
    if (ABSENT.has(entry.status) && entry.minutes) issue('minutes', 'shared:attendance.absentNoMinutes');
    if (entry.arrivedAt !== undefined && entry.leftAt !== undefined && entry.arrivedAt >= entry.leftAt) {
      const key = entry.arrivedAt === entry.leftAt ? 'shared:attendance.arrivalSameAsDeparture' : 'shared:attendance.arrivalAfterDeparture';
      issue('leftAt', key, { arrivedAt: entry.arrivedAt, leftAt: entry.leftAt });
    }
  });

export type AttendanceEntry = z.infer<typeof attendanceEntrySchema>;

/**
 * A roster member's entry before anyone marks it: present, with no minutes stored, so they are
 * the whole session (product rule: a present member's minutes default to the session length and
 * follow it if the session's times are corrected). Full attendance is the common case, so the
 * clinician marks only the exceptions; the sheet still needs their review before billing, since an
 * unmarked absentee would count as present.
 */
export function defaultAttendance(clientId: string): AttendanceEntry {
  return { clientId, status: 'present' };
}

/** Human messages, at most one per field; empty when the entry may be saved for this session. */
export function validateAttendance(entry: unknown, session: SessionSpan): Message[] {
  const parsed = attendanceEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const byField = new Map<string, Message>();
    const messages = issuesMessages(parsed.error);
    parsed.error.issues.forEach((issue, i) => {
      if (!byField.has(issue.path.join('.'))) byField.set(issue.path.join('.'), messages[i]!);
    });
    return [...byField.values()];
  }
  const { arrivedAt, leftAt, minutes } = parsed.data;
  const messages: Message[] = [];
  const { start, end } = session;
  const outside = (at: string) => at < start || at > end;
  if (arrivedAt !== undefined && outside(arrivedAt)) messages.push({ key: 'shared:attendance.arrivalOutside', values: { arrivedAt, start, end } });
  if (leftAt !== undefined && outside(leftAt)) messages.push({ key: 'shared:attendance.departureOutside', values: { leftAt, start, end } });
  if (minutes !== undefined && minutes > session.minutes) messages.push({ key: 'shared:attendance.moreThanSession', values: { minutes, sessionMinutes: session.minutes } });
  return messages;
}

const clockMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Minutes the member attended, always within [0, session minutes]. Full attendance is the
 * session's own `minutes`, which counts real elapsed time (an hour less or more on a day the clocks
 * change); a partial one is the wall-clock difference, which differs from elapsed time only if the
 * clocks change inside it (02:00, never in a daytime group), and the cap keeps even that in bounds.
 *
 * Throws on an entry the schema refuses (e.g. 'Arrival 09:40 is after departure 09:30'): such an
 * entry is never saved. Times outside the session are not an error here but are held to its edges:
 * a session's times corrected after attendance was taken must not break or inflate the count.
 */
export function minutesAttended(entry: AttendanceEntry, session: SessionSpan): number {
  const parsed = attendanceEntrySchema.safeParse(entry);
  if (!parsed.success) throw new Error(`Invalid attendance: ${englishIssue(parsed.error.issues[0]!)}`);
  if (ABSENT.has(entry.status)) return 0;
  const full = Math.max(session.minutes, 0);
  if (entry.minutes !== undefined) return Math.min(entry.minutes, full);
  // The schema allows times only on late and early statuses, so no times means the whole session.
  if (entry.arrivedAt === undefined && entry.leftAt === undefined) return full;
  const start = clockMinutes(session.start);
  const end = clockMinutes(session.end);
  const from = entry.arrivedAt === undefined ? start : clamp(clockMinutes(entry.arrivedAt), start, end);
  const to = entry.leftAt === undefined ? end : clamp(clockMinutes(entry.leftAt), start, end);
  return clamp(to - from, 0, full);
}

/** Attended any part of the session, in person or by telehealth. */
export function isPresent(entry: Pick<AttendanceEntry, 'status'>): boolean {
  return !ABSENT.has(entry.status);
}

/** The group note's "number present". Entries are one per participant (keyed by session and client). */
export function countPresent(entries: readonly Pick<AttendanceEntry, 'status'>[]): number {
  return entries.filter(isPresent).length;
}

/**
 * A message when more are present than the group's capacity (90853 groups are ≤ 12; some payers
 * cap lower), else null. A warning, not a block: the attendance really happened and must be recorded.
 */
export function capacityProblem(entries: readonly Pick<AttendanceEntry, 'status'>[], capacity: number): Message | null {
  const present = countPresent(entries);
  return present > capacity ? { key: 'shared:attendance.overCapacity', values: { present, capacity } } : null;
}

export interface AttendanceSummary {
  /** Entries per status; every status is listed, zero when nobody has it. */
  byStatus: Record<AttendanceStatus, number>;
  /** In person or by telehealth, for any part of the session. */
  present: number;
  absent: number;
  /** Present for less than the whole session. */
  partial: number;
  /** Minutes attended, summed over participants. */
  totalMinutes: number;
}

export function attendanceSummary(entries: readonly AttendanceEntry[], session: SessionSpan): AttendanceSummary {
  const byStatus = Object.fromEntries(Object.keys(ATTENDANCE_STATUSES).map((status) => [status, 0])) as Record<AttendanceStatus, number>;
  let partial = 0;
  let totalMinutes = 0;
  for (const entry of entries) {
    byStatus[entry.status] += 1;
    const minutes = minutesAttended(entry, session);
    if (isPresent(entry) && minutes < session.minutes) partial += 1;
    totalMinutes += minutes;
  }
  const present = countPresent(entries);
  return { byStatus, present, absent: entries.length - present, partial, totalMinutes };
}
