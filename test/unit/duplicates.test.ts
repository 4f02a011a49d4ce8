import { describe, expect, it } from 'vitest';
import { clientIdentitySchema } from '../../src/shared/clients';
import { findDuplicates, MERGE_RULES, mergeClients, normaliseName, type ClientIdentityLike } from '../../src/shared/duplicates';

const person = (firstName: string, lastName: string, dateOfBirth: string, preferredName = ''): ClientIdentityLike => ({
  firstName,
  lastName,
  preferredName,
  dateOfBirth,
});

describe('normaliseName', () => {
  it.each([
    ["O'Brien-Smith", 'obriensmith'],
    ['o brien smith', 'obriensmith'],
    ['Zoë', 'zoe'],
    ['  ÉLODIE  ', 'elodie'],
    ['Øbbleworth', 'obbleworth'],
    ['Quibbleworth, Jr.', 'quibbleworthjr'],
  ])('%s → %s', (input, folded) => {
    expect(normaliseName(input)).toBe(folded);
  });
});

describe('findDuplicates', () => {
  const existing = [
    { id: 'c-exact', identity: person('Zyxwvut', "Quibble-Worth", '1984-02-03') },
    { id: 'c-prefix', identity: person('Zyxander', 'Quibbleworth', '1984-02-03') },
    { id: 'c-preferred', identity: person('Testa', 'Quibbleworth', '1984-02-03', 'Zyx') },
    { id: 'c-swapped', identity: person('Quibbleworth', 'Zyxwvut', '1984-02-03') },
    { id: 'c-transposed', identity: person('Zyxwvut', 'Quibbleworth', '1984-03-02') },
    { id: 'c-other-dob', identity: person('Zyxwvut', 'Quibbleworth', '1990-07-15') },
    { id: 'c-other-name', identity: person('Testa', 'Exampleton', '1984-02-03') },
  ];

  it('ranks the exact match first and explains each likely one', () => {
    expect(findDuplicates(person('zyxwvut', 'Quibbleworth', '1984-02-03'), existing)).toEqual([
      { id: 'c-exact', reason: 'exact', matched: ['firstName', 'lastName', 'dateOfBirth'] },
      { id: 'c-prefix', reason: 'likely', matched: ['lastName', 'dateOfBirth', 'firstNamePrefix'] },
      { id: 'c-swapped', reason: 'likely', matched: ['swappedNames', 'dateOfBirth'] },
      { id: 'c-transposed', reason: 'likely', matched: ['firstName', 'lastName', 'dateOfBirthTransposed'] },
    ]);
  });

  it('puts exact matches first whatever the input order', () => {
    const reversed = [...existing].reverse();
    expect(findDuplicates(person('Zyxwvut', 'Quibbleworth', '1984-02-03'), reversed).map((m) => m.id)).toEqual([
      'c-exact',
      'c-transposed',
      'c-swapped',
      'c-prefix',
    ]);
  });

  it('matches a first name against the other record’s preferred name, both ways', () => {
    expect(findDuplicates(person('Zyx', 'Quibbleworth', '1984-02-03'), existing)).toContainEqual({
      id: 'c-preferred',
      reason: 'likely',
      matched: ['lastName', 'dateOfBirth', 'preferredName'],
    });
    const other = [{ id: 'c-short', identity: person('Zyx', 'Quibbleworth', '1984-02-03') }];
    expect(findDuplicates(person('Testa', 'Quibbleworth', '1984-02-03', 'Zyx'), other)).toEqual([
      { id: 'c-short', reason: 'likely', matched: ['lastName', 'dateOfBirth', 'preferredName'] },
    ]);
  });

  it('never matches on name alone', () => {
    expect(findDuplicates(person('Zyxwvut', 'Quibbleworth', '2001-11-30'), existing)).toEqual([]);
  });

  it('needs more than a shared date of birth and last name', () => {
    expect(findDuplicates(person('Mopsy', 'Quibbleworth', '1984-02-03'), existing)).toEqual([]);
  });

  it('does not treat a same-day date as transposed, nor a different year', () => {
    const other = [
      { id: 'c-1', identity: person('Testa', 'Exampleton', '1984-05-05') },
      { id: 'c-2', identity: person('Testa', 'Exampleton', '1985-03-02') },
    ];
    expect(findDuplicates(person('Testa', 'Exampleton', '1984-02-03'), other)).toEqual([]);
  });

  it('does not match names that fold to nothing', () => {
    const other = [{ id: 'c-dash', identity: person('-', 'Exampleton', '1984-02-03') }];
    expect(findDuplicates(person('—', 'Exampleton', '1984-02-03'), other)).toEqual([]);
  });
});

interface FullIdentity extends ClientIdentityLike {
  pronouns: string;
  phone: string;
  email: string;
  address: { line1: string; city: string; state: string; zip: string };
  emergencyContact: { name: string; phone: string } | null;
  diagnoses: { code: string; label: string }[];
  flags: string[];
  notes?: string;
  mergedFrom?: string[];
}

const primary: FullIdentity = {
  firstName: 'Zyxwvut',
  lastName: 'Quibbleworth',
  preferredName: '',
  dateOfBirth: '1984-02-03',
  pronouns: 'they/them',
  phone: '555-0100',
  email: '',
  address: { line1: '1 Example Way', city: 'Testville', state: 'ZZ', zip: '' },
  emergencyContact: null,
  diagnoses: [{ code: 'F32.1', label: 'Major depressive disorder, single episode, moderate' }],
  flags: ['fall-risk'],
};

const duplicate: FullIdentity = {
  firstName: 'Zyx',
  lastName: 'Quibbleworth',
  preferredName: 'Zee',
  dateOfBirth: '1984-03-02',
  pronouns: 'they/them',
  phone: '555-0199',
  email: 'zyx@example.test',
  address: { line1: '1 Example Way', city: 'Testburg', state: 'ZZ', zip: '00000' },
  emergencyContact: { name: 'Testa Exampleton', phone: '555-0142' },
  diagnoses: [
    { code: 'F32.1', label: 'MDD, moderate' },
    { code: 'F41.1', label: 'Generalized anxiety disorder' },
  ],
  flags: ['fall-risk', 'interpreter'],
  notes: 'Prefers afternoon groups.',
};

describe('mergeClients', () => {
  const { merged, conflicts } = mergeClients({ id: 'c-primary', identity: primary }, { id: 'c-dup', identity: duplicate });

  it("keeps the primary's values and reports each difference", () => {
    expect(conflicts).toEqual([
      { field: 'firstName', kept: 'Zyxwvut', other: 'Zyx' },
      { field: 'dateOfBirth', kept: '1984-02-03', other: '1984-03-02' },
      { field: 'phone', kept: '555-0100', other: '555-0199' },
      { field: 'address.city', kept: 'Testville', other: 'Testburg' },
      {
        field: 'diagnoses[code=F32.1].label',
        kept: 'Major depressive disorder, single episode, moderate',
        other: 'MDD, moderate',
      },
    ]);
    expect(merged).toMatchObject({ firstName: 'Zyxwvut', dateOfBirth: '1984-02-03', phone: '555-0100' });
  });

  it("keeps every overridden value of the duplicate's on the merged record", () => {
    expect(merged.mergedValues).toEqual(conflicts.map(({ field, other }) => ({ field, value: other, from: 'c-dup' })));
    expect(merged.mergedFrom).toEqual(['c-dup']);
  });

  it('fills what the primary left empty, recursively', () => {
    expect(merged).toMatchObject({
      preferredName: 'Zee',
      email: 'zyx@example.test',
      address: { line1: '1 Example Way', city: 'Testville', state: 'ZZ', zip: '00000' },
      emergencyContact: { name: 'Testa Exampleton', phone: '555-0142' },
      notes: 'Prefers afternoon groups.',
    });
  });

  it('unions lists without repeats, diagnoses by code', () => {
    expect(merged.flags).toEqual(['fall-risk', 'interpreter']);
    expect(merged.diagnoses).toEqual([
      { code: 'F32.1', label: 'Major depressive disorder, single episode, moderate' },
      { code: 'F41.1', label: 'Generalized anxiety disorder' },
    ]);
  });

  it('loses nothing: every string the duplicate held is still on the merged record', () => {
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    const kept = new Set(strings(merged));
    expect(strings(duplicate).filter((s) => !kept.has(s))).toEqual([]);
  });

  it('leaves its inputs untouched', () => {
    expect(primary.email).toBe('');
    expect(primary.flags).toEqual(['fall-risk']);
    expect(primary).not.toHaveProperty('mergedFrom');
  });

  it('carries earlier merges forward', () => {
    const first = mergeClients({ id: 'c-a', identity: primary }, { id: 'c-b', identity: duplicate }).merged;
    const third = { ...primary, firstName: 'Zyxie', mergedFrom: ['c-old'] };
    const again = mergeClients({ id: 'c-a', identity: first }, { id: 'c-c', identity: third });
    expect(again.merged.mergedFrom).toEqual(['c-b', 'c-old', 'c-c']);
    expect(again.merged.mergedValues).toEqual([
      ...first.mergedValues,
      { field: 'firstName', value: 'Zyxie', from: 'c-c' },
    ]);
  });

  it('treats the same name typed in two Unicode forms as equal', () => {
    const a = { ...primary, firstName: 'Zoe\u0308' };
    const b = { ...primary, firstName: 'Zo\u00eb' };
    expect(mergeClients({ id: 'c-a', identity: a }, { id: 'c-b', identity: b }).conflicts).toEqual([]);
  });

  it('records a value of a different shape as a conflict', () => {
    const b = { ...primary, emergencyContact: 'Testa Exampleton, 555-0142' } as unknown as FullIdentity;
    const result = mergeClients({ id: 'c-a', identity: { ...primary, emergencyContact: { name: 'Zyx', phone: '555-0100' } } }, { id: 'c-b', identity: b });
    expect(result.conflicts).toEqual([
      { field: 'emergencyContact', kept: { name: 'Zyx', phone: '555-0100' }, other: 'Testa Exampleton, 555-0142' },
    ]);
  });

  it('keeps a "__proto__" key as data', () => {
    const b = JSON.parse('{"firstName":"Zyx","lastName":"Q","preferredName":"","dateOfBirth":"1984-02-03","__proto__":{"polluted":true}}') as ClientIdentityLike;
    const { merged: result } = mergeClients({ id: 'c-a', identity: person('Zyx', 'Q', '1984-02-03') }, { id: 'c-b', identity: b });
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('merges two intake records of the real shape', () => {
    const a = clientIdentitySchema.parse({
      firstName: 'Zyxwvut',
      lastName: 'Quibbleworth',
      dateOfBirth: '1984-02-03',
      diagnoses: [{ code: 'F32.1', label: 'Major depressive disorder, single episode, moderate', primary: true }],
      flags: ['part2'],
    });
    const b = clientIdentitySchema.parse({
      firstName: 'Zyxwvut',
      lastName: 'Quibbleworth',
      dateOfBirth: '1984-02-03',
      phone: '555-0100',
      emergencyContact: { name: 'Testa Exampleton', relationship: 'Sibling', phone: '555-0142' },
      diagnoses: [{ code: 'F41.1', label: 'Generalized anxiety disorder' }],
      flags: ['restricted'],
    });
    const { merged, conflicts } = mergeClients({ id: 'c-a', identity: a }, { id: 'c-b', identity: b });
    expect(conflicts).toEqual([]);
    expect(merged).toMatchObject({
      phone: '555-0100',
      emergencyContact: { name: 'Testa Exampleton', relationship: 'Sibling', phone: '555-0142' },
      flags: ['part2', 'restricted'],
    });
    expect(merged.diagnoses.map((d) => d.code)).toEqual(['F32.1', 'F41.1']);
  });

  it('refuses to merge a client into itself', () => {
    expect(() => mergeClients({ id: 'c-a', identity: primary }, { id: 'c-a', identity: duplicate })).toThrow('into itself');
  });
});

describe('MERGE_RULES: what two records of one person become', () => {
  it('keeps one primary diagnosis, the first in order (the surviving record lists its own first)', () => {
    const merged = MERGE_RULES.diagnoses([
      { code: 'F32.1', primary: true },
      { code: 'F41.1', primary: false },
      { code: 'F33.0', primary: true },
    ]);
    expect(merged.map((d) => [d.code, d.primary])).toEqual([
      ['F32.1', true],
      ['F41.1', false],
      ['F33.0', false],
    ]);
    expect(MERGE_RULES.diagnoses([{ code: 'F41.1', primary: false }, { code: 'F33.0', primary: true }]).filter((d) => d.primary).map((d) => d.code)).toEqual(['F33.0']);
  });

  it('keeps the earliest open episode per programme and closes the others into it, whatever the order given', () => {
    const episodes = [
      { id: 'e-late', programId: 'p1', admittedOn: '2026-03-05', open: true },
      { id: 'e-early', programId: 'p1', admittedOn: '2026-03-01', open: true },
      { id: 'e-other-programme', programId: 'p2', admittedOn: '2026-03-09', open: true },
      { id: 'e-closed', programId: 'p1', admittedOn: '2026-01-01', open: false },
    ];
    const expected = [{ close: 'e-late', into: 'e-early' }];
    expect(MERGE_RULES.openEpisodes(episodes)).toEqual(expected);
    expect(MERGE_RULES.openEpisodes([...episodes].reverse())).toEqual(expected);
  });

  it('breaks a tie of admission dates by id, so every device closes the same one', () => {
    const same = [
      { id: 'e-b', programId: 'p1', admittedOn: '2026-03-01', open: true },
      { id: 'e-a', programId: 'p1', admittedOn: '2026-03-01', open: true },
    ];
    expect(MERGE_RULES.openEpisodes(same)).toEqual([{ close: 'e-b', into: 'e-a' }]);
    expect(MERGE_RULES.openEpisodes([...same].reverse())).toEqual([{ close: 'e-b', into: 'e-a' }]);
  });
});
