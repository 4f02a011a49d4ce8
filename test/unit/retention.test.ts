import { describe, expect, it } from 'vitest';
import { archivable, archiveAfterMonthsSchema, belongsTo, monthsBefore, type EpisodeFacts } from '../../src/shared/retention';

const records: Record<string, string[]> = { 'client-a': ['episode-a', 'note-a'], 'client-b': ['episode-b1', 'episode-b2'], 'client-c': ['episode-c'], 'client-d': ['episode-d'] };
const episodes: EpisodeFacts[] = [
  { clientId: 'client-a', dischargedOn: '2025-05-31' }, // 18 months before today
  { clientId: 'client-b', dischargedOn: '2024-01-10' },
  { clientId: 'client-b', dischargedOn: null }, // readmitted
  { clientId: 'client-c', dischargedOn: '2026-10-01' }, // two months ago
  { clientId: 'client-d', dischargedOn: '2023-01-01' },
  { clientId: 'client-d', dischargedOn: '2026-06-08' }, // last discharge six months ago to the day
];
const input = { today: '2026-12-08', episodes, recordsOf: (id: string) => records[id] ?? [], pending: new Set<string>() };

describe('retention: who may be archived', () => {
  it('is nobody while the setting is off', () => {
    expect(archivable({ ...input, months: 0 }).clientIds).toEqual([]);
  });

  it('takes clients whose last discharge is at least N months back, none with an open episode', () => {
    const six = archivable({ ...input, months: 6 });
    expect(six.clientIds).toEqual(['client-a', 'client-d']);
    expect(Object.fromEntries(six.kept)).toEqual({ 'client-b': 'open-episode', 'client-c': 'recent-discharge' });
    expect(archivable({ ...input, months: 12 }).clientIds).toEqual(['client-a']);
    expect(archivable({ ...input, months: 24 }).clientIds).toEqual([]);
  });

  it('keeps a client with any change the server has not acknowledged, and skips those archived already', () => {
    const pending = archivable({ ...input, months: 6, pending: new Set(['note-a']) });
    expect(pending.clientIds).toEqual(['client-d']);
    expect(pending.kept.get('client-a')).toBe('pending-changes');
    expect(archivable({ ...input, months: 6, pending: new Set(['client-d']) }).clientIds).toEqual(['client-a']);
    expect(archivable({ ...input, months: 6, archived: new Set(['client-a']) }).clientIds).toEqual(['client-d']);
  });

  it('counts calendar months, clamping to the end of shorter months', () => {
    expect(monthsBefore('2026-12-08', 6)).toBe('2026-06-08');
    expect(monthsBefore('2026-08-31', 6)).toBe('2026-02-28');
    expect(monthsBefore('2028-08-31', 6)).toBe('2028-02-29');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });

  it('accepts only off or the offered periods', () => {
    for (const ok of [0, 6, 12, 24, 36]) expect(archiveAfterMonthsSchema.safeParse(ok).success).toBe(true);
    for (const bad of [1, 7, -6, '6', null]) expect(archiveAfterMonthsSchema.safeParse(bad).success).toBe(false);
  });

  it("a record belongs to the client it names; a group session's shared records stay", () => {
    expect(belongsTo('client-a', { id: 'client-a' })).toBe(true);
    expect(belongsTo('client-a', { id: 'note-1', clientId: 'client-a' })).toBe(true);
    expect(belongsTo('client-a', { id: 'note-2', clientId: '' })).toBe(false);
    expect(belongsTo('client-a', { id: 'session-1' })).toBe(false);
  });
});
