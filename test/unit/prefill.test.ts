import { describe, expect, it } from 'vitest';
import { applyPrefill, draftNote, editNote, groupTemplate, NoteRuleError, prefillNote, signAllReview, templateFor, untouchedCarriedFields } from '../../src/shared/notes';

const GIRP = groupTemplate('GIRP');
const SOURCES = { objectives: [], groupGoal: 'Synthetic group goal: use CBT skills for worry', groupPlan: 'Continue IOP as scheduled', interventions: 'Synthetic psychoeducation on the worry cycle' };
const blank = () => ({ fields: draftNote(GIRP).fields, goalIds: [] as string[], carried: {} as Record<string, string> });

describe('a member note started from the plan, the shared part and the group', () => {
  it('starts the goal from the treatment-plan objectives (linking them), the intervention from the shared part, the plan from the group', () => {
    const prefill = prefillNote(GIRP, { ...SOURCES, objectives: [{ id: 'obj-1', statement: 'Synthetic: sleep 7 hours' }, { id: 'obj-2', statement: ' ' }] });
    expect(prefill).toEqual({
      fields: { goal: 'Synthetic: sleep 7 hours', intervention: SOURCES.interventions, plan: SOURCES.groupPlan },
      sources: { goal: 'the treatment plan', intervention: 'the shared part', plan: "the group's plan" },
      goalIds: ['obj-1'],
    });
  });

  it("falls back to the group's goal, leaves out what has no source, and fills nothing observed in the session", () => {
    const prefill = prefillNote(GIRP, { ...SOURCES, groupPlan: '  ', interventions: '' });
    expect(prefill.fields).toEqual({ goal: SOURCES.groupGoal });
    expect(prefill.sources.goal).toBe("the group's goal");
    const all = prefillNote(GIRP, SOURCES).fields;
    for (const key of ['response', 'affect', 'risk', 'participation']) expect(all).not.toHaveProperty(key);
    // An individual note has a plan and an intervention but no group: nothing without a source.
    expect(prefillNote(templateFor('individual'), { objectives: [], groupGoal: '', groupPlan: '', interventions: '' }).fields).toEqual({});
  });

  it('marks what it fills as carried, so signing it untouched asks first; edited, it no longer is', () => {
    const started = applyPrefill(blank(), prefillNote(GIRP, SOURCES), {})!;
    expect(started.carried).toEqual({ goal: SOURCES.groupGoal, intervention: SOURCES.interventions, plan: SOURCES.groupPlan });
    const note = editNote(draftNote(GIRP), { fields: { ...started.fields, response: 'Synthetic response', affect: 'Euthymic', risk: 'Denied SI/HI when asked' }, carried: started.carried });
    expect(untouchedCarriedFields(note, GIRP)).toEqual(['Goal', 'Intervention', 'Plan']);
    expect(signAllReview([{ key: 'a', note }], GIRP).rows[0]!.carried).toEqual(['Goal', 'Intervention', 'Plan']);
    expect(untouchedCarriedFields(editNote(note, { fields: { plan: 'Synthetic: call the sponsor daily' } }), GIRP)).toEqual(['Goal', 'Intervention']);
  });

  it('replaces only blank fields or its own untouched text: a later shared part reaches the note, typed or copied text does not move', () => {
    const first = prefillNote(GIRP, { ...SOURCES, interventions: 'Synthetic first draft' });
    const started = applyPrefill(blank(), first, {})!;
    const later = prefillNote(GIRP, SOURCES);
    expect(applyPrefill(started, later, first.fields)!.fields.intervention).toBe(SOURCES.interventions);
    const typed = { ...started, fields: { ...started.fields, intervention: 'Synthetic first draft, and role-play' } };
    expect(applyPrefill(typed, later, first.fields)).toBeNull();
    const copied = { ...started, fields: { ...started.fields, plan: 'Synthetic plan from the last note' }, carried: { ...started.carried, plan: 'Synthetic plan from the last note' } };
    expect(applyPrefill(copied, prefillNote(GIRP, { ...SOURCES, groupPlan: 'Synthetic new group plan' }), later.fields)).toBeNull();
  });

  it('refuses to record a prefill into a field that is observed each session', () => {
    expect(() => editNote(draftNote(GIRP), { carried: { response: 'x' } })).toThrow(new NoteRuleError('Participation and response is never carried forward'));
    expect(editNote(draftNote(GIRP), { carried: { intervention: 'x' } }).carried).toEqual({ intervention: 'x' });
  });
});
