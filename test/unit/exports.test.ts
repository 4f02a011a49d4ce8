import { describe, expect, it } from 'vitest';
import type { AttendanceEntry } from '../../src/shared/attendance';
import type { BillableService, ExportClient } from '../../src/shared/exports';
import {
  DEFAULT_SERVICE_CODES,
  PART2_REDISCLOSURE_NOTICE,
  PART2_REDISCLOSURE_NOTICE_SHORT,
  billableServices,
  csvCell,
  dailyServicesCsv,
  serviceCodeMappingSchema,
  servicesCsv,
  toCsv,
} from '../../src/shared/exports';
import type { SessionForLedger } from '../../src/shared/hours';
import { englishIssue } from '../../src/shared/messages';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ["O'Brien", "O'Brien"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['line 1\r\nline 2', '"line 1\r\nline 2"'],
  ])('quotes %j as RFC 4180 asks: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+15551234567', "'+15551234567"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['\rreturn', `"'\rreturn"`],
    ['=HYPERLINK("http://evil.example","Click")', `"'=HYPERLINK(""http://evil.example"",""Click"")"`],
  ])('defuses the formula in %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as they are, and refuses what is not a number', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(2.5)).toBe('2.5');
    expect(() => csvCell(Number.NaN)).toThrow(RangeError);
  });

  it('ends every record with CRLF', () => {
    expect(toCsv([['a', 'b'], ['c,d', 2]])).toBe('a,b\r\n"c,d",2\r\n');
  });
});

describe('service code mapping', () => {
  it('accepts the defaults and normalises what is typed', () => {
    expect(serviceCodeMappingSchema.parse(DEFAULT_SERVICE_CODES)).toEqual(DEFAULT_SERVICE_CODES);
    expect(DEFAULT_SERVICE_CODES.services.group).toBe('90853');
    const typed = { ...DEFAULT_SERVICE_CODES, perDiem: { code: ' h0015-hq ', minimumMinutes: 180 } };
    expect(serviceCodeMappingSchema.parse(typed).perDiem?.code).toBe('H0015-HQ');
  });

  it('explains a code it cannot use', () => {
    // In English, as a screen shows them (the schema writes catalogue keys).
    const messages = (input: object) => serviceCodeMappingSchema.safeParse(input).error?.issues.map(englishIssue);
    expect(messages({ ...DEFAULT_SERVICE_CODES, services: { ...DEFAULT_SERVICE_CODES.services, group: '9085' } })).toEqual([
      'A service code is 5 letters or digits (90853, H0015), optionally with modifiers (H0015-HQ)',
    ]);
    expect(messages({ ...DEFAULT_SERVICE_CODES, perDiem: { code: '', minimumMinutes: 180 } })).toEqual(['Choose the per-diem code']);
  });
});

const TEAM = ['Jordan Lee, LCSW', 'Sam Park, LPC'];

function session(overrides: Partial<SessionForLedger> & Pick<SessionForLedger, 'sessionId' | 'date'>): SessionForLedger {
  return {
    groupId: '',
    serviceType: 'individual',
    session: { start: '09:00', end: '12:00', minutes: 180 },
    status: 'completed',
    participantIds: [],
    ...overrides,
  };
}

const entry = (clientId: string, status: AttendanceEntry['status'], extra: Partial<AttendanceEntry> = {}): AttendanceEntry => ({ clientId, status, ...extra });

function services(): BillableService[] {
  const group = session({
    sessionId: 'g1-2026-03-02',
    groupId: 'g1',
    serviceType: 'group',
    date: '2026-03-02',
    participantIds: ['c1', 'c2', 'c3', 'c4'],
    attendance: [entry('c1', 'present'), entry('c2', 'late', { arrivedAt: '09:40' }), entry('c3', 'absent-unexcused')],
  });
  const individual = session({ sessionId: 'ind-1', date: '2026-03-02', session: { start: '13:00', end: '13:50', minutes: 50 }, participantIds: ['c1'], attendance: [entry('c1', 'present')] });
  const family = session({
    sessionId: 'fam-1',
    serviceType: 'family',
    date: '2026-03-03',
    session: { start: '14:00', end: '15:00', minutes: 60 },
    participantIds: ['c2'],
    attendance: [entry('c2', 'telehealth')],
  });
  const cancelled = session({ sessionId: 'g1-2026-03-04', groupId: 'g1', serviceType: 'group', date: '2026-03-04', status: 'cancelled', participantIds: ['c1', 'c2'] });
  const future = session({ sessionId: 'g1-2026-03-09', groupId: 'g1', serviceType: 'group', date: '2026-03-09', status: 'scheduled', participantIds: ['c1', 'c2'] });
  return [
    ...billableServices(family, { facilitators: TEAM.slice(0, 1), signedClientIds: new Set() }),
    ...billableServices(group, { facilitators: TEAM, signedClientIds: new Set(['c1']) }),
    ...billableServices(individual, { facilitators: TEAM.slice(0, 1), signedClientIds: new Set(['c1']) }),
    ...billableServices(cancelled, { facilitators: TEAM, signedClientIds: new Set() }),
    ...billableServices(future, { facilitators: TEAM, signedClientIds: new Set() }),
  ];
}

const CLIENTS = new Map<string, ExportClient>([
  ['c1', { id: 'c1', chartNumber: 'WP-0001', name: '=HYPERLINK("http://evil.example","Click")', part2: false }],
  ['c2', { id: 'c2', chartNumber: 'WP-0002', name: 'Park, Ana', part2: true }],
  ['c3', { id: 'c3', chartNumber: '', name: 'Cho, Min', part2: false }],
  ['c4', { id: 'c4', chartNumber: 'WP-0004', name: 'Diaz, Eva', part2: false }],
]);

const HEADER = 'Chart number,Date,Start,End,Minutes attended,Session minutes,Service type,Service code,Group size,Facilitators,Attendance,Note signed\r\n';

describe('services CSV for billing', () => {
  it('writes one row per client per service attended, by date and time', () => {
    const result = servicesCsv(services(), CLIENTS, { identifier: 'chart-number', mapping: DEFAULT_SERVICE_CODES, today: '2026-03-05' });
    expect(result.csv).toBe(
      HEADER +
        'WP-0001,2026-03-02,09:00,12:00,180,180,Group therapy,90853,2,"Jordan Lee, LCSW; Sam Park, LPC",Present,Yes\r\n' +
        'WP-0002,2026-03-02,09:00,12:00,140,180,Group therapy,90853,2,"Jordan Lee, LCSW; Sam Park, LPC",Arrived late,No\r\n' +
        'WP-0001,2026-03-02,13:00,13:50,50,50,Individual therapy,,1,"Jordan Lee, LCSW",Present,Yes\r\n' +
        'WP-0002,2026-03-03,14:00,15:00,60,60,Family therapy,90847,1,"Jordan Lee, LCSW",Telehealth,No\r\n',
    );
    expect(result.rows).toBe(4);
    expect(result.containsPart2).toBe(true);
    // Only c2 is a Part 2 record: its consent alone is checked before the file leaves the programme.
    expect(result.part2ClientIds).toEqual(['c2']);
    expect(result.warnings).toEqual(['Attendance not taken, not exported: 2026-03-02 09:00 Group therapy (session g1-2026-03-02)']);
  });

  it('lists absences on request, with no minutes and no code', () => {
    const result = servicesCsv(services(), CLIENTS, { identifier: 'chart-number', mapping: DEFAULT_SERVICE_CODES, today: '2026-03-05', includeAbsences: true });
    expect(result.csv.split('\r\n')[1]).toBe(',2026-03-02,09:00,12:00,0,180,Group therapy,,2,"Jordan Lee, LCSW; Sam Park, LPC",Absent (unexcused),No');
    expect(result.warnings).toContain('Client c3 has no chart number: the row has no identifier');
  });

  it('uses the identifier the practice chooses, and defuses a name that is a formula', () => {
    const byName = servicesCsv(services(), CLIENTS, { identifier: 'name', mapping: DEFAULT_SERVICE_CODES, today: '2026-03-05' });
    const lines = byName.csv.split('\r\n');
    expect(lines[0]!.startsWith('Client name,Date,')).toBe(true);
    expect(lines[1]!.startsWith(`"'=HYPERLINK(""http://evil.example"",""Click"")",2026-03-02,`)).toBe(true);
    expect(lines[2]!.startsWith('"Park, Ana",2026-03-02,')).toBe(true);
    const byId = servicesCsv(services(), CLIENTS, { identifier: 'client-id', mapping: DEFAULT_SERVICE_CODES, today: '2026-03-05' });
    expect(byId.csv.split('\r\n')[1]!.startsWith('c1,2026-03-02,')).toBe(true);
  });

  it('says when no Part 2 client is in the file', () => {
    const noPart2 = services().filter((s) => s.clientId === 'c1');
    expect(servicesCsv(noPart2, CLIENTS, { identifier: 'chart-number', mapping: DEFAULT_SERVICE_CODES, today: '2026-03-05' }).containsPart2).toBe(false);
  });

  it('refuses to export a service for a client it cannot identify', () => {
    expect(() => servicesCsv(services(), new Map([...CLIENTS].filter(([id]) => id !== 'c2')), { identifier: 'chart-number', mapping: DEFAULT_SERVICE_CODES, today: '2026-03-05' })).toThrow(
      'No client record for c2: the export needs every client it lists',
    );
  });
});

describe('daily CSV', () => {
  it("gives each client's day its services, Medicare tier and per-diem code", () => {
    const day = [
      ...services().filter((s) => s.date === '2026-03-02'),
      ...billableServices(
        session({ sessionId: 'psy-1', serviceType: 'psychiatric', date: '2026-03-02', session: { start: '14:00', end: '14:30', minutes: 30 }, participantIds: ['c1'], attendance: [entry('c1', 'present')] }),
        { facilitators: ['Ren Ito, PMHNP-BC'], signedClientIds: new Set() },
      ),
    ];
    const mapping = { ...DEFAULT_SERVICE_CODES, perDiem: { code: 'H0015', minimumMinutes: 180 } };
    expect(dailyServicesCsv(day, CLIENTS, { identifier: 'chart-number', mapping }).csv).toBe(
      'Chart number,Date,Services,Minutes attended,Service types,Day,Per-diem code\r\n' +
        // 180 + 50 + 30 = 260 minutes, 3 services.
        'WP-0001,2026-03-02,3,260,Group therapy; Individual therapy; Psychiatric visit,3 services,H0015\r\n' +
        'WP-0002,2026-03-02,1,140,Group therapy,Fewer than 3 services,\r\n',
    );
    const noPerDiem = dailyServicesCsv(day, CLIENTS, { identifier: 'chart-number', mapping: { ...mapping, perDiem: null } });
    expect(noPerDiem.csv.split('\r\n')[1]).toBe('WP-0001,2026-03-02,3,260,Group therapy; Individual therapy; Psychiatric visit,3 services,');
    expect(noPerDiem.containsPart2).toBe(true);
    expect(noPerDiem.part2ClientIds).toEqual(['c2']);
  });
});

describe('42 CFR Part 2 redisclosure notice', () => {
  it("is the 2024 rule's Statement 1, not the 2018 text", () => {
    const paragraphs = PART2_REDISCLOSURE_NOTICE.split('\n\n');
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]!.startsWith('This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony')).toBe(true);
    expect(paragraphs[3]).toBe('(iii) You have received the record from a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E.');
    expect(paragraphs[4]).toBe(
      'A general authorization for the release of medical or other information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).',
    );
    expect(PART2_REDISCLOSURE_NOTICE).not.toContain('prohibit you from making any further disclosure');
    expect(PART2_REDISCLOSURE_NOTICE_SHORT).toBe('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
  });
});
