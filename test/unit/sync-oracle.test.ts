/**
 * The sync property test's oracle on hand-built histories: it accepts what the merge rules
 * produce and refuses a lost sibling field, a lost deletion and a conflict without cause.
 * (test/server/sync-property-oracle.test.ts shows the same on real runs with a broken merge.)
 */
import { describe, expect, it } from 'vitest';
import { DELETED, judge, type History, type Write } from '../server/support/sync-oracle';

const FIELDS = ['goal', 'plan'];
let nextId = 0;
function write(device: string, intent: string[], before: Write['before'], after: Write['after'], seen: number[] = [], extra: Partial<Write> = {}): Write {
  return { id: nextId++, device, step: nextId, record: 'note-a', intent, before, after, freezes: false, seen: new Set(seen), ...extra };
}

/** Set-up on d0 (seen by all), then d1 edits goal and d2 edits plan without seeing each other. */
function siblings() {
  nextId = 0;
  const setup = write('d0', FIELDS, null, { goal: 'g0', plan: 'p0' });
  const goal = write('d1', ['goal'], { goal: 'g0', plan: 'p0' }, { goal: 'g1', plan: 'p0' }, [setup.id]);
  const plan = write('d2', ['plan'], { goal: 'g0', plan: 'p0' }, { goal: 'g0', plan: 'p2' }, [setup.id]);
  return { setup, goal, plan };
}

describe('the sync property oracle', () => {
  it('accepts a merge of sibling fields that keeps both edits', () => {
    const { setup, goal, plan } = siblings();
    expect(judge({ writes: [setup, goal, plan], final: { 'note-a': { goal: 'g1', plan: 'p2' } }, conflicts: [] })).toEqual([]);
  });

  it('refuses a merge that drops a sibling field', () => {
    const { setup, goal, plan } = siblings();
    const wrong = judge({ writes: [setup, goal, plan], final: { 'note-a': { goal: 'g0', plan: 'p2' } }, conflicts: [] });
    expect(wrong).toEqual([expect.stringContaining('note-a.goal = g1 is neither final')]);
  });

  it('excuses an overwrite only by a write that meant to edit that field', () => {
    const { setup, goal } = siblings();
    // d2 saw g1, then its write (meant for plan) put goal back to g0: a sibling wiped, not an overwrite.
    const wipe = write('d2', ['plan'], { goal: 'g1', plan: 'p0' }, { goal: 'g0', plan: 'p2' }, [setup.id, goal.id]);
    expect(judge({ writes: [setup, goal, wipe], final: { 'note-a': { goal: 'g0', plan: 'p2' } }, conflicts: [] })).toEqual([expect.stringContaining('note-a.goal = g1')]);
    const meant = write('d2', ['goal', 'plan'], { goal: 'g1', plan: 'p0' }, { goal: 'g0', plan: 'p2' }, [setup.id, goal.id]);
    expect(judge({ writes: [setup, goal, meant], final: { 'note-a': { goal: 'g0', plan: 'p2' } }, conflicts: [] })).toEqual([]);
  });

  it('accepts a true conflict that keeps both versions, and refuses one without cause', () => {
    const { setup, goal } = siblings();
    const other = write('d2', ['goal'], { goal: 'g0', plan: 'p0' }, { goal: 'g2', plan: 'p0' }, [setup.id]);
    const kept = { record: 'note-a', kind: 'fields' as const, fields: ['goal'], versions: [goal.after, other.after], ancestor: true };
    expect(judge({ writes: [setup, goal, other], final: { 'note-a': { goal: 'g2', plan: 'p0' } }, conflicts: [kept] })).toEqual([]);

    const { plan } = siblings();
    const spurious: History = { writes: [setup, goal, plan], final: { 'note-a': { goal: 'g1', plan: 'p2' } }, conflicts: [{ record: 'note-a', kind: 'fields', fields: ['goal', 'plan'], versions: [goal.after, plan.after], ancestor: true }] };
    expect(judge(spurious)).toEqual([expect.stringContaining('that no two concurrent writes explain')]);
    // The same edits one after the other (d2 had seen d1's): no conflict either.
    const later = write('d2', ['goal'], { goal: 'g1', plan: 'p0' }, { goal: 'g2', plan: 'p0' }, [setup.id, goal.id]);
    expect(judge({ writes: [setup, goal, later], final: { 'note-a': { goal: 'g2', plan: 'p0' } }, conflicts: [{ ...kept, versions: [goal.after, later.after] }] })).toEqual([expect.stringContaining('no two concurrent writes')]);
  });

  it('refuses a lost deletion, and accepts one kept in a delete-edit conflict', () => {
    const { setup, goal } = siblings();
    const discard = write('d2', [...FIELDS, DELETED], { goal: 'g0', plan: 'p0' }, { [DELETED]: '1' }, [setup.id]);
    const writes = [setup, goal, discard];
    expect(judge({ writes, final: { 'note-a': { goal: 'g1', plan: 'p0' } }, conflicts: [] })).toEqual([expect.stringContaining('note-a.deleted = 1 is neither final')]);
    expect(judge({ writes, final: { 'note-a': { goal: 'g1', plan: 'p0' } }, conflicts: [{ record: 'note-a', kind: 'delete-edit', fields: [DELETED], versions: [goal.after, discard.after], ancestor: true }] })).toEqual([]);
    // Deleted in the end: d1's edit is lost unless kept in the conflict.
    expect(judge({ writes, final: { 'note-a': { [DELETED]: '1' } }, conflicts: [] })).toEqual([expect.stringContaining('note-a.goal = g1')]);
  });

  it('founds a superseded-edits conflict only on a signature concurrent with the edit', () => {
    const { setup, goal } = siblings();
    const sign = write('d2', ['signature'], { goal: 'g0', plan: 'p0' }, { goal: 'g0', plan: 'p0', signature: 's2' }, [setup.id], { freezes: true });
    const conflict = { record: 'note-a', kind: 'superseded-edits' as const, fields: ['goal'], versions: [goal.after, sign.after], ancestor: true };
    expect(judge({ writes: [setup, goal, sign], final: { 'note-a': sign.after }, conflicts: [conflict] })).toEqual([]);
    const plainEdit = { ...sign, freezes: false, intent: ['plan'], after: { goal: 'g0', plan: 'p2' } };
    expect(judge({ writes: [setup, goal, plainEdit], final: { 'note-a': { goal: 'g1', plan: 'p2' } }, conflicts: [{ ...conflict, versions: [goal.after, plainEdit.after] }] })).toEqual([expect.stringContaining('superseded-edits conflict')]);
  });

  it('refuses a conflict between a version whose push answer was lost and the edit another device made over it', () => {
    const { setup } = siblings();
    // d0's edit reached the server (its answer lost); d1 pulled it and edited the same field over it.
    const lost = write('d0', ['goal'], setup.after, { goal: 'g1', plan: 'p0' }, [setup.id]);
    const over = write('d1', ['goal'], lost.after, { goal: 'g2', plan: 'p0' }, [setup.id, lost.id]);
    const history = { writes: [setup, lost, over], final: { 'note-a': over.after } };
    expect(judge({ ...history, conflicts: [] })).toEqual([]);
    // d0's retry met d1's version: both changed goal since the set-up, yet d1 had seen d0's.
    const kept = { record: 'note-a', kind: 'fields' as const, fields: ['goal'], versions: [over.after, lost.after], ancestor: true };
    expect(judge({ ...history, conflicts: [kept] })).toEqual([expect.stringContaining('a fields conflict on note-a (goal) that no two concurrent writes explain')]);
  });

  it('refuses a conflict between two versions one device wrote in turn, with or without an ancestor', () => {
    const { setup } = siblings();
    const own = write('d0', ['goal'], setup.after, { goal: 'g3', plan: 'p0' }, [setup.id]);
    const conflict = { record: 'note-a', kind: 'fields' as const, fields: ['goal'], versions: [setup.after, own.after], ancestor: false };
    const history = { writes: [setup, own], final: { 'note-a': own.after }, conflicts: [conflict] };
    expect(judge(history)).toEqual([expect.stringContaining('no two concurrent writes')]);
    expect(judge({ ...history, conflicts: [{ ...conflict, ancestor: true }] })).toEqual([expect.stringContaining('no two concurrent writes')]);
    const { goal } = siblings();
    const seenBoth = { ...goal, seen: new Set([setup.id, own.id]) };
    expect(judge({ writes: [setup, own, seenBoth], final: { 'note-a': goal.after }, conflicts: [{ ...conflict, versions: [own.after, goal.after] }] })).toEqual([expect.stringContaining('no two concurrent writes')]);
  });
});
