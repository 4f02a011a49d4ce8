import { englishIssue, englishMessages } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import type { StaffIdentity } from '../../src/shared/notes';
import type { InterventionInput, PlanVersion, ProblemInput, ThreadNote } from '../../src/shared/plans';
import {
  PlanRuleError,
  createPlan,
  describeIntervention,
  diffPlans,
  editPlan,
  goldenThread,
  planOutline,
  planProblems,
  planVersionSchema,
  recordClientSignature,
  reviewDueOn,
  reviewPlan,
  reviewsDue,
  signPlan,
} from '../../src/shared/plans';

const START = '2026-03-02';
const CLINICIAN: StaffIdentity = { staffId: 'staff-1', name: 'Synthetic Qwerty', credentials: 'LCSW' };

/** Deterministic ids: prefix-1, prefix-2, … */
const counter = (prefix: string) => {
  let n = 0;
  return () => `${prefix}-${++n}`;
};

const cbtGroup: InterventionInput = { type: 'group', description: 'CBT skills group', sessionMinutes: 180, frequency: { times: 3, per: 'week' }, durationWeeks: 8, staffIds: ['staff-1'] };

function problems(): ProblemInput[] {
  return [
    {
      statement: 'Depressed mood most days',
      diagnosisCodes: ['F33.1'],
      goals: [
        {
          statement: 'Reduce depressive symptoms',
          measuredBy: 'PHQ-9 below 10',
          targetDate: '2026-05-29',
          objectives: [
            { statement: 'Use two coping skills daily', targetDate: '2026-04-03', status: 'not-started', interventions: [{ ...cbtGroup }] },
            {
              statement: 'Complete a daily activity log',
              targetDate: '2026-04-17',
              status: 'not-started',
              interventions: [{ type: 'individual', description: 'Behavioural activation', sessionMinutes: 50, frequency: { times: 1, per: 'week' }, durationWeeks: 8, staffIds: ['staff-2'] }],
            },
          ],
        },
      ],
    },
    {
      statement: 'Alcohol use',
      diagnosisCodes: ['F10.20'],
      goals: [
        {
          statement: 'Abstain from alcohol',
          measuredBy: 'Self-report and AUDIT',
          targetDate: '2026-05-29',
          objectives: [
            {
              statement: 'Identify three triggers',
              targetDate: '2026-03-20',
              status: 'not-started',
              interventions: [{ type: 'family', description: 'Family session on relapse triggers', sessionMinutes: 60, frequency: { times: 2, per: 'month' }, durationWeeks: 8, staffIds: ['staff-1'] }],
            },
          ],
        },
      ],
    },
  ];
}

const draft = () => createPlan({ planId: 'plan-1', clientId: 'client-1', episodeId: 'episode-1', effectiveOn: START, problems: problems() }, counter('id'));
const signedV1 = () => signPlan(editPlan(draft(), { participation: { clientParticipated: true } }), CLINICIAN, '2026-03-02T15:00:00-06:00');

/** What is missing before signing, in English. */
const englishProblems = (plan: PlanVersion) => planProblems(plan).map((m) => englishMessages([m]));

describe('plan versions and validation', () => {
  it('creates version 1 as a draft with stable ids and outline labels', () => {
    const plan = draft();
    expect([plan.version, plan.status, plan.review]).toEqual([1, 'draft', null]);
    expect(planOutline(plan).map((n) => `${englishMessages([n.label])}=${n.id}`)).toEqual([
      'Problem 1=id-1',
      'Goal 1=id-2',
      'Objective 1.1=id-3',
      'Intervention 1.1.1=id-4',
      'Objective 1.2=id-5',
      'Intervention 1.2.1=id-6',
      'Problem 2=id-7',
      'Goal 2=id-8',
      'Objective 2.1=id-9',
      'Intervention 2.1.1=id-10',
    ]);
    expect(englishMessages(describeIntervention(plan.problems[0]!.goals[0]!.objectives[0]!.interventions[0]!))).toBe('Group; 180 min; 3 times a week for 8 weeks');
  });

  it('names exactly what is missing before signing', () => {
    const input = problems();
    const [first, second] = [input[0]!.goals[0]!, input[1]!.goals[0]!];
    first.objectives[1]!.statement = ' ';
    second.targetDate = '';
    second.objectives[0]!.interventions[0] = { ...second.objectives[0]!.interventions[0]!, sessionMinutes: null, staffIds: [] };
    const plan = createPlan({ planId: 'p', clientId: 'c', episodeId: 'e', effectiveOn: START, problems: input }, counter('id'));
    expect(englishProblems(plan)).toEqual([
      'Objective 1.2 needs a statement',
      'Goal 2 needs a target date',
      'Intervention 2.1.1 needs a session length',
      'Intervention 2.1.1 needs a responsible staff member',
      'Record whether the client took part in planning',
    ]);
    expect(() => signPlan(plan, CLINICIAN, '2026-03-02T15:00:00Z')).toThrow(PlanRuleError);
    expect(() => signPlan(plan, CLINICIAN, '2026-03-02T15:00:00Z')).toThrow('Complete before signing: Objective 1.2 needs a statement; Goal 2 needs a target date;');
    const empty = createPlan({ planId: 'p', clientId: 'c', episodeId: 'e', effectiveOn: START });
    expect(englishProblems(empty)).toEqual(['Add at least one problem', 'Record whether the client took part in planning']);
  });

  it('names the node when a value is out of range or not a date', () => {
    const input = problems();
    input[0]!.goals[0]!.objectives[0]!.interventions[0]!.sessionMinutes = 2;
    input[1]!.goals[0]!.targetDate = '2026-02-30';
    expect(() => createPlan({ planId: 'p', clientId: 'c', episodeId: 'e', effectiveOn: START, problems: input }, counter('id'))).toThrow(
      'Intervention 1.1.1: The session length must be between 5 and 600 minutes; Goal 2: The target date is not a real calendar date',
    );
  });

  it('flags an active objective whose target date has passed, but not a met one', () => {
    const withObjective21 = (status: 'progressing' | 'met') => {
      const input = problems();
      Object.assign(input[1]!.goals[0]!.objectives[0]!, { targetDate: '2026-02-20', status });
      const plan = createPlan({ planId: 'p', clientId: 'c', episodeId: 'e', effectiveOn: START, problems: input }, counter('id'));
      return editPlan(plan, { participation: { clientParticipated: false } });
    };
    expect(englishProblems(withObjective21('progressing'))).toEqual(["Objective 2.1's target date 2026-02-20 has passed: set a new one or change the status"]);
    expect(englishProblems(withObjective21('met'))).toEqual([]);
  });

  it('signs a complete draft, after which it cannot be edited', () => {
    const plan = signedV1();
    expect(plan.status).toBe('signed');
    expect(plan.clinicianSignature).toEqual({ by: 'staff-1', name: 'Synthetic Qwerty', credentials: 'LCSW', at: '2026-03-02T15:00:00-06:00' });
    expect(() => editPlan(plan, { participation: { clientWords: 'x' } })).toThrow('A signed plan cannot be changed: review it to start a new version');
    expect(() => signPlan(plan, CLINICIAN, '2026-03-02T16:00:00Z')).toThrow('This plan is already signed');
    expect(planVersionSchema.safeParse(plan).success).toBe(true);
  });

  it("records the client's signature once, on screen or on paper", () => {
    const plan = signedV1();
    expect(() => recordClientSignature(plan, { kind: 'on-screen', imageDataUrl: 'data:image/svg+xml;base64,PHN2Zz4=', at: '2026-03-02T15:05:00-06:00' })).toThrow(
      'The signature must be a PNG or JPEG image',
    );
    expect(() => recordClientSignature(plan, { kind: 'paper', date: '2026-03-01' })).toThrow('The client signature cannot be dated before the plan (2026-03-02)');
    const signed = recordClientSignature(plan, { kind: 'on-screen', imageDataUrl: 'data:image/png;base64,iVBORw0KGgo=', at: '2026-03-02T15:05:00-06:00' });
    expect(signed.participation.signature?.kind).toBe('on-screen');
    expect(() => recordClientSignature(signed, { kind: 'paper', date: '2026-03-03' })).toThrow('The client has already signed this version');
  });

  it('refuses ids that repeat within a plan', () => {
    const plan = draft();
    const twice = { ...plan, problems: [plan.problems[0]!, { ...plan.problems[1]!, id: 'id-1' }] };
    expect(planVersionSchema.safeParse(twice).error?.issues.map(englishIssue)).toEqual(['Ids must be unique within a plan']);
  });
});

/** Version 1's tree as the review editor would send it back, ids kept. */
function reviewed(v1: PlanVersion): ProblemInput[] {
  const [depression, alcohol] = v1.problems as [PlanVersion['problems'][0], PlanVersion['problems'][0]];
  const goal1 = depression.goals[0]!;
  const goal2 = alcohol.goals[0]!;
  const [coping] = goal1.objectives;
  const triggers = goal2.objectives[0]!;
  return [
    {
      ...depression,
      goals: [
        {
          ...goal1,
          targetDate: '2026-06-26',
          objectives: [
            { ...coping!, status: 'met', interventions: [{ ...coping!.interventions[0]!, sessionMinutes: 150 }] },
            // Moved from goal 2; the activity-log objective is dropped.
            triggers,
          ],
        },
      ],
    },
    {
      ...alcohol,
      statement: 'Alcohol use disorder, early remission',
      goals: [
        {
          ...goal2,
          objectives: [
            {
              statement: 'Attend two recovery meetings a week',
              targetDate: '2026-05-01',
              status: 'not-started',
              interventions: [{ type: 'group', description: 'Peer recovery support group', sessionMinutes: 90, frequency: { times: 2, per: 'week' }, durationWeeks: 8, staffIds: ['staff-3'] }],
            },
          ],
        },
      ],
    },
  ];
}

describe('reviews: version n + 1 and the diff', () => {
  it('produces version 2 as a draft, ids carried forward and new nodes given new ids', () => {
    const v1 = signedV1();
    const v2 = reviewPlan(v1, { reviewedOn: '2026-04-01', summary: 'Coping objective met; alcohol goal refocused', problems: reviewed(v1) }, counter('new'));
    expect([v2.version, v2.status, v2.effectiveOn, v2.clinicianSignature, v2.participation.clientParticipated]).toEqual([2, 'draft', '2026-04-01', null, null]);
    expect(v2.review).toEqual({ reviewedOn: '2026-04-01', summary: 'Coping objective met; alcohol goal refocused' });
    expect(planOutline(v2).map((n) => `${englishMessages([n.label])}=${n.id}`)).toEqual([
      'Problem 1=id-1',
      'Goal 1=id-2',
      'Objective 1.1=id-3',
      'Intervention 1.1.1=id-4',
      'Objective 1.2=id-9',
      'Intervention 1.2.1=id-10',
      'Problem 2=id-7',
      'Goal 2=id-8',
      'Objective 2.1=new-1',
      'Intervention 2.1.1=new-2',
    ]);
  });

  it('lists the differences in plain lines', () => {
    const v1 = signedV1();
    const v2 = reviewPlan(v1, { reviewedOn: '2026-04-01', summary: 'Review', problems: reviewed(v1) }, counter('new'));
    expect(diffPlans(v1, v2).map((c) => englishMessages([c.line]))).toEqual([
      'Problem 2 statement: "Alcohol use" → "Alcohol use disorder, early remission"',
      'Goal 1 target date: 2026-05-29 → 2026-06-26',
      'Objective 1.1 status: Not started → Met',
      'Objective 1.2 (was objective 2.1) moved from goal 2 to goal 1',
      'Added objective 2.1: "Attend two recovery meetings a week"',
      'Removed objective 1.2: "Complete a daily activity log"',
      'Intervention 1.1.1 session length: 180 min → 150 min',
      'Added intervention 2.1.1: "Peer recovery support group" (Group; 90 min; 2 times a week for 8 weeks)',
      'Removed intervention 1.2.1: "Behavioural activation"',
    ]);
    const status = diffPlans(v1, v2).find((c) => c.kind === 'status')!;
    expect(status).toMatchObject({ level: 'objective', id: 'id-3', from: { key: 'shared:objectiveStatuses.notStarted' }, to: { key: 'shared:objectiveStatuses.met' } });
  });

  it('carries the plan forward unchanged when the review changes nothing', () => {
    const v1 = signedV1();
    const v2 = reviewPlan(v1, { reviewedOn: '2026-04-01', summary: 'On track; no changes' });
    expect(v2.problems).toEqual(v1.problems);
    expect(diffPlans(v1, v2)).toEqual([]);
  });

  it('refuses a review of a draft, a review dated too early, one with no summary, or invented ids', () => {
    const v1 = signedV1();
    expect(() => reviewPlan(draft(), { reviewedOn: '2026-04-01', summary: 'x' })).toThrow('Only a signed plan can be reviewed: finish and sign the draft first');
    expect(() => reviewPlan(v1, { reviewedOn: '2026-03-01', summary: 'x' })).toThrow('The review cannot be dated before version 1 (2026-03-02)');
    expect(() => reviewPlan(v1, { reviewedOn: '2026-04-01', summary: ' ' })).toThrow('Summarise the review: progress, and why the plan changes or stays');
    const invented = reviewed(v1);
    invented[0]!.goals[0]!.id = 'nope';
    expect(() => reviewPlan(v1, { reviewedOn: '2026-04-01', summary: 'x', problems: invented })).toThrow('This plan has no goal with id "nope": leave the id out for a new goal');
    const wrongLevel = reviewed(v1);
    wrongLevel[0]!.goals[0]!.id = 'id-1';
    expect(() => reviewPlan(v1, { reviewedOn: '2026-04-01', summary: 'x', problems: wrongLevel })).toThrow('This plan has no goal with id "id-1"');
  });
});

describe('golden thread', () => {
  const note = (id: string, date: string, goalIds: string[]): ThreadNote => ({ id, date, goalIds, status: 'signed', summary: `Summary ${id}` });

  it('groups the notes since the review under each objective, and lists the rest', () => {
    const plan = signedV1();
    const thread = goldenThread(plan, [
      note('n2', '2026-03-10', ['id-3', 'id-9']),
      note('n1', '2026-03-05', ['id-3']),
      note('n0', '2026-02-27', ['id-3']),
      note('n3', '2026-03-12', []),
      note('n4', '2026-03-15', ['gone']),
    ]);
    expect(thread.since).toBe(START);
    expect(thread.objectives.map((o) => [englishMessages([o.label]), o.notes.map((n) => n.id), o.lastAddressedOn])).toEqual([
      ['Objective 1.1', ['n1', 'n2'], '2026-03-10'],
      ['Objective 1.2', [], null],
      ['Objective 2.1', ['n2'], '2026-03-10'],
    ]);
    expect(thread.unlinked.map((n) => n.id)).toEqual(['n3', 'n4']);
  });
});

describe('reviews due', () => {
  const v = (planId: string, version: number, status: 'draft' | 'signed', effectiveOn: string) => ({ planId, clientId: `c-${planId}`, episodeId: 'e', version, status, effectiveOn });

  it('dates the review on the practice cadence, 30 days by default', () => {
    expect(reviewDueOn({ effectiveOn: START })).toBe('2026-04-01');
    expect(reviewDueOn({ effectiveOn: START }, 90)).toBe('2026-05-31');
  });

  it('lists reviews coming due within a week and overdue ones, soonest first', () => {
    const plans = [v('a', 1, 'signed', START), v('b', 1, 'signed', '2026-02-20'), v('c', 1, 'signed', '2026-03-20')];
    expect(reviewsDue(plans, '2026-03-24')).toEqual([
      { planId: 'b', clientId: 'c-b', episodeId: 'e', version: 1, dueOn: '2026-03-22', status: 'overdue', daysOverdue: 2 },
    ]);
    expect(reviewsDue(plans, '2026-03-25').map((r) => [r.planId, r.status, r.daysOverdue])).toEqual([
      ['b', 'overdue', 3],
      ['a', 'due', -7],
    ]);
    expect(reviewsDue(plans, '2026-04-01', { cadenceDays: 90 })).toEqual([]);
  });

  it('counts a plan from its latest signed version, not a review still in draft', () => {
    const inReview = [v('a', 1, 'signed', START), v('a', 2, 'draft', '2026-04-01')];
    expect(reviewsDue(inReview, '2026-04-03').map((r) => [r.version, r.status])).toEqual([[1, 'overdue']]);
    const done = [...inReview, v('a', 2, 'signed', '2026-04-01')];
    expect(reviewsDue(done, '2026-04-03')).toEqual([]);
    expect(reviewsDue([v('d', 1, 'draft', START)], '2026-04-01').map((r) => r.dueOn)).toEqual(['2026-04-01']);
  });
});

describe('the date of a first plan', () => {
  it('can be set while version 1 is a draft, and is refused on a reviewed version', () => {
    const plan = createPlan({ planId: 'plan-date', clientId: 'client-1', episodeId: 'episode-1', effectiveOn: '2026-11-20' });
    expect(editPlan(plan, { effectiveOn: '2026-11-09' }).effectiveOn).toBe('2026-11-09');
    expect(() => editPlan(plan, { effectiveOn: '09/11/2026' })).toThrow(PlanRuleError);
    const reviewed = { ...plan, version: 2, review: { reviewedOn: '2026-12-20', summary: 'Synthetic' }, effectiveOn: '2026-12-20' };
    expect(() => editPlan(reviewed, { effectiveOn: '2026-12-01' })).toThrow('A reviewed version is dated by its review');
  });
});
