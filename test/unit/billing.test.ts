import { ZodError } from 'zod';
import { englishIssue, issuesText, RuleError } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import type { AttendanceEntry } from '../../src/shared/attendance';
import {
  authorizationSchema,
  certificationDue,
  claimLines,
  claimsCsv,
  COMMERCIAL_DEFAULT_RULES,
  consumption,
  defaultRules,
  familyCode,
  levelDifferenceProblem,
  MEDICARE_IOP_RULES,
  overlappingAuthorizations,
  payerRulesSchema,
  payerWeek,
  placeOfService,
  planReviewDays,
  psychotherapyAddOn,
  psychotherapyCode,
  reviewBucket,
  reviewsDue,
  reviewsInOrder,
  utilizationByPayer,
  withReview,
  type Authorization,
  type ClaimService,
  type Payer,
  type PayerRules,
} from '../../src/shared/billing';
import { DEFAULT_SERVICE_CODES, type ExportClient } from '../../src/shared/exports';
import type { ServiceType } from '../../src/shared/hours';
import { mergeRecords, type MergeRecord } from '../../src/shared/sync/merge';
import { englishText } from '../../src/shared/messages';

const CLIENT = 'client-synthetic-1';

/** What a failed schema check says, in English (its messages are catalogue keys). */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return issuesText(error);
    if (error instanceof RuleError) return error.message;
    throw error;
  }
  throw new Error('expected a failed check');
}

function authorization(change: Partial<Authorization> = {}): Authorization {
  return authorizationSchema.parse({
    clientId: CLIENT,
    episodeId: 'episode-1',
    payerId: 'payer-commercial',
    number: 'AUTH-TEST-1',
    authorizedLevel: 'iop',
    levelDifferenceReason: '',
    units: 10,
    frequency: '3 days a week',
    startOn: '2026-03-01',
    endOn: '2026-03-14',
    nextReviewOn: '2026-03-10',
    reviewType: 'initial',
    status: 'approved',
    careManager: { name: 'Care Manager Synthetic', phone: '555-0100' },
    covers: ['group', 'individual', 'family', 'psychiatric', 'workshop'],
    reviews: {},
    certifications: {},
    notes: '',
    ...change,
  });
}

let sequence = 0;
/** An attended (or marked) service; 09:00–12:00 unless told otherwise. */
function service(date: string, change: { type?: ServiceType; start?: string; end?: string; attendance?: Partial<AttendanceEntry> | null; signed?: boolean; clientId?: string; modality?: ClaimService['modality']; psychiatric?: ClaimService['psychiatric'] } = {}): ClaimService {
  const start = change.start ?? '09:00';
  const end = change.end ?? '12:00';
  const minutes = (Number(end.slice(0, 2)) * 60 + Number(end.slice(3))) - (Number(start.slice(0, 2)) * 60 + Number(start.slice(3)));
  const clientId = change.clientId ?? CLIENT;
  return {
    clientId,
    sessionId: `session-${++sequence}`,
    groupId: '',
    serviceType: change.type ?? 'group',
    date,
    session: { start, end, minutes },
    sessionStatus: 'completed',
    ...(change.attendance === null ? {} : { attendance: { clientId, status: 'present', ...change.attendance } as AttendanceEntry }),
    presentCount: 8,
    facilitators: ['Facilitator Synthetic, LCSW'],
    noteSigned: change.signed ?? true,
    modality: change.modality ?? 'in-person',
    ...(change.psychiatric ? { psychiatric: change.psychiatric } : {}),
  };
}

const payer = (rules: PayerRules, name = 'Synthetic Health Plan'): Payer => ({ id: 'payer-commercial', name, kind: 'commercial', rules });

describe('authorizations: consumption', () => {
  it('uses one unit per attended session inside the dates, across week boundaries, and none outside them', () => {
    const auth = authorization({ units: 10, startOn: '2026-03-01', endOn: '2026-03-14' });
    // 2026-03-01 is a Sunday: the authorization spans three ISO weeks.
    const services = [
      service('2026-02-28'), // before the start
      service('2026-03-01'),
      service('2026-03-02'),
      service('2026-03-08'),
      service('2026-03-09'),
      service('2026-03-14'),
      service('2026-03-15'), // after the end
      service('2026-03-03', { attendance: { status: 'absent-unexcused' } }), // absent: no unit
      service('2026-03-04', { attendance: null }), // attendance not taken: no unit
      service('2026-03-05', { clientId: 'someone-else' }),
    ];
    const c = consumption(auth, COMMERCIAL_DEFAULT_RULES, services, '2026-03-10');
    expect(c.used).toBe(5);
    expect(c.remaining).toBe(5);
    expect(c.uses.map((u) => u.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-08', '2026-03-09', '2026-03-14']);
    expect(c.daysLeft).toBe(5);
  });

  it('counts a day as a unit only when it meets the payer’s services and minutes', () => {
    const rules: PayerRules = { ...COMMERCIAL_DEFAULT_RULES, unitRule: { per: 'day', minServices: 2, minMinutes: 150 } };
    const auth = authorization({ units: 5 });
    const services = [
      // Day 1: two services, 180 + 60 minutes: a unit.
      service('2026-03-02'),
      service('2026-03-02', { type: 'individual', start: '13:00', end: '14:00' }),
      // Day 2: one service: not a unit.
      service('2026-03-03'),
      // Day 3: two services but 60 + 60 minutes: short of 150.
      service('2026-03-04', { start: '09:00', end: '10:00' }),
      service('2026-03-04', { type: 'individual', start: '13:00', end: '14:00' }),
      // Day 4: two services, one of them a late arrival that still brings the day to 150.
      service('2026-03-05', { attendance: { status: 'late', arrivedAt: '10:00' } }),
      service('2026-03-05', { type: 'individual', start: '13:00', end: '14:00' }),
    ];
    const c = consumption(auth, rules, services, '2026-03-06');
    expect(c.uses.map((u) => [u.date, u.sessionIds.length])).toEqual([
      ['2026-03-02', 2],
      ['2026-03-05', 2],
    ]);
  });

  it('warns at the payer’s thresholds, and lists what goes beyond the units', () => {
    const auth = authorization({ units: 4 });
    const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    const at = (n: number, today = '2026-03-06') => consumption(auth, COMMERCIAL_DEFAULT_RULES, days.slice(0, n).map((d) => service(d)), today);
    expect(at(1).warnings).toEqual([]);
    expect(at(2).warnings).toEqual(['units-low']); // 2 left
    expect(at(3).warnings).toEqual(['units-low']);
    expect(at(4).warnings).toEqual(['exhausted']);
    const over = at(5);
    expect(over.used).toBe(4);
    expect(over.beyond.map((u) => u.date)).toEqual(['2026-03-06']);
    expect(at(1, '2026-03-12').warnings).toEqual(['days-low']); // 3 days left: 12, 13, 14
    expect(at(1, '2026-03-15').warnings).toEqual(['ended', 'days-low'].filter((w) => w === 'ended'));
    // Thresholds are the payer's: none at all warns only when exhausted.
    expect(consumption(auth, { ...COMMERCIAL_DEFAULT_RULES, warnUnitsLeft: 0 }, days.slice(0, 3).map((d) => service(d)), '2026-03-06').warnings).toEqual([]);
  });

  it('two laptops that recorded different sessions converge on one count: consumption is computed, not stored', () => {
    const auth = authorization({ units: 10 });
    const laptopA = [service('2026-03-02'), service('2026-03-03')];
    const laptopB = [service('2026-03-04')];
    const merged = [...laptopB, ...laptopA];
    expect(consumption(auth, COMMERCIAL_DEFAULT_RULES, merged, '2026-03-05').used).toBe(3);
    expect(consumption(auth, COMMERCIAL_DEFAULT_RULES, [...laptopA, ...laptopB], '2026-03-05')).toEqual(consumption(auth, COMMERCIAL_DEFAULT_RULES, merged, '2026-03-05'));
  });

  it('refuses an end before the start, and asks why the authorized level differs from the clinical one', () => {
    expect(failure(() => authorization({ startOn: '2026-03-14', endOn: '2026-03-01' }))).toBe('The end date 2026-03-01 is before the start date 2026-03-14');
    const problem = levelDifferenceProblem(authorization({ authorizedLevel: 'outpatient' }), 'iop');
    expect(problem && englishText(problem.key, problem.values)).toMatch(/authorized Outpatient but the client is clinically at Intensive outpatient/);
    expect(levelDifferenceProblem(authorization({ authorizedLevel: 'outpatient', levelDifferenceReason: 'Payer approved a step-down pending review' }), 'iop')).toBeNull();
    expect(levelDifferenceProblem(authorization(), 'iop')).toBeNull();
  });

  it('finds overlapping authorizations of one client and payer, ignoring denied ones', () => {
    const a = authorization({ number: 'A', startOn: '2026-03-01', endOn: '2026-03-14' });
    const b = authorization({ number: 'B', startOn: '2026-03-14', endOn: '2026-03-28' });
    const c = authorization({ number: 'C', startOn: '2026-03-15', endOn: '2026-03-28' });
    const denied = authorization({ number: 'D', status: 'denied' });
    expect(overlappingAuthorizations([a, b, c, denied]).map(([x, y]) => `${x.number}-${y.number}`)).toEqual(['A-B', 'B-C']);
  });
});

describe('utilization reviews and certification', () => {
  it('buckets next review dates: overdue, today, tomorrow, later this week', () => {
    const today = '2026-03-10';
    expect(reviewBucket('2026-03-09', today)).toBe('overdue');
    expect(reviewBucket('2026-03-10', today)).toBe('today');
    expect(reviewBucket('2026-03-11', today)).toBe('tomorrow');
    expect(reviewBucket('2026-03-16', today)).toBe('this-week');
    expect(reviewBucket('2026-03-17', today)).toBeNull();
    expect(reviewBucket('', today)).toBeNull();
    const due = reviewsDue([authorization({ nextReviewOn: '2026-03-11' }), authorization({ nextReviewOn: '2026-03-01' }), authorization({ nextReviewOn: '2026-03-01', status: 'denied' })], today);
    expect(due.map((d) => d.bucket)).toEqual(['overdue', 'tomorrow']);
  });

  it('records a review with what it decided, and refuses a review that would leave the authorization invalid', () => {
    const auth = authorization({ status: 'requested', units: 0 });
    const review = { on: '2026-03-10', type: 'concurrent' as const, sent: 'Synthetic progress summary', outcome: 'Approved 6 more sessions', by: 'Reviewer Synthetic' };
    const after = withReview(auth, 'r2', review, { status: 'partially-approved', units: 6, endOn: '2026-03-20', nextReviewOn: '2026-03-18', reviewType: 'concurrent' });
    expect(after).toMatchObject({ status: 'partially-approved', units: 6, endOn: '2026-03-20', nextReviewOn: '2026-03-18' });
    const again = withReview(after, 'r1', { ...review, on: '2026-03-02', outcome: 'Pended' }, { status: 'partially-approved', units: 6, endOn: '2026-03-20', nextReviewOn: '2026-03-18', reviewType: 'concurrent' });
    expect(reviewsInOrder(again).map((r) => [r.id, r.outcome])).toEqual([
      ['r1', 'Pended'],
      ['r2', 'Approved 6 more sessions'],
    ]);
    expect(() => withReview(after, 'r2', review, { status: 'approved', units: 6, endOn: '2026-03-20', nextReviewOn: '', reviewType: 'concurrent' })).toThrow('already recorded');
    expect(failure(() => withReview(auth, 'r3', review, { status: 'approved', units: 6, endOn: '2026-02-01', nextReviewOn: '', reviewType: 'concurrent' }))).toContain('is before the start date');
  });

  it('two laptops that each record a review of one authorization merge to both reviews, without a conflict', () => {
    const base = authorization();
    const plain = { kind: 'authorization', clientId: CLIENT, episodeId: 'episode-1', status: 'active', date: base.startOn };
    const review = (on: string, outcome: string) => ({ on, type: 'concurrent' as const, sent: 'Synthetic summary', outcome, by: 'Reviewer Synthetic' });
    const outcome = { status: base.status, units: base.units, endOn: base.endOn, nextReviewOn: base.nextReviewOn, reviewType: base.reviewType };
    const version = (data: unknown, rev: number, updatedAt: number): MergeRecord => ({ plain, data, rev, updatedAt, deleted: false });
    const a = version(withReview(base, 'review-a', review('2026-03-05', 'Approved'), outcome), 2, 2000);
    const b = version(withReview(base, 'review-b', review('2026-03-06', 'Pended'), outcome), 2, 2001);
    const merged = mergeRecords({ collection: 'plans', id: 'authorization-1', base: version(base, 1, 1000), mine: a, theirs: b });
    expect(merged.conflict).toBeNull();
    expect(Object.keys((merged.merged.data as { reviews: object }).reviews).sort()).toEqual(['review-a', 'review-b']);
  });

  it('puts Medicare’s certification at admission and recertification every 60 days after the last', () => {
    const auth = authorization();
    expect(certificationDue(auth, '2026-03-02', MEDICARE_IOP_RULES, '2026-03-02')).toEqual({ dueOn: '2026-03-02', kind: 'certification', overdue: false });
    expect(certificationDue(auth, '2026-03-02', MEDICARE_IOP_RULES, '2026-03-03')!.overdue).toBe(true);
    const certified = authorization({ certifications: { b: { on: '2026-05-01', physician: 'Dr Synthetic' }, a: { on: '2026-03-02', physician: 'Dr Synthetic' } } });
    expect(certificationDue(certified, '2026-03-02', MEDICARE_IOP_RULES, '2026-06-01')).toEqual({ dueOn: '2026-06-30', kind: 'recertification', overdue: false });
    expect(certificationDue(certified, '2026-03-02', { recertifyEveryDays: 30 }, '2026-06-01')).toEqual({ dueOn: '2026-05-31', kind: 'recertification', overdue: true });
    expect(certificationDue(certified, '2026-03-02', COMMERCIAL_DEFAULT_RULES, '2026-06-01')).toBeNull();
  });

  it('shortens the plan review interval for a payer that asks for more often, and checks the payer’s weekly hours', () => {
    expect(planReviewDays(90, [{ rules: MEDICARE_IOP_RULES }])).toBe(60);
    expect(planReviewDays(30, [{ rules: MEDICARE_IOP_RULES }])).toBe(30);
    expect(planReviewDays(90, [{ rules: COMMERCIAL_DEFAULT_RULES }])).toBe(90);
    // Two 3-hour days by Wednesday, nothing else scheduled: short of Medicare's 9 hours.
    const week = [service('2026-03-02'), service('2026-03-03')];
    expect(payerWeek(week, MEDICARE_IOP_RULES, CLIENT, '2026-03-04', '2026-03-09')).toMatchObject({ targetMinutes: 540, attendedMinutes: 360, status: 'short' });
    expect(payerWeek(week, { weeklyMinimumHours: 6 }, CLIENT, '2026-03-04', '2026-03-09')).toMatchObject({ status: 'met' });
    expect(payerWeek(week, COMMERCIAL_DEFAULT_RULES, CLIENT, '2026-03-04', '2026-03-09')).toBeNull();
  });
});

describe('CPT codes from what happened', () => {
  it('applies the psychotherapy time rule at each edge', () => {
    expect([15, 16, 37, 38, 52, 53, 90].map(psychotherapyCode)).toEqual([null, '90832', '90832', '90834', '90834', '90837', '90837']);
    expect([15, 16, 37, 38, 52, 53].map(psychotherapyAddOn)).toEqual([null, '90833', '90833', '90836', '90836', '90838']);
  });

  it('codes family therapy by the patient’s presence, and telehealth by modality or the client’s attendance', () => {
    expect(familyCode(true)).toBe('90847');
    expect(familyCode(false)).toBe('90846');
    expect(placeOfService('in-person', 'present', COMMERCIAL_DEFAULT_RULES)).toEqual({ placeOfService: '11', modifiers: [] });
    expect(placeOfService('telehealth', 'present', COMMERCIAL_DEFAULT_RULES)).toEqual({ placeOfService: '10', modifiers: ['95'] });
    expect(placeOfService('hybrid', 'telehealth', { ...COMMERCIAL_DEFAULT_RULES, telehealthPlaceOfService: '02' })).toEqual({ placeOfService: '02', modifiers: ['95'] });
  });
});

describe('the billing gate', () => {
  const commercial = payer(COMMERCIAL_DEFAULT_RULES);
  const options = (auths: Authorization[], p: Payer = commercial) => ({ mapping: DEFAULT_SERVICE_CODES, today: '2026-03-31', coverage: () => ({ payer: p, authorizations: auths }) });

  it('refuses a service without a signed note, and flags one outside the authorization, with reasons', () => {
    const lines = claimLines([service('2026-03-02', { type: 'individual', start: '10:00', end: '10:50', signed: false }), service('2026-03-20', { type: 'individual', start: '10:00', end: '10:45' })], options([authorization()]));
    expect(lines.map((l) => [l.status, l.code, l.reasons])).toEqual([
      ['refused', '', ['No signed note for this service']],
      ['review', '90834', ['Outside any approved authorization with Synthetic Health Plan on 2026-03-20']],
    ]);
  });

  it('flags services beyond the authorized units and under a denied or requested authorization', () => {
    const small = authorization({ units: 1 });
    const lines = claimLines([service('2026-03-02', { type: 'individual', start: '10:00', end: '11:00' }), service('2026-03-03', { type: 'individual', start: '10:00', end: '11:00' })], options([small]));
    expect(lines.map((l) => [l.status, l.authorizationNumber])).toEqual([
      ['ready', 'AUTH-TEST-1'],
      ['review', 'AUTH-TEST-1'],
    ]);
    expect(lines[1]!.reasons).toEqual(['Beyond the 1 units authorized (authorization AUTH-TEST-1)']);
    const requested = claimLines([service('2026-03-02', { type: 'individual', start: '10:00', end: '11:00' })], options([authorization({ status: 'requested' })]));
    expect(requested[0]!.reasons).toEqual(['Authorization AUTH-TEST-1 is requested, not approved']);
  });

  it('never bills group psychotherapy on a per-diem day for a payer that bundles it; does when the payer does not', () => {
    const day = [service('2026-03-02'), service('2026-03-02', { type: 'individual', start: '13:00', end: '13:50' })];
    const bundled = claimLines(day, options([authorization()]));
    expect(bundled.find((l) => l.serviceType === 'group')).toMatchObject({ status: 'refused', code: '', reasons: ['Group psychotherapy is part of the per diem (S9480) billed for this day'] });
    expect(bundled.find((l) => l.serviceType === 'individual')).toMatchObject({ status: 'ready', code: '90834' });
    const separate = claimLines(day, options([authorization()], payer({ ...COMMERCIAL_DEFAULT_RULES, perDiemBundlesGroup: false })));
    expect(separate.find((l) => l.serviceType === 'group')).toMatchObject({ status: 'ready', code: '90853' });
    // A short day does not reach the per diem's minimum minutes: the group is billed.
    const short = claimLines([service('2026-03-03', { start: '09:00', end: '10:30' })], options([authorization()]));
    expect(short[0]).toMatchObject({ status: 'ready', code: '90853' });
  });

  it('carries Medicare’s day tier (3 vs 4 or more services), condition code 92 and revenue code 0905', () => {
    const medicare: Payer = { id: 'payer-medicare', name: 'Medicare', kind: 'medicare', rules: MEDICARE_IOP_RULES };
    const three = ['09:00', '10:00', '11:00'].map((start) => service('2026-03-02', { type: 'workshop', start, end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00` }));
    const four = ['09:00', '10:00', '11:00', '12:00'].map((start) => service('2026-03-03', { type: 'workshop', start, end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00` }));
    const lines = claimLines([...three, ...four], { mapping: { ...DEFAULT_SERVICE_CODES, services: { ...DEFAULT_SERVICE_CODES.services, workshop: 'G0410' } }, today: '2026-03-31', coverage: () => ({ payer: medicare, authorizations: [] }) });
    expect(lines.map((l) => l.dayTier)).toEqual(['three', 'three', 'three', 'four-plus', 'four-plus', 'four-plus', 'four-plus']);
    expect(lines.every((l) => l.conditionCode === '92' && l.revenueCode === '0905' && l.status === 'ready')).toBe(true);
    // Medicare needs no prior authorization: nothing flagged for its absence.
    expect(lines.every((l) => l.reasons.length === 0)).toBe(true);
  });

  it('codes family, individual under 16 minutes, psychiatric E/M with its add-on, and telehealth', () => {
    const lines = claimLines(
      [
        service('2026-03-02', { type: 'family', start: '15:00', end: '16:00' }),
        service('2026-03-03', { type: 'family', start: '15:00', end: '16:00', attendance: { status: 'absent-excused' } }),
        service('2026-03-04', { type: 'individual', start: '15:00', end: '15:15' }),
        service('2026-03-05', { type: 'psychiatric', start: '15:00', end: '15:45', psychiatric: { emCode: '99214', psychotherapyMinutes: 20 } }),
        service('2026-03-06', { type: 'individual', start: '15:00', end: '16:00', modality: 'telehealth' }),
      ],
      options([authorization()]),
    );
    expect(lines.map((l) => [l.code, l.status])).toEqual([
      ['90847', 'ready'],
      ['90846', 'ready'],
      ['', 'refused'],
      ['99214', 'ready'],
      ['90833', 'ready'],
      ['90837', 'ready'],
    ]);
    expect(lines[2]!.reasons).toEqual(['15 minutes: individual psychotherapy under 16 minutes is not billable']);
    expect(lines[5]).toMatchObject({ placeOfService: '10', modifiers: ['95'] });
  });

  it('writes one per-diem line per client per day that meets the payer’s services and minutes, with the services it bundles', () => {
    // An alcohol/drug IOP payer: H0015 for a day of at least 3 services and 180 minutes.
    const h0015 = payer({ ...COMMERCIAL_DEFAULT_RULES, perDiem: { code: 'H0015', minServices: 3, minMinutes: 180 } });
    const other = 'client-synthetic-2';
    const lines = claimLines(
      [
        service('2026-03-02', { start: '09:00', end: '10:00' }),
        service('2026-03-02', { type: 'workshop', start: '10:00', end: '11:00' }),
        service('2026-03-02', { type: 'individual', start: '11:00', end: '12:00' }),
        // Another client the same day: their own line.
        ...['09:00', '10:00', '11:00'].map((start) => service('2026-03-02', { clientId: other, start, end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00` })),
        // Three services but 179 minutes: under the payer's minutes, no per diem, the group is billed.
        service('2026-03-03', { start: '09:00', end: '10:00' }),
        service('2026-03-03', { type: 'workshop', start: '10:00', end: '11:00' }),
        service('2026-03-03', { type: 'individual', start: '11:00', end: '11:59' }),
        // 180 minutes in two services: under the payer's services.
        service('2026-03-04', { start: '09:00', end: '12:00' }),
        service('2026-03-04', { type: 'individual', start: '13:00', end: '13:01' }),
      ],
      // The other client has no authorization with this payer.
      { ...options([]), coverage: (clientId: string) => ({ payer: h0015, authorizations: clientId === CLIENT ? [authorization({ units: 20 })] : [] }) },
    );
    const perDiem = lines.filter((l) => l.serviceType === 'per-diem');
    expect(perDiem.map((l) => [l.clientId, l.date, l.code, l.minutes, l.status, l.authorizationNumber])).toEqual([
      [CLIENT, '2026-03-02', 'H0015', 180, 'ready', 'AUTH-TEST-1'],
      [other, '2026-03-02', 'H0015', 180, 'review', ''],
    ]);
    expect(perDiem[0]!.bundles.map((b) => [b.serviceType, b.start])).toEqual([
      ['group', '09:00'],
      ['workshop', '10:00'],
      ['individual', '11:00'],
    ]);
    expect(perDiem[1]!.reasons).toEqual(['Outside any approved authorization with Synthetic Health Plan on 2026-03-02']);
    // The group that day is inside the per diem; the individual session keeps its own line.
    expect(lines.filter((l) => l.date === '2026-03-02' && l.clientId === CLIENT && l.serviceType !== 'per-diem').map((l) => [l.serviceType, l.code, l.status])).toEqual([
      ['group', '', 'refused'],
      ['workshop', '', 'ready'],
      ['individual', '90837', 'ready'],
    ]);
    expect(lines.filter((l) => l.date !== '2026-03-02' && l.serviceType === 'group').map((l) => [l.date, l.code])).toEqual([
      ['2026-03-03', '90853'],
      ['2026-03-04', '90853'],
    ]);
    const file = claimsCsv(perDiem.slice(0, 1), new Map([[CLIENT, { id: CLIENT, chartNumber: 'C-0001', name: 'Synthetic, Client', part2: false }]]), 'chart-number');
    expect(file.csv.split('\r\n')[1]).toBe('C-0001,2026-03-02,09:00,180,H0015,,11,,,,Group therapy 09:00; Workshop 10:00; Individual therapy 11:00,Synthetic Health Plan,AUTH-TEST-1,Ready,');
  });

  it('holds the per-diem line until every note of its day is signed; telehealth only when every service was', () => {
    const day = [service('2026-03-02', { modality: 'telehealth' }), service('2026-03-02', { type: 'individual', start: '13:00', end: '13:50', signed: false, modality: 'telehealth' })];
    const [group, perDiem, individual] = claimLines(day, options([authorization()]));
    expect(group).toMatchObject({ serviceType: 'group', status: 'refused' });
    expect(perDiem).toMatchObject({ serviceType: 'per-diem', code: '', status: 'refused', reasons: ['No signed note for the individual therapy at 13:00 this per diem is billed for'], placeOfService: '10', modifiers: ['95'] });
    expect(individual).toMatchObject({ serviceType: 'individual', status: 'refused' });
    const mixed = claimLines([service('2026-03-02', { modality: 'telehealth' }), service('2026-03-02', { type: 'individual', start: '13:00', end: '13:50' })], options([authorization()]));
    expect(mixed.find((l) => l.serviceType === 'per-diem')).toMatchObject({ status: 'ready', code: 'S9480', placeOfService: '11', modifiers: [] });
    // A payer with no per-diem line: none is written, and the group is billed on its own.
    const perService = claimLines(day.slice(0, 1), options([authorization()], payer({ ...COMMERCIAL_DEFAULT_RULES, perDiem: null })));
    expect(perService.map((l) => [l.serviceType, l.code])).toEqual([['group', '90853']]);
  });

  it('adds 90833, 90836 or 90838 to a psychiatric E/M visit by its psychotherapy minutes, at each time edge', () => {
    const addOns = [15, 16, 37, 38, 52, 53].map((psychotherapyMinutes) => {
      const lines = claimLines([service('2026-03-05', { type: 'psychiatric', start: '15:00', end: '16:00', psychiatric: { emCode: '99214', psychotherapyMinutes } })], options([authorization()]));
      expect(lines[0]).toMatchObject({ code: '99214', status: 'ready' });
      return lines.slice(1).map((l) => [l.code, l.minutes]);
    });
    expect(addOns).toEqual([[], [['90833', 16]], [['90833', 37]], [['90836', 38]], [['90836', 52]], [['90838', 53]]]);
    // More psychotherapy than the visit lasted is flagged for review, not silently billed.
    const long = claimLines([service('2026-03-05', { type: 'psychiatric', start: '15:00', end: '15:30', psychiatric: { emCode: '99213', psychotherapyMinutes: 40 } })], options([authorization()]));
    expect(long.map((l) => [l.code, l.status])).toEqual([
      ['99213', 'review'],
      ['90836', 'review'],
    ]);
    expect(long[0]!.reasons).toEqual(['40 minutes of psychotherapy recorded in a visit of 30 minutes']);
  });

  it('writes every line into the file with its status and reason', () => {
    const clients = new Map<string, ExportClient>([[CLIENT, { id: CLIENT, chartNumber: 'C-0001', name: 'Synthetic, Client', part2: false }]]);
    const lines = claimLines([service('2026-03-02', { type: 'individual', start: '10:00', end: '10:50', signed: false }), service('2026-03-20', { type: 'individual', start: '10:00', end: '10:45' })], options([authorization()]));
    const file = claimsCsv(lines, clients, 'chart-number');
    const rows = file.csv.trim().split(/\r?\n/);
    expect(rows[0]).toBe('Chart number,Date,Start,Minutes,Code,Modifiers,Place of service,Revenue code,Condition code,Day,Per diem for,Payer,Authorization,Status,Reason');
    // The unsigned note's session still used a unit: the service happened and will be billed once signed.
    expect(rows[1]).toBe('C-0001,2026-03-02,10:00,50,,,11,,,,,Synthetic Health Plan,AUTH-TEST-1,Not billable,No signed note for this service');
    expect(rows[2]).toBe('C-0001,2026-03-20,10:00,45,90834,,11,,,,,Synthetic Health Plan,,Review,Outside any approved authorization with Synthetic Health Plan on 2026-03-20');
    expect(file.warnings).toHaveLength(2);
  });
});

describe('payer rules are data', () => {
  it('validates every rule with a specific message, and the defaults pass', () => {
    expect(payerRulesSchema.parse(MEDICARE_IOP_RULES)).toEqual(MEDICARE_IOP_RULES);
    expect(payerRulesSchema.parse(defaultRules('commercial'))).toEqual(COMMERCIAL_DEFAULT_RULES);
    const bad = payerRulesSchema.safeParse({ ...MEDICARE_IOP_RULES, revenueCode: '905', unitRule: { per: 'day', minServices: 0, minMinutes: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map(englishIssue).sort()).toEqual(['The revenue code looks like 0905', 'The services a day needs must be between 1 and 10']);
  });

  it('reads every rule from the payer’s data: changing any one changes what the office sees', () => {
    const auth = authorization({ units: 5 });
    const services = [
      service('2026-03-02'),
      service('2026-03-02', { type: 'individual', start: '13:00', end: '13:50', modality: 'telehealth' }),
      service('2026-03-03', { start: '09:00', end: '10:00' }),
      service('2026-03-20', { type: 'individual', start: '10:00', end: '10:45' }),
    ];
    const today = '2026-03-12';
    const outcome = (rules: PayerRules) =>
      JSON.stringify({
        consumption: consumption(auth, rules, services, today),
        claims: claimLines(services, { mapping: DEFAULT_SERVICE_CODES, today, coverage: () => ({ payer: payer(rules), authorizations: [auth] }) }),
        week: payerWeek(services, rules, CLIENT, '2026-03-02', today),
        certification: certificationDue(auth, '2026-03-02', rules, today),
        planReview: planReviewDays(30, [{ rules }]),
      });
    // A Record of every rule: a rule added to PayerRules without a line here does not compile.
    const changes: Record<keyof PayerRules, Partial<PayerRules>> = {
      unitRule: { unitRule: { per: 'day', minServices: 2, minMinutes: 0 } },
      requiresAuthorization: { requiresAuthorization: false },
      warnUnitsLeft: { warnUnitsLeft: 1 },
      warnDaysLeft: { warnDaysLeft: 1 },
      weeklyMinimumHours: { weeklyMinimumHours: 9 },
      recertifyEveryDays: { recertifyEveryDays: 60 },
      planReviewEveryDays: { planReviewEveryDays: 14 },
      dayTiers: { dayTiers: true },
      conditionCode: { conditionCode: 'A1' },
      revenueCode: { revenueCode: '0905' },
      perDiemBundlesGroup: { perDiemBundlesGroup: false },
      perDiem: { perDiem: null },
      telehealthPlaceOfService: { telehealthPlaceOfService: '02' },
      inPersonPlaceOfService: { inPersonPlaceOfService: '53' },
    };
    const base = outcome(COMMERCIAL_DEFAULT_RULES);
    const unchanged = Object.entries(changes).filter(([, change]) => outcome(payerRulesSchema.parse({ ...COMMERCIAL_DEFAULT_RULES, ...change })) === base);
    expect(unchanged.map(([rule]) => rule)).toEqual([]);
  });

  it('changes behaviour when a practice edits a rule', () => {
    const needsNoAuth = claimLines([service('2026-03-20', { type: 'individual', start: '10:00', end: '10:45' })], { mapping: DEFAULT_SERVICE_CODES, today: '2026-03-31', coverage: () => ({ payer: payer({ ...COMMERCIAL_DEFAULT_RULES, requiresAuthorization: false }), authorizations: [] }) });
    expect(needsNoAuth[0]!.status).toBe('ready');
    const coded = claimLines([service('2026-03-20', { type: 'individual', start: '10:00', end: '10:45' })], { mapping: DEFAULT_SERVICE_CODES, today: '2026-03-31', coverage: () => ({ payer: payer({ ...COMMERCIAL_DEFAULT_RULES, requiresAuthorization: false, conditionCode: 'A1', inPersonPlaceOfService: '53' }), authorizations: [] }) });
    expect(coded[0]).toMatchObject({ conditionCode: 'A1', placeOfService: '53' });
    // Defaults are copies: editing one payer's rules never changes another's.
    const rules = defaultRules('medicare');
    rules.unitRule = { per: 'session' };
    expect(MEDICARE_IOP_RULES.unitRule).toEqual({ per: 'day', minServices: 3, minMinutes: 0 });
  });
});

describe('utilisation per payer', () => {
  it('sums units authorized and used over authorizations in force, and counts denials and requests without their units', () => {
    const rows = utilizationByPayer([
      { payerId: 'p1', status: 'approved', units: 10, used: 8 },
      { payerId: 'p2', status: 'denied', units: 12, used: 0 },
      { payerId: 'p1', status: 'partially-approved', units: 6, used: 2 },
      { payerId: 'p1', status: 'requested', units: 20, used: 3 },
      { payerId: 'p2', status: 'expired', units: 5, used: 5 },
    ]);
    expect(rows).toEqual([
      { payerId: 'p1', authorizations: 3, unitsAuthorized: 16, unitsUsed: 10, denied: 0, requested: 1 },
      { payerId: 'p2', authorizations: 2, unitsAuthorized: 0, unitsUsed: 0, denied: 1, requested: 0 },
    ]);
  });
});
