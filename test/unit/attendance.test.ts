import { englishMessages } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import type { AttendanceEntry, AttendanceStatus, SessionSpan } from '../../src/shared/attendance';
import {
  ATTENDANCE_STATUSES,
  attendanceEntrySchema,
  attendanceSummary,
  capacityProblem,
  countPresent,
  defaultAttendance,
  isPresent,
  minutesAttended,
  validateAttendance,
} from '../../src/shared/attendance';

const morning: SessionSpan = { start: '09:00', end: '12:00', minutes: 180 };
const entry = (status: AttendanceStatus, extra: Partial<AttendanceEntry> = {}): AttendanceEntry => ({ clientId: 'c1', status, ...extra });
const present = (count: number) => Array.from({ length: count }, (_, i) => entry('present', { clientId: `c${i}` }));

/** The problems in English. */
const validate = (entry: unknown, session: Parameters<typeof validateAttendance>[1]) => validateAttendance(entry, session).map((m) => englishMessages([m]));

describe('minutesAttended', () => {
  it('gives the whole session to present and telehealth members', () => {
    expect(minutesAttended(entry('present'), morning)).toBe(180);
    expect(minutesAttended(entry('telehealth'), morning)).toBe(180);
  });

  it('gives nothing to absent members, excused or not', () => {
    expect(minutesAttended(entry('absent-excused'), morning)).toBe(0);
    expect(minutesAttended(entry('absent-unexcused', { minutes: 0 }), morning)).toBe(0);
  });

  it('counts a late arrival from arrival to the end', () => {
    expect(minutesAttended(entry('late', { arrivedAt: '09:40' }), morning)).toBe(140);
  });

  it('counts an early departure from the start to departure', () => {
    expect(minutesAttended(entry('left-early', { leftAt: '11:15' }), morning)).toBe(135);
  });

  it('counts late and left early from arrival to departure', () => {
    expect(minutesAttended(entry('late-and-left-early', { arrivedAt: '09:20', leftAt: '11:05' }), morning)).toBe(105);
  });

  it('uses minutes entered by hand, for any status that attended', () => {
    expect(minutesAttended(entry('present', { minutes: 150 }), morning)).toBe(150);
    expect(minutesAttended(entry('telehealth', { minutes: 95 }), morning)).toBe(95);
    expect(minutesAttended(entry('late', { arrivedAt: '09:40', minutes: 120 }), morning)).toBe(120);
  });

  it('holds the result within the session', () => {
    expect(minutesAttended(entry('present', { minutes: 240 }), morning)).toBe(180);
    // The session was moved to start later after attendance was taken.
    expect(minutesAttended(entry('late', { arrivedAt: '08:50' }), morning)).toBe(180);
    expect(minutesAttended(entry('left-early', { leftAt: '12:30' }), morning)).toBe(180);
    expect(minutesAttended(entry('late', { arrivedAt: '12:10' }), morning)).toBe(0);
  });

  it("takes full attendance from the session's real minutes on a day the clocks change", () => {
    const springForward: SessionSpan = { start: '01:00', end: '03:00', minutes: 60 };
    const fallBack: SessionSpan = { start: '01:00', end: '03:00', minutes: 180 };
    expect(minutesAttended(entry('present'), springForward)).toBe(60);
    expect(minutesAttended(entry('present'), fallBack)).toBe(180);
    // Partial time is the wall-clock difference, capped by the session's real length.
    expect(minutesAttended(entry('late', { arrivedAt: '01:30' }), springForward)).toBe(60);
    expect(minutesAttended(entry('left-early', { leftAt: '01:30' }), springForward)).toBe(30);
    expect(minutesAttended(entry('late', { arrivedAt: '02:30' }), fallBack)).toBe(30);
  });

  it('throws on an entry that could never be saved', () => {
    expect(() => minutesAttended(entry('late-and-left-early', { arrivedAt: '09:40', leftAt: '09:30' }), morning)).toThrow(
      'Invalid attendance: Arrival 09:40 is after departure 09:30',
    );
    expect(() => minutesAttended(entry('late'), morning)).toThrow('A late arrival needs the arrival time');
  });
});

describe('attendanceEntrySchema and validateAttendance', () => {
  it('accepts each status with the times it needs', () => {
    const valid: AttendanceEntry[] = [
      entry('present'),
      entry('late', { arrivedAt: '09:10' }),
      entry('left-early', { leftAt: '11:30' }),
      entry('late-and-left-early', { arrivedAt: '09:10', leftAt: '11:30' }),
      entry('absent-excused', { note: 'Medical appointment' }),
      entry('absent-unexcused'),
      entry('telehealth', { minutes: 170 }),
    ];
    expect(valid.map((value) => validate(value, morning))).toEqual(valid.map(() => []));
    expect(valid.map((value) => value.status).sort()).toEqual(Object.keys(ATTENDANCE_STATUSES).sort());
  });

  it('asks for the times a status needs and refuses the ones it does not use', () => {
    expect(validate(entry('late'), morning)).toEqual(['A late arrival needs the arrival time']);
    expect(validate(entry('late-and-left-early'), morning)).toEqual([
      'A late arrival needs the arrival time',
      'An early departure needs the departure time',
    ]);
    expect(validate(entry('present', { arrivedAt: '09:10' }), morning)).toEqual(['An arrival time is recorded only for a late arrival']);
    expect(validate(entry('late', { arrivedAt: '09:10', leftAt: '11:00' }), morning)).toEqual([
      'A departure time is recorded only for an early departure',
    ]);
  });

  it('puts arrival before departure', () => {
    expect(validate(entry('late-and-left-early', { arrivedAt: '09:40', leftAt: '09:30' }), morning)).toEqual([
      'Arrival 09:40 is after departure 09:30',
    ]);
    expect(validate(entry('late-and-left-early', { arrivedAt: '09:30', leftAt: '09:30' }), morning)).toEqual([
      'Arrival 09:30 is the same as departure 09:30',
    ]);
  });

  it('keeps times and minutes within the session', () => {
    expect(validate(entry('late', { arrivedAt: '08:50' }), morning)).toEqual(['Arrival 08:50 is outside the session (09:00–12:00)']);
    expect(validate(entry('left-early', { leftAt: '12:15' }), morning)).toEqual(['Departure 12:15 is outside the session (09:00–12:00)']);
    expect(validate(entry('present', { minutes: 200 }), morning)).toEqual(["200 minutes is more than the session's 180"]);
  });

  it('explains malformed values', () => {
    expect(validate(entry('late', { arrivedAt: '9:40' }), morning)).toEqual(['Arrival time must be a time (HH:MM, 24-hour)']);
    expect(validate(entry('present', { minutes: -5 }), morning)).toEqual(['Minutes cannot be negative']);
    expect(validate(entry('present', { minutes: 12.5 }), morning)).toEqual(['Minutes must be a whole number']);
    expect(validate(entry('absent-excused', { minutes: 30 }), morning)).toEqual(['An absent member attended no minutes']);
    expect(validate({ clientId: 'c1', status: 'here' }, morning)).toEqual(['Choose an attendance status']);
    expect(validate({ clientId: '', status: 'present' }, morning)).toEqual(['The client is required']);
    expect(validate(entry('present', { note: 'x'.repeat(501) }), morning)).toEqual(['The note is at most 500 characters']);
  });

  it('trims the note', () => {
    expect(attendanceEntrySchema.parse(entry('present', { note: '  stepped out once  ' })).note).toBe('stepped out once');
  });
});

describe('defaultAttendance', () => {
  it('starts a member present for the whole session', () => {
    const unmarked = defaultAttendance('c7');
    expect(unmarked).toEqual({ clientId: 'c7', status: 'present' });
    expect(minutesAttended(unmarked, morning)).toBe(180);
    expect(minutesAttended(unmarked, { start: '09:00', end: '10:30', minutes: 90 })).toBe(90);
  });
});

describe('presence and capacity', () => {
  it('counts late, early and telehealth members as present, and no absentee', () => {
    const statuses = Object.keys(ATTENDANCE_STATUSES) as AttendanceStatus[];
    expect(statuses.filter((status) => isPresent({ status }))).toEqual(['present', 'late', 'left-early', 'late-and-left-early', 'telehealth']);
    expect(countPresent(statuses.map((status) => ({ status })))).toBe(5);
    expect(countPresent([])).toBe(0);
  });

  it('warns when more are present than the capacity', () => {
    expect(englishMessages([capacityProblem(present(13), 12)!])).toBe("13 present is over the group's capacity of 12: confirm to record it anyway");
    expect(capacityProblem(present(12), 12)).toBeNull();
  });

  it('counts only those present against the capacity', () => {
    const sheet = [...present(8), entry('absent-excused', { clientId: 'a1' }), entry('absent-unexcused', { clientId: 'a2' })];
    expect(capacityProblem(sheet, 8)).toBeNull();
    expect(englishMessages([capacityProblem([...sheet, entry('telehealth', { clientId: 't1' })], 8)!])).toBe(
      "9 present is over the group's capacity of 8: confirm to record it anyway",
    );
  });
});

describe('attendanceSummary', () => {
  it('totals a session', () => {
    const sheet: AttendanceEntry[] = [
      entry('present', { clientId: 'a' }),
      entry('present', { clientId: 'b' }),
      entry('telehealth', { clientId: 'c' }),
      entry('late', { clientId: 'd', arrivedAt: '09:30' }),
      entry('left-early', { clientId: 'e', leftAt: '11:00' }),
      entry('late-and-left-early', { clientId: 'f', arrivedAt: '10:00', leftAt: '11:00' }),
      entry('present', { clientId: 'g', minutes: 170 }),
      entry('absent-excused', { clientId: 'h' }),
      entry('absent-unexcused', { clientId: 'i' }),
    ];
    expect(attendanceSummary(sheet, morning)).toEqual({
      byStatus: {
        present: 3,
        late: 1,
        'left-early': 1,
        'late-and-left-early': 1,
        'absent-excused': 1,
        'absent-unexcused': 1,
        telehealth: 1,
      },
      present: 7,
      absent: 2,
      partial: 4,
      totalMinutes: 180 * 3 + 150 + 120 + 60 + 170,
    });
  });

  it('lists every status for an empty sheet', () => {
    const summary = attendanceSummary([], morning);
    expect(Object.values(summary.byStatus)).toEqual(Object.keys(ATTENDANCE_STATUSES).map(() => 0));
    expect(summary).toMatchObject({ present: 0, absent: 0, partial: 0, totalMinutes: 0 });
  });
});
