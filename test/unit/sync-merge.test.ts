import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosignNote, draftNote, editNote, groupTemplate, returnNote, signNote, type Note, type Reviewer, type Signer } from '../../src/shared/notes';
import { canonicalJson } from '../../src/shared/sync/canonical-json';
import { mergeRecords, type MergeRecord, type MergeResult } from '../../src/shared/sync/merge';

const GIRP = groupTemplate('GIRP');
const LICENSED: Signer = { staffId: 'staff-synthetic-licensed', name: 'Synthetic Qwerty', credentials: 'LCSW', needsCosignature: false };
const LICENSED_2: Signer = { staffId: 'staff-synthetic-licensed-2', name: 'Synthetic Mnbvcx', credentials: 'LMFT', needsCosignature: false };
const ASSOCIATE: Signer = { staffId: 'staff-synthetic-associate', name: 'Synthetic Asdfgh', credentials: 'LPC-Associate', needsCosignature: true };
const SUPERVISOR: Reviewer = { staffId: 'staff-synthetic-supervisor', name: 'Synthetic Zxcvbn', credentials: 'PsyD', needsCosignature: false, role: 'supervisor' };
const ADMINISTRATOR: Reviewer = { staffId: 'staff-synthetic-admin', name: 'Synthetic Poiuyt', credentials: 'LPC', needsCosignature: false, role: 'administrator' };
const AT = '2026-11-20T15:00:00.000Z';
const LATER = '2026-11-21T09:00:00.000Z';

const record = (plain: MergeRecord['plain'], data: unknown, rev: number, updatedAt: number, deleted = false): MergeRecord => ({ plain, data, rev, updatedAt, deleted });

const merge = (base: MergeRecord | null, mine: MergeRecord, theirs: MergeRecord, collection = 'clients'): MergeResult => mergeRecords({ collection, id: 'record-1', base, mine, theirs });

/** Merges both ways round and checks that the order of the arguments changes nothing. */
function mergeBothWays(base: MergeRecord | null, a: MergeRecord, b: MergeRecord, collection?: string): MergeResult {
  const result = merge(base, a, b, collection);
  expect(canonicalJson(merge(base, b, a, collection))).toBe(canonicalJson(result));
  return result;
}

// ── Notes, reached through note.ts's own transitions ──────────────────────────────────────────

const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };

const noteRecord = (note: Note, rev: number, updatedAt: number): MergeRecord =>
  record({ kind: 'progress', status: note.status, sessionId: 'session-1', clientId: 'client-1', authorId: ASSOCIATE.staffId, date: '2026-11-20', parentId: '' }, { note }, rev, updatedAt);

const draft = editNote(draftNote(GIRP), { fields: COMPLETE });
const pending = signNote(draft, GIRP, ASSOCIATE, AT);

describe('merging any record field by field', () => {
  const base = record({ status: 'active', clientId: 'client-1' }, { name: 'Synthetic Name', phone: '555-0100', address: { city: 'Springfield', zip: '01101' }, tags: ['a'] }, 3, 1000);

  it('returns identical versions unchanged, rev included', () => {
    expect(merge(base, base, { ...base })).toEqual({ merged: base, conflict: null });
  });

  it('takes each side’s edit of different fields, plain and sealed, nested one level down', () => {
    const mine = { ...base, plain: { ...base.plain, status: 'discharged' }, data: { ...(base.data as object), phone: '555-0199', address: { city: 'Springfield', zip: '01109' } }, rev: 4, updatedAt: 2000 };
    const theirs = { ...base, data: { ...(base.data as object), name: 'Synthetic Renamed', address: { city: 'Shelbyville', zip: '01101' } }, rev: 5, updatedAt: 1500 };
    const { merged, conflict } = mergeBothWays(base, mine, theirs);
    expect(conflict).toBeNull();
    expect(merged).toEqual({
      plain: { status: 'discharged', clientId: 'client-1' },
      data: { name: 'Synthetic Renamed', phone: '555-0199', address: { city: 'Shelbyville', zip: '01109' }, tags: ['a'] },
      rev: 6,
      updatedAt: 2000,
      deleted: false,
    });
  });

  it('accepts the same change made on both sides', () => {
    const edited = { ...base, data: { ...(base.data as object), phone: '555-0123' } };
    const { merged, conflict } = mergeBothWays(base, { ...edited, rev: 4, updatedAt: 1100 }, { ...edited, rev: 4, updatedAt: 1200 });
    expect(conflict).toBeNull();
    expect(merged).toMatchObject({ data: { phone: '555-0123' }, rev: 5, updatedAt: 1200 });
  });

  it('on a true conflict shows the later edit, keeps both versions, and still merges the other fields', () => {
    const mine = { ...base, data: { ...(base.data as object), phone: '555-0111', name: 'Synthetic Mine' }, rev: 4, updatedAt: 3000 };
    const theirs = { ...base, data: { ...(base.data as object), phone: '555-0222', tags: ['a', 'b'] }, rev: 4, updatedAt: 2000 };
    const { merged, conflict } = mergeBothWays(base, mine, theirs);
    expect(merged.data).toEqual({ name: 'Synthetic Mine', phone: '555-0111', address: { city: 'Springfield', zip: '01101' }, tags: ['a', 'b'] });
    expect(conflict).toEqual({ kind: 'fields', collection: 'clients', id: 'record-1', fields: ['data.phone'], versions: expect.arrayContaining([mine, theirs]), base });
  });

  it('breaks a tie of clocks and revs by canonical order, not by which side is local', () => {
    const mine = { ...base, data: { ...(base.data as object), phone: '555-0111' }, rev: 4, updatedAt: 2000 };
    const theirs = { ...base, data: { ...(base.data as object), phone: '555-0222' }, rev: 4, updatedAt: 2000 };
    expect((mergeBothWays(base, mine, theirs).merged.data as { phone: string }).phone).toBe('555-0222');
  });

  it('treats arrays as whole values: two different edits of one list conflict', () => {
    const { conflict } = mergeBothWays(base, { ...base, data: { ...(base.data as object), tags: ['a', 'b'] }, rev: 4 }, { ...base, data: { ...(base.data as object), tags: ['a', 'c'] }, rev: 4 });
    expect(conflict?.fields).toEqual(['data.tags']);
  });

  it('merges two inserts of the same id: equal fields agree, different ones conflict', () => {
    const mine = record({ status: 'active' }, { name: 'Synthetic A', phone: '1' }, 1, 10);
    const theirs = record({ status: 'active' }, { name: 'Synthetic A', phone: '2' }, 1, 20);
    const { merged, conflict } = mergeBothWays(null, mine, theirs);
    expect(merged).toEqual(record({ status: 'active' }, { name: 'Synthetic A', phone: '2' }, 2, 20));
    expect(conflict).toMatchObject({ kind: 'fields', fields: ['data.phone'], base: null });
  });

  it('removes a field removed on one side and untouched on the other', () => {
    const mine = { ...base, data: { name: 'Synthetic Name', address: { city: 'Springfield', zip: '01101' }, tags: ['a'] }, rev: 4 };
    expect(mergeBothWays(base, mine, { ...base, rev: 4, updatedAt: 1001 }).merged.data).not.toHaveProperty('phone');
  });

  it('keeps a "__proto__" key as data', () => {
    const withProto = (value: string) => JSON.parse(`{"__proto__": {"x": "${value}"}, "y": "1"}`) as unknown;
    const { merged } = mergeBothWays(record({}, JSON.parse('{"y": "1"}'), 1, 1), record({}, withProto('a'), 2, 2), record({}, JSON.parse('{"y": "1"}'), 2, 3));
    expect(Object.getPrototypeOf(merged.data)).toBe(Object.prototype);
    expect(canonicalJson(merged.data)).toBe('{"__proto__":{"x":"a"},"y":"1"}');
  });

  describe('deletion', () => {
    it('delete vs edit keeps the edited version as it is and reports the deletion', () => {
      const edited = { ...base, data: { ...(base.data as object), phone: '555-0777' }, rev: 4, updatedAt: 1100 };
      const deleted = { ...base, rev: 4, updatedAt: 1200, deleted: true };
      const { merged, conflict } = mergeBothWays(base, edited, deleted);
      expect(merged).toEqual({ ...edited, rev: 5, updatedAt: 1200 });
      expect(conflict).toMatchObject({ kind: 'delete-edit', fields: ['deleted'], versions: expect.arrayContaining([edited, deleted]) });
    });

    it('delete vs a version that changed nothing is deleted, without a conflict', () => {
      const deleted = { ...base, rev: 4, updatedAt: 1200, deleted: true };
      expect(mergeBothWays(base, deleted, { ...base, rev: 4, updatedAt: 1100 })).toEqual({ merged: { ...deleted, rev: 5 }, conflict: null });
    });

    it('delete vs delete is deleted', () => {
      const { merged, conflict } = mergeBothWays(base, { ...base, rev: 4, deleted: true }, { ...base, rev: 5, updatedAt: 1001, deleted: true, plain: { ...base.plain, status: 'discharged' } });
      expect([merged.deleted, merged.rev, conflict]).toEqual([true, 6, null]);
    });
  });
});

describe('merging notes (signed content is immutable)', () => {
  const base = noteRecord(draft, 2, 1000);

  it('merges two drafts of one note per field: "plan" on one laptop, "response" on the other', () => {
    const mine = noteRecord(editNote(draft, { fields: { plan: 'Synthetic plan, laptop A' } }), 3, 1100);
    const theirs = noteRecord(editNote(draft, { fields: { response: 'Synthetic response, laptop B' } }), 3, 1200);
    const { merged, conflict } = mergeBothWays(base, mine, theirs, 'notes');
    expect(conflict).toBeNull();
    expect((merged.data as { note: Note }).note.fields).toEqual({ ...COMPLETE, plan: 'Synthetic plan, laptop A', response: 'Synthetic response, laptop B' });
  });

  it('merges the group’s shared part (always a draft) like any record', () => {
    const shared = (topic: string, curriculum: string) => record({ kind: 'shared', status: 'draft' }, { topic, curriculum, interventions: '' }, 3, 1);
    const { merged, conflict } = mergeBothWays(record({ kind: 'shared', status: 'draft' }, { topic: '', curriculum: '', interventions: '' }, 2, 0), shared('Synthetic topic', ''), shared('', 'Synthetic curriculum'), 'notes');
    expect([merged.data, conflict]).toEqual([{ topic: 'Synthetic topic', curriculum: 'Synthetic curriculum', interventions: '' }, null]);
  });

  it('draft vs signed: the signed note wins as it is; no conflict when the draft added nothing', () => {
    const signed = noteRecord(signNote(draft, GIRP, LICENSED, AT), 3, 1100);
    const { merged, conflict } = mergeBothWays(base, signed, { ...base, rev: 3, updatedAt: 1200 }, 'notes');
    expect(conflict).toBeNull();
    expect({ plain: merged.plain, data: merged.data }).toEqual({ plain: signed.plain, data: signed.data });
    expect([merged.rev, merged.updatedAt]).toEqual([4, 1200]);
  });

  it('draft vs signed: draft text the signed note lacks is kept in the conflict, never dropped', () => {
    const signed = noteRecord(signNote(draft, GIRP, LICENSED, AT), 3, 1100);
    const typed = noteRecord(editNote(draft, { fields: { plan: 'Synthetic plan typed on the other laptop' } }), 3, 1200);
    const { merged, conflict } = mergeBothWays(base, typed, signed, 'notes');
    expect(merged.data).toEqual(signed.data);
    expect(conflict).toMatchObject({ kind: 'superseded-edits', fields: ['data.note.fields.plan'], versions: expect.arrayContaining([typed, signed]) });
  });

  it('draft vs signed with no common ancestor: only differing text is a conflict, not the draft status', () => {
    const signed = noteRecord(signNote(draft, GIRP, LICENSED, AT), 1, 1100);
    expect(mergeBothWays(null, noteRecord(draft, 1, 1000), signed, 'notes').conflict).toBeNull();
    const other = noteRecord(editNote(draft, { fields: { risk: 'Synthetic other risk text' } }), 1, 1000);
    expect(mergeBothWays(null, other, signed, 'notes').conflict?.fields).toEqual(['data.note.fields.risk']);
  });

  it('pending co-signature vs co-signed: the co-signed note wins silently', () => {
    const pendingRecord = noteRecord(pending, 3, 1100);
    const cosigned = noteRecord(cosignNote(pending, SUPERVISOR, LATER), 4, 1200);
    const { merged, conflict } = mergeBothWays(base, pendingRecord, cosigned, 'notes');
    expect([merged.data, merged.plain['status'], conflict]).toEqual([cosigned.data, 'cosigned', null]);
  });

  it('pending co-signature vs returned (same signature): the return is the later state', () => {
    const returned = noteRecord(editNote(returnNote(pending, SUPERVISOR, 'Synthetic: name the skill', LATER), { fields: { intervention: 'Synthetic corrected' } }), 5, 1300);
    const { merged, conflict } = mergeBothWays(noteRecord(pending, 3, 1100), noteRecord(pending, 4, 1400), returned, 'notes');
    expect([merged.data, merged.plain['status'], conflict]).toEqual([returned.data, 'returned', null]);
  });

  it('returned and edited vs re-signed: the re-signed note wins; the unsigned edit is kept in the conflict', () => {
    const returned = returnNote(pending, SUPERVISOR, 'Synthetic: name the skill', LATER);
    const returnedBase = noteRecord(returned, 4, 1200);
    const resigned = noteRecord(signNote(editNote(returned, { fields: { intervention: 'Synthetic corrected' } }), GIRP, ASSOCIATE, '2026-11-22T10:00:00.000Z'), 6, 1400);
    const stillEditing = noteRecord(editNote(returned, { fields: { plan: 'Synthetic late edit' } }), 5, 1500);
    const { merged, conflict } = mergeBothWays(returnedBase, resigned, stillEditing, 'notes');
    expect(merged.data).toEqual(resigned.data);
    expect(conflict).toMatchObject({ kind: 'superseded-edits', fields: ['data.note.fields.plan'] });
  });

  it('co-signed vs returned by another supervisor: the co-signature stands; the return is kept in the conflict', () => {
    const pendingBase = noteRecord(pending, 3, 1100);
    const cosigned = noteRecord(cosignNote(pending, SUPERVISOR, LATER), 4, 1200);
    const returned = noteRecord(returnNote(pending, ADMINISTRATOR, 'Synthetic: add the objective', LATER), 4, 1300);
    const { merged, conflict } = mergeBothWays(pendingBase, cosigned, returned, 'notes');
    expect(merged.data).toEqual(cosigned.data);
    expect(conflict?.kind).toBe('superseded-edits');
    expect(conflict?.fields).toEqual(expect.arrayContaining(['plain.status', 'data.note.returned.comment']));
  });

  it('two different signed contents are an immutable violation: both kept, the same one shown whichever side merges', () => {
    const signedA = noteRecord(signNote(draft, GIRP, LICENSED, AT), 3, 1100);
    const signedB = noteRecord(signNote(editNote(draft, { fields: { plan: 'Synthetic other plan' } }), GIRP, LICENSED_2, AT), 3, 1050);
    const { merged, conflict } = mergeBothWays(base, signedA, signedB, 'notes');
    expect(merged.data).toEqual(signedA.data);
    expect(conflict).toMatchObject({ kind: 'immutable-violation', versions: expect.arrayContaining([signedA, signedB]) });
    expect(conflict?.fields).toEqual(expect.arrayContaining(['data.note.fields.plan', 'data.note.signature.by']));
  });

  it('a co-signed note beats a different pending one even when the pending one is newer', () => {
    const cosigned = noteRecord(cosignNote(pending, SUPERVISOR, LATER), 4, 1200);
    const otherPending = noteRecord(signNote(editNote(draft, { fields: { plan: 'Synthetic' } }), GIRP, ASSOCIATE, LATER), 3, 9999);
    const { merged, conflict } = mergeBothWays(base, cosigned, otherPending, 'notes');
    expect([merged.plain['status'], conflict?.kind]).toEqual(['cosigned', 'immutable-violation']);
  });

  it('addenda never change: different text is an immutable violation', () => {
    const addendum = (text: string, updatedAt: number) => record({ kind: 'addendum', status: 'signed', parentId: 'note-1' }, { parentNoteId: 'note-1', text, by: LICENSED.staffId, name: LICENSED.name, credentials: 'LCSW', at: AT }, 1, updatedAt);
    const { merged, conflict } = mergeBothWays(null, addendum('Synthetic correction', 1), addendum('Synthetic other correction', 2), 'notes');
    expect((merged.data as { text: string }).text).toBe('Synthetic other correction');
    expect(conflict).toMatchObject({ kind: 'immutable-violation', fields: ['data.text'] });
  });
});

// ── Properties ────────────────────────────────────────────────────────────────────────────────

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf of a value (objects descended; arrays and scalars are leaves) with its dotted path. */
function leaves(value: unknown, path: string, out = new Map<string, unknown>()): Map<string, unknown> {
  if (isObject(value)) for (const [key, child] of Object.entries(value)) leaves(child, path === '' ? key : `${path}.${key}`, out);
  else if (value !== undefined) out.set(path, value);
  return out;
}

function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (isObject(current) && Object.hasOwn(current, key) ? current[key] : undefined), value);
}

const contentOf = (r: MergeRecord) => ({ plain: r.plain, data: r.data });

/** Paths of the leaves `side` changed since `ancestor`; with none, every leaf it holds. */
function editsOf(ancestor: MergeRecord | null, side: MergeRecord): string[] {
  const before = leaves(ancestor === null ? {} : contentOf(ancestor), '');
  const after = leaves(contentOf(side), '');
  return [...new Set([...before.keys(), ...after.keys()])].filter((path) => canonicalJson(before.get(path)) !== canonicalJson(after.get(path)));
}

/**
 * Whether `merged` holds `side`'s value at `path`. Where the side replaced a leaf by an object (or
 * removed it) and the merge holds an object, the leaf is gone as wanted; what is inside the object
 * is checked at its own paths.
 */
function carries(merged: MergeRecord, side: MergeRecord, path: string): boolean {
  const want = valueAt(contentOf(side), path);
  const got = valueAt(contentOf(merged), path);
  return canonicalJson(want) === canonicalJson(got) || (isObject(got) && (want === undefined || isObject(want)));
}

const covers = (fields: string[], path: string) => fields.some((field) => field === path || path.startsWith(`${field}.`) || field.startsWith(`${path}.`));
const keptInConflict = (result: MergeResult, side: MergeRecord) => result.conflict?.versions.some((v) => canonicalJson(v) === canonicalJson(side)) === true;

// Small pools, so that both sides often make the same edit and often touch the same field.
const LEAF = fc.constantFrom<unknown>('a', 'b', 'c', 1, true, null, ['x'], ['x', 'y']);
const FIELDS = fc.dictionary(fc.constantFrom('plan', 'response', 'goal'), LEAF, { maxKeys: 3 });
const DATA = fc.oneof({ arbitrary: fc.dictionary(fc.constantFrom('title', 'fields', 'tags', 'meta'), fc.oneof(LEAF, FIELDS), { maxKeys: 4 }), weight: 5 }, { arbitrary: LEAF, weight: 1 });
const PLAIN = fc.dictionary(fc.constantFrom('status', 'kind', 'clientId'), fc.constantFrom<string | boolean>('open', 'closed', 'x', true), { maxKeys: 3 });

/** A descendant of `value`: each field kept, replaced, removed, or (objects) edited inside. */
function variant(value: unknown, replacement: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const options: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: fc.constant(value), weight: 4 },
    { arbitrary: replacement, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  ];
  if (isObject(value)) {
    const inner = fc.record(Object.fromEntries(Object.keys(value).map((key) => [key, variant(value[key], LEAF)])), { requiredKeys: [] });
    const added = fc.dictionary(fc.constantFrom('title', 'fields', 'extra', 'plan', 'response'), LEAF, { maxKeys: 1 });
    options.push({ arbitrary: fc.tuple(inner, added).map(([kept, extra]) => Object.fromEntries(Object.entries({ ...extra, ...kept }).filter(([, v]) => v !== undefined))), weight: 6 });
  }
  return fc.oneof(...options);
}

const recordFrom = (ancestor: MergeRecord) =>
  fc
    .record({
      plain: variant(ancestor.plain, PLAIN).map((v) => (isObject(v) ? v : {}) as MergeRecord['plain']),
      data: variant(ancestor.data, DATA),
      rev: fc.integer({ min: 1, max: 3 }).map((n) => ancestor.rev + n),
      updatedAt: fc.integer({ min: 0, max: 3 }).map((n) => ancestor.updatedAt + n),
      deleted: fc.oneof({ arbitrary: fc.constant(ancestor.deleted), weight: 5 }, { arbitrary: fc.boolean(), weight: 1 }),
    })
    .map((r): MergeRecord => ({ ...r, data: r.data === undefined ? null : r.data }));

const ANCESTOR = fc.record({ plain: PLAIN, data: DATA, rev: fc.integer({ min: 1, max: 5 }), updatedAt: fc.integer({ min: 0, max: 5 }), deleted: fc.constant(false) });
const SCENARIO = ANCESTOR.chain((ancestor) =>
  fc.record({ base: fc.option(fc.constant(ancestor as MergeRecord), { nil: null, freq: 4 }), a: recordFrom(ancestor), b: recordFrom(ancestor) }),
);

describe('merge properties (fast-check)', () => {
  it('is commutative: the same record and the same conflict whichever side is "mine"', () => {
    fc.assert(fc.property(SCENARIO, ({ base, a, b }) => canonicalJson(merge(base, a, b)) === canonicalJson(merge(base, b, a))), { numRuns: 500 });
  });

  it('is idempotent: merging a version with itself returns it unchanged, rev included', () => {
    fc.assert(fc.property(SCENARIO, ({ base, a }) => canonicalJson(merge(base, a, a)) === canonicalJson({ merged: a, conflict: null })), { numRuns: 200 });
  });

  it('mints a version above both sides whenever they differ', () => {
    fc.assert(
      fc.property(SCENARIO, ({ base, a, b }) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        const { merged } = merge(base, a, b);
        return merged.rev === Math.max(a.rev, b.rev) + 1 && merged.updatedAt === Math.max(a.updatedAt, b.updatedAt);
      }),
      { numRuns: 300 },
    );
  });

  it('loses no edit: each field either side changed is in the merged record or named in the conflict (or its whole version kept)', () => {
    fc.assert(
      fc.property(SCENARIO, ({ base, a, b }) => {
        // A record deleted on both sides keeps no live content to lose.
        fc.pre(!(a.deleted && b.deleted));
        const result = merge(base, a, b);
        for (const side of [a, b]) {
          // Measured from what the merge was told: with no ancestor, a field one side lacks was never removed.
          const missing = editsOf(base, side).filter((path) => !carries(result.merged, side, path));
          if (missing.length === 0) continue;
          if (result.conflict === null || !keptInConflict(result, side)) return false;
          if (result.conflict.kind === 'fields' && !missing.every((path) => covers(result.conflict!.fields, path))) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  // Notes: random histories through note.ts's own transitions, from a common ancestor.
  const SIGNERS = [LICENSED, LICENSED_2, ASSOCIATE];
  const REVIEWERS = [SUPERVISOR, ADMINISTRATOR];
  const OP = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('edit' as const), field: fc.constantFrom('plan', 'response', 'risk'), value: fc.constantFrom('x', 'y') }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('sign' as const), who: fc.nat({ max: 2 }) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('cosign' as const), who: fc.nat({ max: 1 }) }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('return' as const), who: fc.nat({ max: 1 }) }), weight: 1 },
  );
  type Op = typeof OP extends fc.Arbitrary<infer T> ? T : never;

  /** Applies what note.ts allows (the rest is skipped, as the repository would refuse it); one rev per change. */
  function play(start: MergeRecord, ops: Op[], device: string): MergeRecord {
    let current = start;
    ops.forEach((op, i) => {
      const note = (current.data as { note: Note }).note;
      const at = `2026-11-2${i % 10}T1${device === 'a' ? 0 : 1}:00:00.000Z`;
      try {
        const next =
          op.op === 'edit'
            ? editNote(note, { fields: { [op.field]: op.value } })
            : op.op === 'sign'
              ? signNote(note, GIRP, SIGNERS[op.who]!, at)
              : op.op === 'cosign'
                ? cosignNote(note, REVIEWERS[op.who]!, at)
                : returnNote(note, REVIEWERS[op.who]!, `Synthetic comment ${device}`, at);
        current = noteRecord(next, current.rev + 1, current.updatedAt + 1 + (device === 'a' ? 0 : i % 2));
      } catch {
        // not a legal step from here
      }
    });
    return current;
  }

  const NOTE_SCENARIO = fc
    .tuple(fc.array(OP, { maxLength: 4 }), fc.array(OP, { maxLength: 5 }), fc.array(OP, { maxLength: 5 }), fc.boolean())
    .map(([common, opsA, opsB, withBase]) => {
      const ancestor = play(noteRecord(draft, 1, 0), common, 'base');
      return { ancestor, base: withBase ? ancestor : null, a: play(ancestor, opsA, 'a'), b: play(ancestor, opsB, 'b') };
    });

  const frozen = (r: MergeRecord) => !['draft', 'returned'].includes(String(r.plain['status']));
  const mergeNotes = (base: MergeRecord | null, a: MergeRecord, b: MergeRecord) => merge(base, a, b, 'notes');

  it('notes: commutative and idempotent', () => {
    fc.assert(
      fc.property(NOTE_SCENARIO, ({ base, a, b }) => {
        expect(canonicalJson(mergeNotes(base, a, b))).toBe(canonicalJson(mergeNotes(base, b, a)));
        expect(mergeNotes(base, a, a)).toEqual({ merged: a, conflict: null });
      }),
      { numRuns: 500 },
    );
  });

  it('notes: signed content is never altered, and a signed version that is not shown is kept in the conflict', () => {
    fc.assert(
      fc.property(NOTE_SCENARIO, ({ base, a, b }) => {
        fc.pre(frozen(a) || frozen(b));
        const result = mergeNotes(base, a, b);
        const shown = canonicalJson(contentOf(result.merged));
        // Taken as it is from one side, never assembled from both.
        expect([a, b].map((side) => canonicalJson(contentOf(side)))).toContain(shown);
        for (const side of [a, b].filter(frozen)) {
          if (canonicalJson(contentOf(side)) === shown || keptInConflict(result, side)) continue;
          // Only a note awaiting co-signature gives way silently: to its co-signature or its return.
          expect(side.plain['status']).toBe('pending-cosign');
          expect((result.merged.data as { note: Note }).note.signature).toEqual((side.data as { note: Note }).note.signature);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('notes: no edit lost: every change either side made is in the merged note or its version is kept in the conflict', () => {
    fc.assert(
      fc.property(NOTE_SCENARIO, ({ ancestor, base, a, b }) => {
        const result = mergeNotes(base, a, b);
        for (const side of [a, b]) {
          // Measured from the true ancestor even when the merge is not told it: note histories never
          // remove a key, and a return of the same signature proves descent. A status moved on by a
          // later legal step (pending → cosigned or returned) is no lost edit.
          const missing = editsOf(ancestor, side).filter(
            (path) => !path.endsWith('.status') && !carries(result.merged, side, path),
          );
          if (missing.length > 0) expect(keptInConflict(result, side)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("an author's key wraps", () => {
  it('the later write stands, with nothing for a person to decide, on every device alike', () => {
    const wraps = (passphraseWrap: string) => ({ authorId: 'staff-a', keyId: 'key-1', passphrase: { wrapped: passphraseWrap } });
    const office = record({}, wraps('under the office passphrase'), 1, 1_000);
    const restored = record({}, wraps('under the passphrase chosen at recovery'), 2, 2_000);
    for (const [mine, theirs] of [[office, restored], [restored, office]] as const) {
      const result = mergeRecords({ collection: 'settings', id: 'author-key-Abc123', base: null, mine, theirs });
      expect(result.conflict).toBeNull();
      expect(result.merged.data).toEqual(restored.data);
      expect(result.merged.rev).toBe(3);
    }
    // Any other setting changed on both sides with no ancestor is still a person's decision.
    expect(mergeRecords({ collection: 'settings', id: 'practice', base: null, mine: office, theirs: restored }).conflict?.kind).toBe('fields');
  });
});

