import { describe, expect, it } from 'vitest';
import type { Membership } from '../../src/shared/roster';
import { isMemberOn, rosterOn, sessionParticipants, validateMembershipChange } from '../../src/shared/roster';
import { generateOccurrences } from '../../src/shared/schedule';

const member = (id: string, clientId: string, joinedOn: string, leftOn?: string, groupId = 'morning'): Membership => ({
  id,
  clientId,
  groupId,
  joinedOn,
  ...(leftOn ? { leftOn, leaveReason: 'Stepped down to outpatient' } : {}),
});

const ids = (memberships: Membership[]) => memberships.map((m) => m.id);

const sessionDates = generateOccurrences(
  { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: '2026-02-02' },
  [],
  { from: '2026-02-02', to: '2026-02-27' },
).map((o) => o.date);

const rosters = (memberships: Membership[]) => sessionDates.map((date) => ids(sessionParticipants(memberships, 'morning', date)));

describe('membership dates', () => {
  it('counts the join and leave days as member days', () => {
    const m = member('m1', 'ana', '2026-02-04', '2026-02-13');
    expect(['2026-02-03', '2026-02-04', '2026-02-13', '2026-02-14'].map((date) => isMemberOn(m, date))).toEqual([false, true, true, false]);
    expect(isMemberOn(member('m2', 'ben', '2026-02-04'), '2030-01-01')).toBe(true);
  });

  it('lists the roster of one group in a stable order, whatever the input order', () => {
    const memberships = [
      member('m3', 'cal', '2026-02-09'),
      member('m2', 'ben', '2026-02-02'),
      member('m1', 'ana', '2026-02-09'),
      member('m4', 'dee', '2026-02-02', undefined, 'evening'),
      member('m5', 'eve', '2026-02-02', '2026-02-06'),
    ];
    expect(ids(rosterOn(memberships, 'morning', '2026-02-11'))).toEqual(['m2', 'm1', 'm3']);
    expect(ids(rosterOn([...memberships].reverse(), 'morning', '2026-02-11'))).toEqual(['m2', 'm1', 'm3']);
    expect(ids(rosterOn(memberships, 'evening', '2026-02-11'))).toEqual(['m4']);
  });
});

describe('session participants', () => {
  const original = [member('m1', 'ana', '2026-02-02'), member('m2', 'ben', '2026-02-02', '2026-02-13')];

  it('adding a member mid-series never changes earlier sessions', () => {
    const today = '2026-02-11';
    const before = rosters(original);
    const after = rosters([...original, member('m3', 'cal', today)]);
    sessionDates.forEach((date, index) => {
      if (date < today) expect(after[index]).toEqual(before[index]);
      else expect(after[index]).toContain('m3');
    });
    expect(ids(sessionParticipants([...original, member('m3', 'cal', today)], 'morning', '2026-02-09'))).toEqual(['m1', 'm2']);
  });

  it('ending a membership keeps the client on every session up to and including the leave date', () => {
    const byDate = Object.fromEntries(sessionDates.map((date, index) => [date, rosters(original)[index]]));
    expect(byDate['2026-02-13']).toEqual(['m1', 'm2']);
    expect(byDate['2026-02-16']).toEqual(['m1']);
    expect(sessionDates.filter((date) => byDate[date]?.includes('m2'))).toEqual([
      '2026-02-02', '2026-02-04', '2026-02-06', '2026-02-09', '2026-02-11', '2026-02-13',
    ]);
  });
});

describe('validateMembershipChange', () => {
  // Capacity 2: Ana is open-ended, Ben left on the 10th, Cal joins on the 20th with no end date.
  const group = [member('a', 'ana', '2026-02-01'), member('b', 'ben', '2026-02-01', '2026-02-10'), member('c', 'cal', '2026-02-20')];

  it('accepts a join that fits', () => {
    expect(validateMembershipChange(group, member('d', 'dee', '2026-02-11', '2026-02-19'), 2)).toEqual([]);
    expect(validateMembershipChange(group, member('d', 'dee', '2026-02-11', '2026-02-19', 'evening'), 1)).toEqual([]);
  });

  it('rejects a leave date before the join date', () => {
    expect(validateMembershipChange(group, member('d', 'dee', '2026-02-11', '2026-02-10'), 5)).toEqual([
      'The leave date cannot be before the join date',
    ]);
  });

  it('reports malformed dates in plain words', () => {
    expect(validateMembershipChange(group, { ...member('d', 'dee', '2026-02-11'), joinedOn: '11/02/2026' }, 5)).toEqual([
      'Join date must be a date (YYYY-MM-DD)',
    ]);
  });

  it('finds the busiest day over the change, counting open-ended members', () => {
    expect(validateMembershipChange(group, member('d', 'dee', '2026-02-05'), 2)).toEqual([
      'The group would have 3 members on 2026-02-05, over its capacity of 2',
    ]);
    // Fine on the 11th, but Cal's open-ended membership from the 20th makes three.
    expect(validateMembershipChange(group, member('d', 'dee', '2026-02-11'), 2)).toEqual([
      'The group would have 3 members on 2026-02-20, over its capacity of 2',
    ]);
    expect(validateMembershipChange(group, member('d', 'dee', '2026-02-11'), 3)).toEqual([]);
  });

  it('never blocks ending a membership, but checks the days an extension adds', () => {
    expect(validateMembershipChange(group, member('a', 'ana', '2026-02-01', '2026-02-28'), 1)).toEqual([]);
    expect(validateMembershipChange(group, member('b', 'ben', '2026-02-01'), 2)).toEqual([
      'The group would have 3 members on 2026-02-20, over its capacity of 2',
    ]);
    // Already over capacity 1 before the edit: the first added day, the 11th, is reported.
    expect(validateMembershipChange(group, member('b', 'ben', '2026-02-01', '2026-02-15'), 1)).toEqual([
      'The group would have 2 members on 2026-02-11, over its capacity of 1',
    ]);
  });

  it('rejects joining a group the client is already in', () => {
    expect(validateMembershipChange(group, member('d', 'ana', '2026-02-16'), 5)).toEqual([
      'The client is already in this group on 2026-02-16 (2026-02-01 to no end date)',
    ]);
  });

  it('rejects a membership that overlaps a later one of the same client', () => {
    expect(validateMembershipChange(group, member('d', 'cal', '2026-02-11', '2026-02-25'), 5)).toEqual([
      'This membership overlaps another one for the same client (2026-02-20 to no end date)',
    ]);
  });

  it('allows the same client to rejoin after leaving', () => {
    expect(validateMembershipChange(group, member('d', 'ben', '2026-02-11'), 5)).toEqual([]);
    expect(validateMembershipChange(group, member('d', 'ben', '2026-02-10'), 5)).toEqual([
      'The client is already in this group on 2026-02-10 (2026-02-01 to 2026-02-10)',
    ]);
  });
});
