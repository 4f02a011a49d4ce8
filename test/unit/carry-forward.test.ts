import { englishMessage as english } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import {
  NEVER_CARRIED_FORWARD,
  NoteRuleError,
  TEMPLATES,
  carryForward,
  draftNote,
  editNote,
  facilitatorCheck,
  groupTemplate,
  noteState,
  noteTemplateSchema,
  signAllReview,
  templateFor,
  untouchedCarriedFields,
} from '../../src/shared/notes';

const GIRP = groupTemplate('GIRP');
const LAST = {
  goal: 'Synthetic goal: two coping skills',
  intervention: 'Synthetic intervention',
  response: 'Synthetic response last week',
  plan: 'Synthetic plan: continue IOP',
  participation: 'Participated when prompted',
  affect: 'Anxious',
  risk: 'No risk indicators observed',
};

describe('copy forward as data', () => {
  it('never carries risk, response or affect in any template, and every template says which fields carry', () => {
    for (const template of Object.values(TEMPLATES)) {
      for (const field of template.fields) if (NEVER_CARRIED_FORWARD.includes(field.key)) expect(field.carryForward, `${template.id} ${field.key}`).toBe(false);
    }
    expect(GIRP.fields.filter((f) => f.carryForward).map((f) => f.key)).toEqual(['goal', 'plan']);
  });

  it('rejects a template that would carry risk forward', () => {
    const bad = { ...GIRP, fields: GIRP.fields.map((f) => (f.key === 'risk' ? { ...f, carryForward: true } : f)) };
    const result = noteTemplateSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Risk observations is observed in each session and is never carried forward');
  });

  it('copies only the carried fields, leaving Risk, Response and Affect empty, and marks them until edited', () => {
    const change = carryForward(GIRP, { fields: LAST });
    expect(change.fields).toEqual({ goal: LAST.goal, plan: LAST.plan });
    const note = editNote(draftNote(GIRP), change);
    expect(note.fields['risk']).toBe('');
    expect(note.fields['response']).toBe('');
    expect(note.fields['affect']).toBe('');
    expect(untouchedCarriedFields(note, GIRP)).toEqual(['Goal', 'Plan']);
    const edited = editNote(note, { fields: { plan: `${LAST.plan}; review next week` } });
    expect(untouchedCarriedFields(edited, GIRP)).toEqual(['Goal']);
  });

  it('leaves out blank carried fields and carries medications without what changed', () => {
    const psychiatric = templateFor('psychiatric');
    const change = carryForward(psychiatric, { fields: { plan: '  ' }, medications: [{ name: 'Synthetamine', dose: '10 mg', frequency: 'daily', change: 'increased' }] });
    expect(change.fields).toEqual({});
    expect(change.medications).toEqual([{ name: 'Synthetamine', dose: '10 mg', frequency: 'daily' }]);
  });

  it('refuses to record a never-carried field as carried', () => {
    expect(() => editNote(draftNote(GIRP), { carried: { risk: 'x' } })).toThrow(new NoteRuleError('Risk observations is never carried forward'));
  });
});

describe('signing checks', () => {
  it('warns or refuses a signer who did not facilitate, per the practice setting', () => {
    expect(facilitatorCheck('staff-a', ['staff-a', 'staff-b'], 'refuse')).toEqual({ kind: 'ok' });
    expect(facilitatorCheck('staff-c', ['staff-a'], 'warn').kind).toBe('warn');
    expect(facilitatorCheck('staff-c', ['staff-a'], 'refuse').kind).toBe('refuse');
  });

  it('names each note’s state and what it lacks; only ready notes are signed by sign-all', () => {
    const ready = editNote(draftNote(GIRP), { fields: LAST });
    const draft = editNote(draftNote(GIRP), { fields: { ...LAST, risk: '', affect: ' ' } });
    const carried = editNote(draftNote(GIRP), { ...carryForward(GIRP, { fields: LAST }), fields: { ...LAST } });
    const review = signAllReview(
      [
        { key: 'a', note: ready },
        { key: 'b', note: draft },
        { key: 'c', note: undefined },
        { key: 'd', note: carried },
      ],
      GIRP,
    );
    expect(review.ready).toEqual(['a', 'd']);
    expect(review.rows.map((r) => r.state)).toEqual(['ready', 'draft', 'not-started', 'ready']);
    expect(review.rows[1]!.missing.map(english)).toEqual(['Affect / mental status', 'Risk observations']);
    expect(review.rows[2]!.missing).toHaveLength(6);
    expect(review.rows[3]!.carried).toEqual(['Goal', 'Plan']);
    expect(noteState(undefined, GIRP)).toBe('not-started');
  });
});
