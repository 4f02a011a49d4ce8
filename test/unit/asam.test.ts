import { describe, expect, it } from 'vitest';
import {
  changedDimensions,
  completeAssessment,
  daysAtEachLevel,
  DEFAULT_PLACEMENT_RULES,
  levelHistory,
  placementRulesSchema,
  recommendLevel,
  startReassessment,
  type AsamDimension,
  type AsamRatings,
  type AssessmentInput,
} from '../../src/shared/asam';
import { admit, changeLevel, dischargeEpisode } from '../../src/shared/episodes';
import { englishIssue } from '../../src/shared/messages';

const ratings = (values: Partial<Record<AsamDimension, number>>): AsamRatings => ({
  withdrawal: { rating: values.withdrawal ?? 0, notes: '' },
  biomedical: { rating: values.biomedical ?? 0, notes: '' },
  emotional: { rating: values.emotional ?? 0, notes: '' },
  readiness: { rating: values.readiness ?? 0, notes: '' },
  relapse: { rating: values.relapse ?? 0, notes: '' },
  environment: { rating: values.environment ?? 0, notes: '' },
});

const CLINICIAN = { staffId: 'staff-synthetic-1', name: 'Synthetic Asdfgh', credentials: 'LCADC' };

const input = (changes: Partial<AssessmentInput> = {}): AssessmentInput => ({
  clientId: 'client-synthetic-1',
  episodeId: 'episode-1',
  occasion: 'admission',
  on: '2026-02-02',
  ratings: ratings({ relapse: 2, environment: 2, readiness: 1 }),
  actual: 'iop',
  assessedBy: CLINICIAN,
  ...changes,
});

describe('the recommended level, from rules that are data', () => {
  it('the default table: the first rule that holds, most intensive first', () => {
    expect(recommendLevel(ratings({}), DEFAULT_PLACEMENT_RULES).level).toBe('outpatient');
    expect(recommendLevel(ratings({ relapse: 2 }), DEFAULT_PLACEMENT_RULES).level).toBe('outpatient');
    expect(recommendLevel(ratings({ relapse: 2, environment: 2 }), DEFAULT_PLACEMENT_RULES).level).toBe('iop');
    expect(recommendLevel(ratings({ relapse: 3, environment: 3 }), DEFAULT_PLACEMENT_RULES).level).toBe('php');
    expect(recommendLevel(ratings({ withdrawal: 4, relapse: 3, environment: 3 }), DEFAULT_PLACEMENT_RULES)).toEqual({
      level: 'inpatient',
      because: 'Severe risk in withdrawal, biomedical or emotional conditions needs 24-hour care',
      rules: 'Waypoint simplified placement table 1 (not the ASAM CONTINUUM algorithm)',
    });
  });

  it('changing the table changes the recommendation, with no change of code', () => {
    const answers = ratings({ relapse: 2, environment: 2 });
    expect(recommendLevel(answers, DEFAULT_PLACEMENT_RULES).level).toBe('iop');
    const stricter = placementRulesSchema.parse({
      ...DEFAULT_PLACEMENT_RULES,
      name: 'Synthetic practice table',
      // Partial hospitalisation already at moderate relapse risk and a moderately unsafe environment.
      rules: DEFAULT_PLACEMENT_RULES.rules.map((rule) => (rule.level === 'php' ? { ...rule, anyOf: [...rule.anyOf, { dimensions: ['relapse', 'environment'], atLeast: 2, count: 2 }] } : rule)),
    });
    expect(recommendLevel(answers, stricter)).toMatchObject({ level: 'php', rules: 'Synthetic practice table' });
    const lenient = placementRulesSchema.parse({ ...DEFAULT_PLACEMENT_RULES, rules: [], otherwise: { level: 'outpatient', because: 'Synthetic: always outpatient' } });
    expect(recommendLevel(ratings({ withdrawal: 4 }), lenient).level).toBe('outpatient');
  });

  it('refuses a table that could not work, with the reason', () => {
    const result = placementRulesSchema.safeParse({ ...DEFAULT_PLACEMENT_RULES, rules: [{ level: 'iop', anyOf: [{ dimensions: ['relapse'], atLeast: 2, count: 2 }], because: 'x' }] });
    expect(result.error?.issues.map(englishIssue)).toEqual(['The count cannot exceed the number of dimensions']);
    expect(placementRulesSchema.safeParse({ ...DEFAULT_PLACEMENT_RULES, otherwise: { level: 'detox', because: 'x' } }).error?.issues.map(englishIssue)[0]).toBe('Choose a level of care');
  });
});

describe('an assessment', () => {
  it('stores the recommendation of the rules in force and the actual level', () => {
    const assessment = completeAssessment(input(), DEFAULT_PLACEMENT_RULES);
    expect(assessment.recommended.level).toBe('iop');
    expect(assessment.actual).toBe('iop');
  });

  it('needs the reason when the actual level differs from the recommended one', () => {
    expect(() => completeAssessment(input({ actual: 'outpatient' }), DEFAULT_PLACEMENT_RULES)).toThrow('Give the reason the level of care differs from the recommended one');
    const chosen = completeAssessment(input({ actual: 'outpatient', differenceReason: 'No IOP within reach of the client’s town; weekly sessions plus telehealth' }), DEFAULT_PLACEMENT_RULES);
    expect(chosen).toMatchObject({ recommended: { level: 'iop' }, actual: 'outpatient' });
  });

  it('refuses a rating outside 0–4 by naming the dimension', () => {
    expect(() => completeAssessment(input({ ratings: { ...ratings({}), relapse: { rating: 5, notes: '' } } }), DEFAULT_PLACEMENT_RULES)).toThrow('5. Relapse, continued use or continued problem potential: A rating is 0 to 4');
  });

  it('a review starts from the previous answers, and shows what changed', () => {
    const first = completeAssessment(input({ ratings: { ...ratings({ relapse: 2, environment: 2 }), relapse: { rating: 2, notes: 'Synthetic note on cravings' } } }), DEFAULT_PLACEMENT_RULES);
    const draft = startReassessment(first, '2026-03-02', CLINICIAN);
    expect(draft).toMatchObject({ occasion: 'review', on: '2026-03-02', actual: 'iop', differenceReason: '' });
    expect(draft.ratings).toEqual(first.ratings);
    draft.ratings.relapse.rating = 1;
    expect(first.ratings.relapse.rating).toBe(2);
    const review = completeAssessment({ ...draft, actual: 'outpatient' }, DEFAULT_PLACEMENT_RULES);
    expect(review.recommended.level).toBe('outpatient');
    expect(changedDimensions(first.ratings, review.ratings)).toEqual([{ dimension: 'relapse', from: 2, to: 1 }]);
    expect(() => startReassessment(first, '2026-01-01', CLINICIAN)).toThrow('A review cannot be dated before the previous assessment (2026-02-02)');
  });
});

describe('days at each level of care', () => {
  const episode = changeLevel(
    changeLevel(admit({ clientId: 'client-synthetic-1', programId: 'p', trackId: 't', admittedOn: '2026-02-02', level: 'php' }), { on: '2026-02-16', to: 'iop', reason: 'Stepped down' }),
    { on: '2026-03-16', to: 'outpatient', reason: 'Stepped down' },
  );

  it('counts each level from its start to the day before the next change, and the last up to today', () => {
    expect(levelHistory(episode, '2026-03-20')).toEqual([
      { level: 'php', from: '2026-02-02', to: '2026-02-15', days: 14 },
      { level: 'iop', from: '2026-02-16', to: '2026-03-15', days: 28 },
      { level: 'outpatient', from: '2026-03-16', to: '2026-03-20', days: 5 },
    ]);
    expect(daysAtEachLevel(episode, '2026-03-20')).toEqual({ outpatient: 5, iop: 28, php: 14, inpatient: 0 });
  });

  it('stops at the discharge, and leaves out what has not started yet', () => {
    const discharged = dischargeEpisode(episode, { on: '2026-03-31', reason: 'completed', aftercare: {} });
    expect(daysAtEachLevel(discharged, '2026-12-31')).toEqual({ outpatient: 16, iop: 28, php: 14, inpatient: 0 });
    expect(levelHistory(episode, '2026-02-20')).toEqual([
      { level: 'php', from: '2026-02-02', to: '2026-02-15', days: 14 },
      { level: 'iop', from: '2026-02-16', to: '2026-02-20', days: 5 },
    ]);
  });

  it('a change on the day of admission leaves no empty span', () => {
    const sameDay = changeLevel(admit({ clientId: 'c', programId: 'p', trackId: 't', admittedOn: '2026-02-02', level: 'php' }), { on: '2026-02-02', to: 'iop', reason: 'Synthetic' });
    expect(levelHistory(sameDay, '2026-02-03')).toEqual([{ level: 'iop', from: '2026-02-02', to: '2026-02-03', days: 2 }]);
  });
});
