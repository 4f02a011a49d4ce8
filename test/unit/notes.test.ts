import { englishIssue, englishMessage as english } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import { NOTE_FORMATS } from '../../src/shared/settings';
import type { Note, NoteStatus, NoteTemplate, Reviewer, Signer } from '../../src/shared/notes';
import {
  psychiatricBilling,
  NoteRuleError,
  TEMPLATES,
  TEMPLATE_IDS,
  assertEditable,
  cosignNote,
  createAddendum,
  draftNote,
  editNote,
  groupTemplate,
  isOverdue,
  isSignedFinal,
  missingRequiredFields,
  noteAgeBusinessDays,
  noteSchema,
  noteTemplateSchema,
  shownFields,
  returnNote,
  signNote,
  templateFor,
} from '../../src/shared/notes';

const AT = '2026-03-02T16:30:00Z';
const LATER = '2026-03-03T09:15:00-05:00';

const LICENSED: Signer = { staffId: 'staff-synthetic-licensed', name: 'Synthetic Qwerty', credentials: 'LCSW', needsCosignature: false };
const ASSOCIATE: Signer = { staffId: 'staff-synthetic-associate', name: 'Synthetic Asdfgh', credentials: 'LPC-Associate', needsCosignature: true };
const SUPERVISOR: Reviewer = { staffId: 'staff-synthetic-supervisor', name: 'Synthetic Zxcvbn', credentials: 'PsyD', needsCosignature: false, role: 'supervisor' };
const ADMINISTRATOR: Reviewer = { staffId: 'staff-synthetic-admin', name: 'Synthetic Poiuyt', credentials: 'LPC', needsCosignature: false, role: 'administrator' };
const CLINICIAN: Reviewer = { ...LICENSED, role: 'clinician' };

const GIRP = groupTemplate('GIRP');

function completeGirp(): Note {
  return editNote(draftNote(GIRP), {
    fields: {
      goal: 'Use two coping skills when anxious',
      intervention: 'Taught and rehearsed DBT distress-tolerance skills',
      response: 'Practised the skill in session with good understanding',
      plan: 'Continue IOP as scheduled',
      participation: 'Participated when prompted',
      affect: 'Anxious',
      risk: 'No risk indicators observed',
    },
    goalIds: ['objective-synthetic-1'],
  });
}

/** A note in each status, reached through the real transitions. */
function noteIn(status: NoteStatus): Note {
  const note = completeGirp();
  if (status === 'draft') return note;
  if (status === 'signed') return signNote(note, GIRP, LICENSED, AT);
  const pending = signNote(note, GIRP, ASSOCIATE, AT);
  if (status === 'pending-cosign') return pending;
  if (status === 'returned') return returnNote(pending, SUPERVISOR, 'Add the objective addressed', LATER);
  return cosignNote(pending, SUPERVISOR, LATER);
}

const ALL_STATUSES: NoteStatus[] = ['draft', 'signed', 'pending-cosign', 'returned', 'cosigned'];

describe('templates', () => {
  it.each(TEMPLATE_IDS)('ships a valid %s template under its own id', (id) => {
    const template = templateFor(id);
    expect(template.id).toBe(id);
    expect(noteTemplateSchema.safeParse(template).error?.issues).toBeUndefined();
  });

  it('ships exactly one template per id', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...TEMPLATE_IDS].sort());
  });

  it.each([
    ['GIRP', ['Goal', 'Intervention', 'Participation and response', 'Affect / mental status', 'Risk observations', 'Plan', 'Participation']],
    ['DAP', ['Data', 'Assessment', 'Participation', 'Affect / mental status', 'Risk observations', 'Plan']],
    ['BIRP', ['Behaviour', 'Intervention', 'Participation and response', 'Affect / mental status', 'Risk observations', 'Plan', 'Participation']],
    ['SOAP', ['Subjective', 'Objective', 'Assessment', 'Participation', 'Affect / mental status', 'Risk observations', 'Plan']],
  ] as const)('lays out %s as its format with the per-member fields before the plan (participation joins a Response field)', (format, labels) => {
    expect(groupTemplate(format).fields.map((f) => f.label)).toEqual(labels);
  });

  it('keeps Participation, where it merged into the response, only for earlier notes: optional and shown only when it holds text', () => {
    const participation = GIRP.fields.find((f) => f.key === 'participation')!;
    expect(participation).toMatchObject({ earlier: true, required: false });
    expect(shownFields(GIRP, { participation: '' }).map((f) => f.key)).not.toContain('participation');
    expect(shownFields(GIRP, { participation: 'Participated when prompted' }).map((f) => f.key)).toContain('participation');
    expect(shownFields(groupTemplate('DAP'), {}).map((f) => f.key)).toContain('participation');
  });

  it('defines the per-member fields once and composes them into every group format', () => {
    const [first, ...others] = NOTE_FORMATS.map((format) => groupTemplate(format).fields.filter((f) => ['affect', 'risk', 'plan'].includes(f.key)));
    for (const fields of others) fields.forEach((field, i) => expect(field).toBe(first?.[i]));
  });

  it('starts the goal, intervention and plan from elsewhere, never what is observed in the session', () => {
    expect(GIRP.fields.filter((f) => f.prefill !== null).map((f) => [f.key, f.prefill])).toEqual([
      ['goal', 'goal'],
      ['intervention', 'interventions'],
      ['plan', 'plan'],
    ]);
    expect(noteTemplateSchema.safeParse({ ...GIRP, fields: GIRP.fields.map((f) => (f.key === 'risk' ? { ...f, prefill: 'plan' } : f)) }).error?.issues[0]?.message).toBe('Risk observations is observed in each session and is never carried forward');
  });

  it.each(NOTE_FORMATS)('gives every %s field 4 to 8 quick picks and requires it (but one kept for earlier notes)', (format) => {
    for (const field of groupTemplate(format).fields.filter((f) => !f.earlier)) {
      expect(field.quickPicks.length, field.label).toBeGreaterThanOrEqual(4);
      expect(field.quickPicks.length, field.label).toBeLessThanOrEqual(8);
      expect(field.required, field.label).toBe(true);
    }
  });

  it('offers the quick picks named in the brief', () => {
    const fields = Object.fromEntries(GIRP.fields.map((f) => [f.key, f]));
    expect(fields.participation?.quickPicks).toEqual(expect.arrayContaining(['Actively participated and offered support to peers', 'Participated when prompted', 'Attentive but quiet']));
    expect(fields.affect?.quickPicks).toEqual(expect.arrayContaining(['Euthymic', 'Anxious', 'Constricted', 'Tearful at times']));
  });

  it.each(TEMPLATE_IDS)('makes risk a required choice in %s, never a default', (id) => {
    const template = templateFor(id);
    const risk = template.fields.find((f) => f.key === 'risk');
    expect(risk?.required).toBe(true);
    expect(risk?.quickPicks).toContain('No risk indicators observed');
    expect(draftNote(template).fields.risk).toBe('');
  });

  it('gives only the psychiatric template a medication list', () => {
    expect(TEMPLATE_IDS.filter((id) => templateFor(id).medications)).toEqual(['psychiatric']);
  });

  describe('the template validator', () => {
    const valid: NoteTemplate = { id: 'individual', label: 'Synthetic', fields: [GIRP.fields[0]!, GIRP.fields[1]!], medications: false };
    const messages = (template: unknown) => noteTemplateSchema.safeParse(template).error?.issues.map((i) => i.message);

    it('accepts a well-formed template', () => {
      expect(messages(valid)).toBeUndefined();
    });

    it.each([
      ['a repeated field key', { fields: [GIRP.fields[0], GIRP.fields[0]] }, 'Field keys must be unique: "goal" appears twice'],
      ['an empty field label', { fields: [{ ...GIRP.fields[0], label: '  ' }] }, 'Every field needs a label'],
      ['an empty template label', { label: '' }, 'A template needs a label'],
      ['no fields', { fields: [] }, 'A template needs at least one field'],
      ['an unknown id', { id: 'crisis' }, `The template must be one of ${TEMPLATE_IDS.join(', ')}`],
      ['a key that is not one camelCase word', { fields: [{ ...GIRP.fields[0], key: 'Goal text' }] }, 'A field key is one camelCase word'],
      ['nine quick picks', { fields: [{ ...GIRP.fields[0], quickPicks: Array.from({ length: 9 }, (_, i) => `Pick ${i}`) }] }, 'At most 8 quick picks per field'],
      ['a repeated quick pick', { fields: [{ ...GIRP.fields[0], quickPicks: ['Same', 'Same'] }] }, 'Goal has a repeated quick pick'],
      ['an empty quick pick', { fields: [{ ...GIRP.fields[0], quickPicks: [' '] }] }, 'A quick pick cannot be empty'],
    ])('rejects %s', (_, change, message) => {
      expect(messages({ ...valid, ...change })).toEqual([message]);
    });
  });
});

describe('drafting and editing', () => {
  it('starts a draft with every field blank and no goals', () => {
    expect(draftNote(GIRP)).toEqual({
      templateId: 'GIRP',
      fields: { goal: '', intervention: '', response: '', plan: '', participation: '', affect: '', risk: '' },
      goalIds: [],
      status: 'draft',
    });
    expect(draftNote(templateFor('psychiatric')).medications).toEqual([]);
  });

  it('merges changed fields, keeps the rest and drops repeated goals', () => {
    const note = editNote(completeGirp(), { fields: { plan: 'Refer to psychiatry for medication review' }, goalIds: ['objective-synthetic-1', 'objective-synthetic-2', 'objective-synthetic-1'] });
    expect(note.fields.plan).toBe('Refer to psychiatry for medication review');
    expect(note.fields.goal).toBe('Use two coping skills when anxious');
    expect(note.goalIds).toEqual(['objective-synthetic-1', 'objective-synthetic-2']);
  });

  it('does not change the note it was given', () => {
    const note = draftNote(GIRP);
    editNote(note, { fields: { goal: 'Changed' } });
    expect(note.fields.goal).toBe('');
  });

  it('keeps a half-typed medication row in a draft', () => {
    const note = editNote(draftNote(templateFor('psychiatric')), { medications: [{ name: 'Synthetimab', dose: '', frequency: '' }] });
    expect(note.medications).toEqual([{ name: 'Synthetimab', dose: '', frequency: '' }]);
  });

  it.each([
    [{ fields: { mood: 'x' } }, 'The GIRP (Goal, Intervention, Response, Plan) template has no field "mood"'],
    [{ fields: { plan: 'x'.repeat(10_001) } }, 'Plan is at most 10000 characters'],
    [{ medications: [{ name: 'Synthetimab', dose: '10 mg', frequency: 'daily' }] }, 'The GIRP (Goal, Intervention, Response, Plan) template has no medication list'],
  ])('refuses the change %#', (change, message) => {
    expect(() => editNote(draftNote(GIRP), change)).toThrow(new NoteRuleError(message));
  });

  it('refuses an unknown medication change', () => {
    const change = { medications: [{ name: 'Synthetimab', dose: '10 mg', frequency: 'daily', change: 'doubled' }] } as never;
    expect(() => editNote(draftNote(templateFor('psychiatric')), change)).toThrow(
      new NoteRuleError('The change must be one of started, continued, increased, decreased, stopped'),
    );
  });

  it.each([
    ['draft', null],
    ['returned', null],
    ['signed', 'A signed note cannot be changed: add an addendum'],
    ['cosigned', 'A signed note cannot be changed: add an addendum'],
    ['pending-cosign', 'A note awaiting co-signature cannot be changed: ask the supervisor to return it'],
  ] as const)('a %s note: editable unless refused with %s', (status, message) => {
    const note = noteIn(status);
    if (message === null) {
      expect(() => assertEditable(note)).not.toThrow();
      expect(editNote(note, { fields: { plan: 'Edited' } }).fields.plan).toBe('Edited');
    } else {
      expect(() => assertEditable(note)).toThrow(new NoteRuleError(message));
      expect(() => editNote(note, { fields: { plan: 'Edited' } })).toThrow(new NoteRuleError(message));
    }
  });
});

describe('missing required fields', () => {
  it('lists every required label of an empty draft, in order', () => {
    expect(missingRequiredFields(draftNote(GIRP), GIRP).map(english)).toEqual(['Goal', 'Intervention', 'Participation and response', 'Affect / mental status', 'Risk observations', 'Plan']);
  });

  it('counts whitespace and absent keys as empty', () => {
    const note = completeGirp();
    const rest = Object.fromEntries(Object.entries(note.fields).filter(([key]) => key !== 'plan'));
    expect(missingRequiredFields({ ...note, fields: { ...rest, response: ' \n\t' } }, GIRP).map(english)).toEqual(['Participation and response', 'Plan']);
    expect(missingRequiredFields(note, GIRP).map(english)).toEqual([]);
  });

  it('ignores optional fields', () => {
    const template: NoteTemplate = { ...GIRP, fields: GIRP.fields.map((f) => ({ ...f, required: f.key === 'plan' })) };
    expect(missingRequiredFields(draftNote(template), template).map(english)).toEqual(['Plan']);
    const psychiatric = templateFor('psychiatric');
    expect(missingRequiredFields(draftNote(psychiatric), psychiatric).map(english)).not.toContain('Adherence and side effects');
  });

  it('names each incomplete part of each medication row', () => {
    const psychiatric = templateFor('psychiatric');
    const note = editNote(draftNote(psychiatric), {
      medications: [
        { name: 'Synthetimab', dose: '10 mg', frequency: 'daily', change: 'started' },
        { name: 'Fictivoxetine', dose: ' ', frequency: '' },
      ],
    });
    expect(missingRequiredFields(note, psychiatric).slice(-3).map(english)).toEqual(['Medication 2 dose', 'Medication 2 frequency', 'Medication 2 change']);
  });
});

describe('signing', () => {
  it('signs the complete draft of a licensed author as final, with name, credentials and time', () => {
    const signed = signNote(completeGirp(), GIRP, LICENSED, AT);
    expect(signed.status).toBe('signed');
    expect(signed.signature).toEqual({ by: LICENSED.staffId, name: 'Synthetic Qwerty', credentials: 'LCSW', at: AT });
    expect(isSignedFinal(signed)).toBe(true);
  });

  it('sends the note of a pre-licensed author for co-signature', () => {
    const pending = signNote(completeGirp(), GIRP, ASSOCIATE, AT);
    expect(pending.status).toBe('pending-cosign');
    expect(pending.signature?.credentials).toBe('LPC-Associate');
    expect(isSignedFinal(pending)).toBe(false);
  });

  it('names the missing fields', () => {
    const note = editNote(completeGirp(), { fields: { response: '', plan: '   ' } });
    expect(() => signNote(note, GIRP, LICENSED, AT)).toThrow(new NoteRuleError('Complete before signing: Participation and response, Plan'));
  });

  it('refuses to sign a risk field left blank', () => {
    const note = editNote(completeGirp(), { fields: { risk: '' } });
    expect(() => signNote(note, GIRP, LICENSED, AT)).toThrow(new NoteRuleError('Complete before signing: Risk observations'));
  });

  it('signs a psychiatric note only with complete medication rows', () => {
    const psychiatric = templateFor('psychiatric');
    const fields = { ...Object.fromEntries(psychiatric.fields.map((f) => [f.key, f.quickPicks[0] ?? 'Synthetic'])), psychotherapyMinutes: '25' };
    const note = editNote(draftNote(psychiatric), { fields, medications: [{ name: 'Synthetimab', dose: '10 mg', frequency: 'daily' }] });
    expect(() => signNote(note, psychiatric, LICENSED, AT)).toThrow(new NoteRuleError('Complete before signing: Medication 1 change'));
    const complete = editNote(note, { medications: [{ name: 'Synthetimab', dose: '10 mg', frequency: 'daily', change: 'increased' }] });
    expect(signNote(complete, psychiatric, LICENSED, AT).medications).toEqual([{ name: 'Synthetimab', dose: '10 mg', frequency: 'daily', change: 'increased' }]);
  });

  it('signs a psychiatric note only with an office E/M code and whole psychotherapy minutes, which the claim reads', () => {
    const psychiatric = templateFor('psychiatric');
    const required = Object.fromEntries(psychiatric.fields.filter((f) => f.required).map((f) => [f.key, 'Synthetic']));
    const note = (extra: Record<string, string>) => editNote(draftNote(psychiatric), { fields: { ...required, ...extra } });
    expect(() => signNote(note({ emCode: '90834', psychotherapyMinutes: '25.5' }), psychiatric, LICENSED, AT)).toThrow(
      new NoteRuleError('Correct before signing: E/M code "90834" is not an office visit code (99202–99205, 99211–99215); Psychotherapy minutes must be a whole number from 0 to 240'),
    );
    expect(() => signNote(note({ psychotherapyMinutes: '455' }), psychiatric, LICENSED, AT)).toThrow('Psychotherapy minutes must be a whole number from 0 to 240');
    const signed = signNote(note({ emCode: ' 99214 ', psychotherapyMinutes: '38' }), psychiatric, LICENSED, AT);
    expect(psychiatricBilling(signed.fields)).toEqual({ emCode: '99214', psychotherapyMinutes: 38 });
    // Neither recorded: the billing office codes the visit, no add-on.
    expect(psychiatricBilling(signNote(note({}), psychiatric, LICENSED, AT).fields)).toBeNull();
    expect(psychiatricBilling({ emCode: '99213' })).toEqual({ emCode: '99213', psychotherapyMinutes: 0 });
  });

  it.each(['signed', 'pending-cosign', 'cosigned'] as const)('refuses to sign a %s note again', (status) => {
    expect(() => signNote(noteIn(status), GIRP, LICENSED, LATER)).toThrow(new NoteRuleError('This note is already signed'));
  });

  it("refuses a template other than the note's own", () => {
    expect(() => signNote(completeGirp(), groupTemplate('DAP'), LICENSED, AT)).toThrow(
      new NoteRuleError('This note uses the GIRP (Goal, Intervention, Response, Plan) template, not DAP (Data, Assessment, Plan)'),
    );
  });

  it('refuses a signer without credentials, and a time that is not ISO', () => {
    expect(() => signNote(completeGirp(), GIRP, { ...LICENSED, credentials: ' ' }, AT)).toThrow(
      new NoteRuleError('A signature needs credentials: add them to the staff profile'),
    );
    expect(() => signNote(completeGirp(), GIRP, LICENSED, '2026-03-02')).toThrow(new NoteRuleError('The time must be an ISO date-time'));
  });
});

describe('co-signing', () => {
  it.each([SUPERVISOR, ADMINISTRATOR])('lets a $role co-sign, making the note final', (reviewer) => {
    const cosigned = cosignNote(noteIn('pending-cosign'), reviewer, LATER);
    expect(cosigned.status).toBe('cosigned');
    expect(cosigned.cosignature).toEqual({ by: reviewer.staffId, name: reviewer.name, credentials: reviewer.credentials, at: LATER });
    expect(cosigned.signature?.by).toBe(ASSOCIATE.staffId);
    expect(isSignedFinal(cosigned)).toBe(true);
  });

  it.each(['draft', 'signed', 'returned', 'cosigned'] as const)('refuses to co-sign a %s note', (status) => {
    expect(() => cosignNote(noteIn(status), SUPERVISOR, LATER)).toThrow(new NoteRuleError('Only a note awaiting co-signature can be co-signed'));
  });

  it.each([
    ['a clinician', CLINICIAN, 'Only a supervisor or administrator can co-sign a note'],
    ['a supervisor who needs co-signature', { ...SUPERVISOR, needsCosignature: true }, 'Only staff licensed to sign alone can co-sign a note'],
    ['the author', { ...SUPERVISOR, staffId: ASSOCIATE.staffId }, 'You cannot co-sign your own note'],
  ])('refuses %s', (_, reviewer, message) => {
    expect(() => cosignNote(noteIn('pending-cosign'), reviewer, LATER)).toThrow(new NoteRuleError(message));
  });
});

describe('returning for correction', () => {
  it('returns a pending note with the comment, keeping whose note it is', () => {
    const returned = returnNote(noteIn('pending-cosign'), SUPERVISOR, '  Add the objective addressed ', LATER);
    expect(returned.status).toBe('returned');
    expect(returned.returned).toEqual({ by: SUPERVISOR.staffId, name: SUPERVISOR.name, at: LATER, comment: 'Add the objective addressed' });
    expect(returned.signature?.by).toBe(ASSOCIATE.staffId);
    expect(isSignedFinal(returned)).toBe(false);
  });

  it('lets the author correct and sign again, back to co-signature, then to cosigned', () => {
    const corrected = editNote(noteIn('returned'), { goalIds: ['objective-synthetic-2'] });
    const resigned = signNote(corrected, GIRP, ASSOCIATE, '2026-03-03T15:00:00Z');
    expect(resigned.status).toBe('pending-cosign');
    expect(resigned.signature?.at).toBe('2026-03-03T15:00:00Z');
    const cosigned = cosignNote(resigned, SUPERVISOR, '2026-03-04T10:00:00Z');
    expect(cosigned.status).toBe('cosigned');
    expect(cosigned.returned?.comment).toBe('Add the objective addressed');
  });

  it('goes back to co-signature even if the author no longer needs it', () => {
    expect(signNote(noteIn('returned'), GIRP, { ...ASSOCIATE, needsCosignature: false }, LATER).status).toBe('pending-cosign');
  });

  it('lets nobody but the author sign a returned note', () => {
    expect(() => signNote(noteIn('returned'), GIRP, LICENSED, LATER)).toThrow(new NoteRuleError('Only the author, Synthetic Asdfgh, can sign a returned note again'));
  });

  it.each(['draft', 'signed', 'returned', 'cosigned'] as const)('refuses to return a %s note', (status) => {
    expect(() => returnNote(noteIn(status), SUPERVISOR, 'Fix', LATER)).toThrow(new NoteRuleError('Only a note awaiting co-signature can be returned'));
  });

  it.each([
    ['a clinician', CLINICIAN, 'Fix', 'Only a supervisor or administrator can return a note'],
    ['a reviewer who needs co-signature', { ...ADMINISTRATOR, needsCosignature: true }, 'Fix', 'Only staff licensed to sign alone can return a note'],
    ['the author', { ...SUPERVISOR, staffId: ASSOCIATE.staffId }, 'Fix', 'You cannot return your own note'],
    ['a blank comment', SUPERVISOR, '  ', 'Say what needs correcting'],
  ])('refuses %s', (_, reviewer, comment, message) => {
    expect(() => returnNote(noteIn('pending-cosign'), reviewer, comment, LATER)).toThrow(new NoteRuleError(message));
  });
});

describe('addenda', () => {
  const AUTHOR = { staffId: LICENSED.staffId, name: LICENSED.name, credentials: LICENSED.credentials };

  it.each(['signed', 'cosigned'] as const)('adds a dated, attributed, frozen addendum to a %s note and leaves it as it was', (status) => {
    const parent = { ...noteIn(status), id: 'note-synthetic-1' };
    const before = structuredClone(parent);
    const addendum = createAddendum(parent, '  Late entry: client called after group.  ', AUTHOR, LATER);
    expect(addendum).toEqual({ parentNoteId: 'note-synthetic-1', text: 'Late entry: client called after group.', by: LICENSED.staffId, name: 'Synthetic Qwerty', credentials: 'LCSW', at: LATER });
    expect(Object.isFrozen(addendum)).toBe(true);
    expect(parent).toEqual(before);
  });

  it.each([
    ['draft', 'Only a signed note takes an addendum: edit the note instead'],
    ['returned', 'Only a signed note takes an addendum: edit the note instead'],
    ['pending-cosign', 'A note awaiting co-signature takes no addendum: ask the supervisor to return it'],
  ] as const)('refuses an addendum to a %s note', (status, message) => {
    expect(() => createAddendum({ ...noteIn(status), id: 'note-synthetic-1' }, 'Text', AUTHOR, LATER)).toThrow(new NoteRuleError(message));
  });

  it('requires text, and the credentials of the author', () => {
    const parent = { ...noteIn('signed'), id: 'note-synthetic-1' };
    expect(() => createAddendum(parent, ' \n ', AUTHOR, LATER)).toThrow(new NoteRuleError('Write the addendum'));
    expect(() => createAddendum(parent, 'Text', { ...AUTHOR, credentials: '' }, LATER)).toThrow(new NoteRuleError('A signature needs credentials: add them to the staff profile'));
  });
});

describe('the stored note', () => {
  it.each(ALL_STATUSES)('accepts a %s note reached through the rules', (status) => {
    expect(noteSchema.safeParse(noteIn(status)).error?.issues).toBeUndefined();
  });

  it.each([
    ['signed', 'signature', 'A signed note needs its signature'],
    ['cosigned', 'cosignature', 'A co-signed note needs its co-signature'],
    ['returned', 'returned', 'A returned note needs the return comment'],
  ] as const)('rejects a %s note without its %s', (status, key, message) => {
    const note: Partial<Note> = { ...noteIn(status) };
    delete note[key];
    expect(noteSchema.safeParse(note).error?.issues.map(englishIssue)).toEqual([message]);
  });
});

describe('isSignedFinal', () => {
  it.each([
    ['draft', false],
    ['signed', true],
    ['pending-cosign', false],
    ['returned', false],
    ['cosigned', true],
  ] as const)('%s → %s', (status, final) => {
    expect(isSignedFinal({ status })).toBe(final);
  });
});

describe('note age in business days', () => {
  // 2026-03-02 is a Monday; 03-06 Friday, 03-07/08 the weekend.
  it.each([
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-02', '2026-03-03', 1],
    ['2026-03-02', '2026-03-06', 4],
    ['2026-03-06', '2026-03-07', 0],
    ['2026-03-06', '2026-03-08', 0],
    ['2026-03-06', '2026-03-09', 1],
    ['2026-03-07', '2026-03-09', 1],
    ['2026-03-02', '2026-03-09', 5],
    ['2026-03-05', '2026-03-17', 8],
    ['2026-02-27', '2026-03-02', 1],
    ['2026-03-09', '2026-03-02', 0],
  ])('a note from %s is %s → %i business days old', (session, today, age) => {
    expect(noteAgeBusinessDays(session, today)).toBe(age);
  });

  it('refuses dates that are not YYYY-MM-DD', () => {
    expect(() => noteAgeBusinessDays('2026-03-02T10:00', '2026-03-03')).toThrow(new NoteRuleError('The session date must be a date (YYYY-MM-DD)'));
    expect(() => noteAgeBusinessDays('2026-03-02', '2026-02-30')).toThrow(new NoteRuleError('Today is not a real calendar date'));
  });

  it.each([
    ['2026-03-02', '2026-03-05', 3, false],
    ['2026-03-02', '2026-03-06', 3, true],
    ['2026-03-05', '2026-03-10', 3, false],
    ['2026-03-05', '2026-03-11', 3, true],
    ['2026-03-06', '2026-03-10', 2, false],
    ['2026-03-06', '2026-03-11', 2, true],
  ])('a note from %s on %s with a %i-day deadline: overdue %s', (session, today, deadline, overdue) => {
    expect(isOverdue(session, today, deadline)).toBe(overdue);
  });
});
