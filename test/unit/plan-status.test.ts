import { englishMessages } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import { carePlanStatus, describeCarePlanStatus, type PlanDates } from '../../src/shared/plans';

const version = (n: number, status: PlanDates['status'] | 'superseded', effectiveOn: string): PlanDates =>
  ({ planId: 'plan-1', clientId: 'client-1', episodeId: 'episode-1', version: n, status, effectiveOn }) as PlanDates;

describe('a client’s treatment plan status', () => {
  const options = { cadenceDays: 30 };

  it('is none without a plan, draft before the first signature', () => {
    expect(carePlanStatus([], '2026-03-01', options)).toEqual({ state: 'none', reviewInProgress: false });
    expect(carePlanStatus([version(1, 'draft', '2026-03-01')], '2026-03-10', options)).toEqual({ state: 'draft', open: { planId: 'plan-1', version: 1 }, reviewInProgress: false });
  });

  it('counts the review from the latest signed version: signed, due within a week, overdue', () => {
    const signed = [version(1, 'signed', '2026-03-01')];
    expect(carePlanStatus(signed, '2026-03-20', options)).toMatchObject({ state: 'signed', dueOn: '2026-03-31', daysToDue: 11 });
    expect(carePlanStatus(signed, '2026-03-24', options)).toMatchObject({ state: 'review-due', daysToDue: 7 });
    expect(carePlanStatus(signed, '2026-03-31', options)).toMatchObject({ state: 'review-due', daysToDue: 0 });
    expect(carePlanStatus(signed, '2026-04-02', options)).toMatchObject({ state: 'overdue', daysToDue: -2 });
    expect(carePlanStatus(signed, '2026-03-20', { cadenceDays: 21 })).toMatchObject({ state: 'review-due', dueOn: '2026-03-22' });
  });

  it('keeps the signed version’s due date while a review draft is written, and opens the draft', () => {
    const reviewing = [version(1, 'signed', '2026-03-01'), version(2, 'draft', '2026-04-02')];
    expect(carePlanStatus(reviewing, '2026-04-02', options)).toEqual({ state: 'overdue', open: { planId: 'plan-1', version: 2 }, dueOn: '2026-03-31', daysToDue: -2, reviewInProgress: true });
    const reviewed = [version(1, 'superseded', '2026-03-01'), version(2, 'signed', '2026-04-02')];
    expect(carePlanStatus(reviewed, '2026-04-03', options)).toMatchObject({ state: 'signed', dueOn: '2026-05-02', reviewInProgress: false });
  });

  it('says where the plan stands in words', () => {
    const signed = [version(1, 'signed', '2026-03-01')];
    const say = (today: string) => englishMessages([describeCarePlanStatus(carePlanStatus(signed, today, options))]);
    expect(englishMessages([describeCarePlanStatus(carePlanStatus([], '2026-03-01', options))])).toBe('No plan');
    expect(say('2026-03-20')).toBe('Signed · review due 2026-03-31');
    expect(say('2026-03-30')).toBe('Review due in 1 day');
    expect(say('2026-03-31')).toBe('Review due today');
    expect(say('2026-04-01')).toBe('Review overdue by 1 day');
    expect(say('2026-04-03')).toBe('Review overdue by 3 days');
  });
});
