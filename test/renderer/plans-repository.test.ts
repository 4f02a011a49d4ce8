import { englishMessages } from '../../src/shared/messages';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { PlansRepository } from '../../src/renderer/src/repositories/plans';
import { diffPlans, type ProblemInput } from '../../src/shared/plans';
import { testKeySource } from './support/keys';

let counter = 0;
const CLINICIAN = { staffId: 'staff-1', name: 'Synthetic Clinician', credentials: 'LCSW' };
const TREE: ProblemInput[] = [
  {
    statement: 'Synthetic problem Wobblethorpe: low mood most days',
    diagnosisCodes: ['F33.1'],
    goals: [
      {
        statement: 'Mood improves',
        measuredBy: 'PHQ-9 below 10',
        targetDate: '2026-12-31',
        objectives: [
          {
            statement: 'Uses two coping skills when distressed',
            targetDate: '2026-12-15',
            status: 'not-started',
            interventions: [{ type: 'group', description: 'CBT skills group', sessionMinutes: 180, frequency: { times: 3, per: 'week' }, durationWeeks: 6, staffIds: ['staff-1'] }],
          },
        ],
      },
    ],
  },
];

describe('treatment plans repository (RxDB + fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let plans: PlansRepository;

  beforeEach(async () => {
    db = await openDatabase({ name: `plans-${++counter}-${crypto.randomUUID()}`, validate: true });
    plans = new PlansRepository(db.plans, await testKeySource());
  });
  afterEach(async () => {
    await db.remove();
  });

  it('writes, signs and reviews a plan: version 2 keeps the ids, supersedes version 1, and the diff names what changed', async () => {
    const v1 = await plans.create('client-a', 'episode-a', '2026-11-02');
    await expect(plans.create('client-a', 'episode-a', '2026-11-03')).rejects.toThrow('already has a treatment plan');
    await plans.saveDraft(v1.id, { problems: TREE });
    await expect(plans.sign(v1.id, CLINICIAN, '2026-11-02T16:00:00.000Z')).rejects.toThrow('Record whether the client took part in planning');
    await plans.saveDraft(v1.id, { participation: { clientParticipated: true, clientWords: 'Synthetic words' } });
    const signed = await plans.sign(v1.id, CLINICIAN, '2026-11-02T16:00:00.000Z');
    expect(signed).toMatchObject({ status: 'signed', data: { clinicianSignature: { name: 'Synthetic Clinician' } } });
    await expect(plans.saveDraft(v1.id, { problems: [] })).rejects.toThrow('A signed plan cannot be changed');

    const objectiveId = signed.data.problems[0]!.goals[0]!.objectives[0]!.id;
    expect(await plans.objectivesFor('client-a')).toEqual([{ id: objectiveId, label: { key: 'shared:plans.outline.objective', values: { number: '1.1' } }, statement: 'Uses two coping skills when distressed' }]);

    const v2 = await plans.review(v1.id, { reviewedOn: '2026-12-02', summary: 'Synthetic review: progressing' });
    expect(v2).toMatchObject({ status: 'draft', date: '2026-12-02', data: { version: 2 } });
    const carried = v2.data.problems.map((p) => ({ ...p, goals: p.goals.map((g) => ({ ...g, objectives: g.objectives.map((o) => ({ ...o, status: 'progressing' as const, targetDate: '2027-01-15' })) })) }));
    await plans.saveDraft(v2.id, { problems: carried, participation: { clientParticipated: true } });
    const v2signed = await plans.sign(v2.id, CLINICIAN, '2026-12-02T16:00:00.000Z');
    expect(v2signed.data.problems[0]!.goals[0]!.objectives[0]!.id).toBe(objectiveId);
    expect((await plans.get(v1.id))?.status).toBe('superseded');
    expect(diffPlans(signed.data, v2signed.data).map((c) => englishMessages([c.line]))).toEqual(expect.arrayContaining([expect.stringContaining('Objective 1.1')]));
    expect((await firstValueFrom(plans.forClient$('client-a'))).map((p) => [p.data.version, p.status])).toEqual([
      [2, 'signed'],
      [1, 'superseded'],
    ]);
  });

  it('keeps plan content sealed: only ids, status and dates are plaintext', async () => {
    const v1 = await plans.create('client-a', 'episode-a', '2026-11-02');
    await plans.saveDraft(v1.id, { problems: TREE });
    const raw = JSON.stringify((await db.plans.find().exec()).map((d) => d.toJSON()));
    for (const secret of ['Wobblethorpe', 'F33.1', 'PHQ-9 below 10', 'CBT skills']) expect(raw).not.toContain(secret);
    expect(raw).toContain('"status":"draft"');
  });

  it('records the client signature once, on paper or on screen, never before the plan date', async () => {
    const v1 = await plans.create('client-a', 'episode-a', '2026-11-02');
    await expect(plans.recordClientSignature(v1.id, { kind: 'paper', date: '2026-11-01' })).rejects.toThrow('cannot be dated before the plan');
    await plans.recordClientSignature(v1.id, { kind: 'paper', date: '2026-11-03' });
    await expect(plans.recordClientSignature(v1.id, { kind: 'paper', date: '2026-11-04' })).rejects.toThrow('already signed');
    expect((await plans.get(v1.id))?.data.participation.signature).toEqual({ kind: 'paper', date: '2026-11-03' });
  });
});
