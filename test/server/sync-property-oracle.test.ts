/**
 * The sync property's oracle can fail: with a deliberately broken merge swapped in for the real
 * one (vi.mock, so only this file runs it), random schedules find each bug and the oracle names
 * it. Schedules are drawn from the steps that reach the bug (edits, discards, going offline and
 * settling), so a few runs suffice; the real merge passes the full property
 * (sync-property.test.ts). PGlite only: the database plays no part in a merge.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Merge from '../../src/shared/sync/merge';
import type { MergeInput, MergeResult, mergeRecords as MergeRecords } from '../../src/shared/sync/merge';
import { useBackend } from './support/backends';
import { checkSync, scheduleOf } from './support/sync-property';
import { budgetFor, testTimeout } from './support/property-budget';

type Bug = 'drop-sibling' | 'lose-delete' | 'spurious-conflict';

const broken = vi.hoisted(() => {
  const state = { bug: null as Bug | null };
  const fieldsOf = (record: { data: unknown }): Record<string, unknown> => ((record.data as { note?: { fields?: Record<string, unknown> } } | null)?.note?.fields ?? {});
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  function merge(real: typeof MergeRecords, input: MergeInput): MergeResult {
    const result = real(input);
    const { base, mine, theirs } = input;
    if (input.collection !== 'notes' || base === null) return result;
    if (state.bug === 'lose-delete' && mine.deleted !== theirs.deleted) {
      // Keeps the live version and reports nothing: the deletion is gone.
      const live = mine.deleted ? theirs : mine;
      return { merged: { ...live, rev: Math.max(mine.rev, theirs.rev) + 1, updatedAt: Math.max(mine.updatedAt, theirs.updatedAt) }, conflict: null };
    }
    if (mine.deleted || theirs.deleted || result.conflict !== null) return result;
    const [b, m, t] = [fieldsOf(base), fieldsOf(mine), fieldsOf(theirs)];
    const onlyTheirs = Object.keys(t).filter((k) => !same(t[k], b[k]) && same(m[k], b[k]));
    const onlyMine = Object.keys(m).filter((k) => !same(m[k], b[k]) && same(t[k], b[k]));
    if (onlyTheirs.length === 0 || onlyMine.length === 0) return result;
    if (state.bug === 'drop-sibling') {
      // The other side's edit of a sibling field is dropped: this side's (unchanged) value stays.
      const data = result.merged.data as { note: { fields: Record<string, unknown> } };
      const fields = { ...data.note.fields, ...Object.fromEntries(onlyTheirs.map((k) => [k, m[k]])) };
      return { ...result, merged: { ...result.merged, data: { ...data, note: { ...data.note, fields } } } };
    }
    if (state.bug === 'spurious-conflict') {
      // Edits of different fields reported as a conflict.
      const versions = (JSON.stringify(mine) < JSON.stringify(theirs) ? [mine, theirs] : [theirs, mine]) as [typeof mine, typeof theirs];
      const fields = [...onlyMine, ...onlyTheirs].map((k) => `data.note.fields.${k}`).sort();
      return { ...result, conflict: { kind: 'fields', collection: input.collection, id: input.id, fields, versions, base } };
    }
    return result;
  }
  return { state, merge };
});

vi.mock('../../src/shared/sync/merge', async (importOriginal) => {
  const real = await importOriginal<typeof Merge>();
  return { ...real, mergeRecords: (input: MergeInput) => broken.merge(real.mergeRecords, input) };
});

const RUNS = 40;
const BUDGET = budgetFor(RUNS, 6_000);

describe('the sync property catches a broken merge (fast-check, PGlite)', () => {
  const backend = useBackend('pglite');

  it.each([
    ['drop-sibling', ['edit', 'toggle', 'settle'], /note-[ab]\.\w+ = d\d-\d+-\w+ is neither final/],
    ['lose-delete', ['edit', 'discard', 'toggle', 'settle'], /note-[ab]\.deleted = 1 is neither final/],
    ['spurious-conflict', ['edit', 'toggle', 'settle'], /a fields conflict on note-[ab] .* that no two concurrent writes explain/],
  ] as const)('%s', async (bug, kinds, expected) => {
    broken.state.bug = bug;
    try {
      // Each bug must be named for what it is: a lost value for the first two, a conflict no
      // concurrent writes explain for the third (the oracle reports every finding of a run).
      // A fixed seed: whether a broken merge is caught in 40 runs must not depend on the draw.
      const details = await checkSync(backend.storage, { runs: RUNS, budget: BUDGET, endOnFailure: true, seed: 20261207, schedule: scheduleOf(kinds, 12) });
      expect(details.failed, `the oracle never caught ${bug} in ${RUNS} runs`).toBe(true);
      expect(String(details.errorInstance)).toMatch(expected);
    } finally {
      broken.state.bug = null;
    }
  }, testTimeout(BUDGET));
});
