import { describe, expect, it } from 'vitest';
import { createPlan, editPlan, libraryEntryFrom, planLibrarySchema, problemFromLibrary, STARTER_PLAN_LIBRARY } from '../../src/shared/plans';
import { DEFAULT_PRACTICE_SETTINGS, practiceSettingsSchema } from '../../src/shared/settings';

const depressed = STARTER_PLAN_LIBRARY.find((e) => e.id === 'starter-depressed-mood')!;

describe('the plan library', () => {
  it('ships a valid starter set for depression and anxiety, substance use and trauma, as the default setting', () => {
    expect(planLibrarySchema.parse(STARTER_PLAN_LIBRARY)).toEqual(STARTER_PLAN_LIBRARY);
    expect(new Set(STARTER_PLAN_LIBRARY.map((e) => e.topic))).toEqual(new Set(['depression-anxiety', 'substance-use', 'trauma', 'general']));
    expect(new Set(STARTER_PLAN_LIBRARY.map((e) => e.id)).size).toBe(STARTER_PLAN_LIBRARY.length);
    expect(practiceSettingsSchema.parse(DEFAULT_PRACTICE_SETTINGS).planLibrary).toEqual(STARTER_PLAN_LIBRARY);
  });

  it('copies only the picked objectives, leaves dates and staff to the clinician, and makes a valid plan problem', () => {
    const problem = problemFromLibrary(depressed, { objectives: { 0: [1] } });
    expect(problem.statement).toBe(depressed.problem);
    expect(problem.goals).toHaveLength(1);
    expect(problem.goals[0]!.objectives.map((o) => o.statement)).toEqual([depressed.goals[0]!.objectives[1]!.statement]);
    expect(problem.goals[0]!.targetDate).toBe('');
    expect(problem.goals[0]!.objectives[0]!.interventions.every((i) => i.staffIds.length === 0 && i.durationWeeks === 6)).toBe(true);
    expect(problemFromLibrary(depressed, { objectives: {} }).goals).toEqual([]);
    // It goes into a plan like a typed problem, and editing the copy leaves the library alone.
    const plan = editPlan(createPlan({ planId: 'plan-1', clientId: 'client-1', episodeId: 'episode-1', effectiveOn: '2026-03-01' }), { problems: [problemFromLibrary(depressed)] });
    plan.problems[0]!.goals[0]!.objectives[0]!.statement = 'Edited for this client';
    expect(depressed.goals[0]!.objectives[0]!.statement).not.toBe('Edited for this client');
  });

  it('saves a plan problem back as a library entry, keeping goals, objectives and described interventions', () => {
    const problem = problemFromLibrary(depressed);
    problem.goals[0]!.objectives[0]!.interventions.push({ type: 'individual', description: '  ', sessionMinutes: null, frequency: null, durationWeeks: null, staffIds: [] });
    const entry = libraryEntryFrom(problem, 'depression-anxiety', 'practice-1');
    expect(entry).toEqual({ ...depressed, id: 'practice-1' });
    expect(() => libraryEntryFrom({ ...problem, statement: '' }, 'trauma', 'practice-2')).toThrow('The problem is required');
  });
});
