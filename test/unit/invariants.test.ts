import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionItems, dismissal, type PracticeSnapshot } from '../../src/shared/invariants';

const identity = (firstName: string, lastName: string, dateOfBirth: string) => ({ firstName, lastName, preferredName: '', dateOfBirth });

/** A practice where every rule holds: two clients, one group of capacity 2, one session. */
function practice(change: Partial<PracticeSnapshot> = {}): PracticeSnapshot {
  return {
    clients: [
      { id: 'client-a', identity: identity('Testa', 'Alphaton', '1980-01-11'), merged: false, origin: { device: 'laptop-1', at: 1 } },
      { id: 'client-b', identity: identity('Sampla', 'Bravoton', '1981-02-12'), merged: false },
    ],
    episodes: [
      { id: 'episode-a', clientId: 'client-a', programId: 'program-1', open: true, admittedOn: '2026-03-01' },
      { id: 'episode-b-old', clientId: 'client-b', programId: 'program-1', open: false, admittedOn: '2025-01-01' },
      { id: 'episode-b', clientId: 'client-b', programId: 'program-1', open: true, admittedOn: '2026-03-01' },
    ],
    memberships: [
      { id: 'm-a', clientId: 'client-a', groupId: 'group-1', joinedOn: '2026-03-01' },
      { id: 'm-b', clientId: 'client-b', groupId: 'group-1', joinedOn: '2026-03-01' },
    ],
    groups: [{ id: 'group-1', capacity: 2 }],
    sessions: [{ id: 'session-1', groupId: 'group-1', date: '2026-03-02', capacityOverride: false }],
    notes: [{ id: 'note-1', sessionId: 'session-1', clientId: 'client-a', signed: true }],
    authorizations: [],
    noteTargets: { sessions: ['session-1'], clients: ['client-a'] },
    dismissals: [],
    ...change,
  };
}

describe('practice invariants across laptops', () => {
  it('finds nothing when every rule holds', () => {
    expect(attentionItems(practice())).toEqual([]);
  });

  it('two open episodes of one client in one programme, with where each came from', () => {
    const base = practice();
    const items = attentionItems({ ...base, episodes: [...base.episodes, { id: 'episode-a2', clientId: 'client-a', programId: 'program-1', open: true, admittedOn: '2026-03-02', origin: { device: 'laptop-2', at: 5 } }] });
    expect(items).toEqual([{ key: 'open-episodes:episode-a+episode-a2', kind: 'open-episodes', recordIds: ['episode-a', 'episode-a2'], origins: [{ recordId: 'episode-a2', origin: { device: 'laptop-2', at: 5 } }], resolutions: ['close-episode'] }]);
    // Another programme is allowed; closing one resolves it.
    expect(attentionItems({ ...base, episodes: [...base.episodes, { id: 'episode-a2', clientId: 'client-a', programId: 'program-2', open: true, admittedOn: '2026-03-02' }] })).toEqual([]);
  });

  it('a group over capacity on a session date, unless an override was recorded on that session', () => {
    const base = practice();
    const over = { ...base, memberships: [...base.memberships, { id: 'm-c', clientId: 'client-c', groupId: 'group-1', joinedOn: '2026-03-02' }] };
    expect(attentionItems(over).map((i) => [i.key, i.date])).toEqual([['over-capacity:2026-03-02:m-a+m-b+m-c', '2026-03-02']]);
    expect(attentionItems({ ...over, sessions: [{ ...over.sessions[0]!, capacityOverride: true }] })).toEqual([]);
    // Only dates with a session count: the roster on other days is not a session over capacity.
    expect(attentionItems({ ...over, sessions: [{ ...over.sessions[0]!, date: '2026-03-01' }] })).toEqual([]);
  });

  it('one person registered twice, by the intake duplicate rules; "not the same person" dismisses exactly that pair', () => {
    const base = practice();
    const twice = { ...base, clients: [...base.clients, { id: 'client-a2', identity: identity('Testa', 'Alphaton', '1980-01-11'), merged: false, origin: { device: 'laptop-2', at: 9 } }] };
    const [found] = attentionItems(twice);
    expect(found).toMatchObject({ kind: 'duplicate-client', recordIds: ['client-a', 'client-a2'], resolutions: ['merge-clients', 'not-same-person'] });
    const decided = { ...twice, dismissals: [dismissal(found!, 'not-same-person')] };
    expect(attentionItems(decided)).toEqual([]);
    // A third record of the same person is a new pair: it is listed again.
    const third = { ...decided, clients: [...decided.clients, { id: 'client-a3', identity: identity('Testa', 'Alphaton', '1980-01-11'), merged: false }] };
    expect(attentionItems(third).map((i) => i.recordIds.join('+'))).toEqual(['client-a+client-a3', 'client-a2+client-a3']);
    // Merged records are tombstones, not duplicates.
    expect(attentionItems({ ...twice, clients: twice.clients.map((c) => (c.id === 'client-a2' ? { ...c, merged: true } : c)) })).toEqual([]);
    expect(() => dismissal(found!, 'close-episode')).toThrow('is resolved by changing the records');
  });

  it('overlapping authorizations of one client and payer; a signed note whose session or client is gone', () => {
    const base = practice();
    const auth = (id: string, startOn: string, endOn: string) => ({ id, clientId: 'client-a', payerId: 'payer-1', startOn, endOn, status: 'approved' as const });
    expect(attentionItems({ ...base, authorizations: [auth('auth-1', '2026-03-01', '2026-03-14'), auth('auth-2', '2026-03-10', '2026-03-20')] }).map((i) => i.key)).toEqual(['overlapping-authorizations:auth-1+auth-2']);
    const gone = { ...base, noteTargets: { sessions: [], clients: ['client-a'] } };
    const [orphan] = attentionItems(gone);
    expect(orphan).toMatchObject({ key: 'orphan-note:note-1', resolutions: ['restore-record', 'keep-note'] });
    expect(attentionItems({ ...base, noteTargets: { sessions: ['session-1'], clients: [] } }).map((i) => i.key)).toEqual(['orphan-note:note-1']);
    expect(attentionItems({ ...gone, notes: [{ ...base.notes[0]!, signed: false }] })).toEqual([]);
    // Restoring the session resolves it; so does a person deciding the note stands on its own.
    expect(attentionItems(base)).toEqual([]);
    expect(attentionItems({ ...gone, dismissals: [dismissal(orphan!, 'keep-note')] })).toEqual([]);
    expect(() => dismissal(orphan!, 'restore-record')).toThrow('is resolved by changing the records');
  });

  it('gives every device the same items whatever order its records arrived in', () => {
    const base = practice();
    const messy: PracticeSnapshot = {
      ...base,
      clients: [...base.clients, { id: 'client-a2', identity: identity('Testa', 'Alphaton', '1980-01-11'), merged: false }],
      episodes: [...base.episodes, { id: 'episode-a2', clientId: 'client-a', programId: 'program-1', open: true, admittedOn: '2026-03-02' }],
      memberships: [...base.memberships, { id: 'm-c', clientId: 'client-c', groupId: 'group-1', joinedOn: '2026-03-01' }],
    };
    const expected = attentionItems(messy);
    expect(expected.map((i) => i.kind)).toEqual(['duplicate-client', 'open-episodes', 'over-capacity']);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (seeds) => {
        const shuffle = <T,>(xs: readonly T[], salt: number) => [...xs].map((x, i) => ({ x, k: (seeds[(i + salt) % seeds.length]! * 31 + i) % 997 })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const shuffled = { ...messy, clients: shuffle(messy.clients, 1), episodes: shuffle(messy.episodes, 2), memberships: shuffle(messy.memberships, 3) };
        expect(attentionItems(shuffled)).toEqual(expected);
      }),
    );
  });
});
