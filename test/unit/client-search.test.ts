import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientSearchIndex, type ClientSearchEntry, type ClientSearchOptions } from '../../src/shared/client-search';

type Status = 'active' | 'discharged';

// Syllables without q, x, y or z, so no generated name can collide with the planted ones below.
const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const CODAS = ['', 'n', 'r', 'l', 'm'];

// Integer hash, so first and last names vary independently across the 2,000.
function mix(n: number): number {
  let h = Math.imul(n ^ (n >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

function word(seed: number, syllables: number): string {
  let text = '';
  for (let i = 0; i < syllables; i++) {
    const n = mix(seed * 8 + i) % (ONSETS.length * VOWELS.length * CODAS.length);
    text += `${ONSETS[n % 13]}${VOWELS[Math.floor(n / 13) % 5]}${CODAS[Math.floor(n / 65)]}`;
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function generated(i: number): ClientSearchEntry<Status> {
  return {
    id: `client-${hex(i * 2_654_435_761 % 2 ** 32, 8)}-0000-4000-8000-${hex(i, 12)}`,
    mrn: `W-${String(i).padStart(5, '0')}`,
    status: i % 5 === 0 ? 'discharged' : 'active',
    identity: {
      firstName: word(i, 2),
      lastName: word(i + 5000, 3),
      preferredName: i % 7 === 0 ? word(i + 9000, 1) : '',
      // 1950–1979: the planted clients' 1984 and 1991 dates of birth stay unique.
      dateOfBirth: `${1950 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    },
  };
}

const planted = {
  zq: {
    id: 'client-7e57c0de-1111-4111-8111-000000000001',
    mrn: 'W-90001',
    status: 'active',
    identity: { firstName: 'Zyxwvut', lastName: 'Quibbleworth', preferredName: '', dateOfBirth: '1984-02-29' },
  },
  ze: {
    id: 'client-7e57c0de-2222-4222-8222-000000000002',
    mrn: 'W-90002',
    status: 'discharged',
    identity: { firstName: 'Zyxwvut', lastName: 'Exampleton', preferredName: '', dateOfBirth: '1991-07-04' },
  },
  tq: {
    id: 'client-0badcafe-3333-4333-8333-000000000003',
    mrn: 'W-90003',
    status: 'active',
    identity: { firstName: 'Testa', lastName: 'Quibbleworth', preferredName: 'Quill', dateOfBirth: '1991-07-04' },
  },
  zoe: {
    id: 'client-0badcafe-4444-4444-8444-000000000004',
    mrn: 'W-90004',
    status: 'active',
    identity: { firstName: 'Zoë', lastName: "O'Placeholder-Smythe", preferredName: '', dateOfBirth: '1984-11-12' },
  },
} satisfies Record<string, ClientSearchEntry<Status>>;

const CLIENTS = [...Array.from({ length: 2_000 }, (_, i) => generated(i)), ...Object.values(planted)];

let index: ClientSearchIndex<Status>;
const ids = (query: string, options?: ClientSearchOptions<Status>) => index.search(query, options).map((hit) => hit.id);
const first = (query: string) => ids(query)[0];

describe('searching 2,000 clients', () => {
  beforeAll(() => {
    index = new ClientSearchIndex(CLIENTS);
  });

  it('indexes every client', () => {
    expect(index.size).toBe(2_004);
  });

  it.each([
    ['quibbleworth', planted.zq.id],
    ['Exampl', planted.ze.id],
    ['tes', planted.tq.id],
    ['smythe', planted.zoe.id],
    ['placeholder', planted.zoe.id],
    ["o'placeholder", planted.zoe.id],
  ])('finds a partial or whole name first: %s', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it('finds generated clients by partial first and last name, ranking no weaker match above them', () => {
    for (const target of CLIENTS.filter((_, i) => i % 97 === 0)) {
      const [first4, last5] = [target.identity.firstName.slice(0, 4), target.identity.lastName.slice(0, 5)];
      const hits = ids(`${first4} ${last5}`, { limit: 2_004 });
      const rank = hits.indexOf(target.id);
      expect(rank).toBeGreaterThanOrEqual(0);
      for (const id of hits.slice(0, rank)) {
        const { firstName, lastName } = CLIENTS.find((c) => c.id === id)!.identity;
        expect([firstName.startsWith(first4), lastName.startsWith(last5)]).toEqual([true, true]);
      }
    }
  });

  it('finds a client by preferred name', () => {
    expect(first('quill')).toBe(planted.tq.id);
  });

  it.each(['zoe', 'ZOË', 'Zoe\u0308'])('ignores diacritics: %s', (query) => {
    expect(first(query)).toBe(planted.zoe.id);
  });

  it.each(['Quibblewort', 'Qibbleworth', 'Quibbelworth'])('tolerates the typo %s', (query) => {
    expect(ids(query).slice(0, 2).sort()).toEqual([planted.tq.id, planted.zq.id].sort());
  });

  it('does not fuzz short terms', () => {
    expect(ids('zyz')).toEqual([]);
  });

  it('narrows with every term it is given', () => {
    expect(ids('zyx').sort()).toEqual([planted.ze.id, planted.zq.id].sort());
    expect(ids('quib').sort()).toEqual([planted.tq.id, planted.zq.id].sort());
    expect(ids('zyx quib')).toEqual([planted.zq.id]);
    expect(ids('zyx quib nothing')).toEqual([]);
  });

  it.each(['1984-02-29', '1984-2-29', '02/29/1984', '2/29/1984', '02-29-1984', '02291984', '19840229'])(
    'matches the date of birth typed as %s exactly',
    (query) => {
      expect(ids(query)).toEqual([planted.zq.id]);
    },
  );

  it('combines a date with a name', () => {
    expect(ids('7/4/1991').sort()).toEqual([planted.tq.id, planted.ze.id].sort());
    expect(ids('7/4/1991 zyx')).toEqual([planted.ze.id]);
  });

  it('finds nothing for a date no one was born on, or no real date', () => {
    expect(ids('1984-03-01')).toEqual([]);
    expect(ids('02/30/1984')).toEqual([]);
  });

  it('finds every generated client born on a date', () => {
    const dob = CLIENTS[17]!.identity.dateOfBirth;
    const expected = CLIENTS.filter((c) => c.identity.dateOfBirth === dob).map((c) => c.id);
    expect(ids(dob, { limit: 100 }).sort()).toEqual(expected.sort());
  });

  it('finds a client by id prefix, with or without the kind prefix, and by record number', () => {
    expect(ids('7e57c0de').sort()).toEqual([planted.ze.id, planted.zq.id].sort());
    expect(ids('7e57c0de-1111')).toEqual([planted.zq.id]);
    expect(ids(planted.zq.id)).toEqual([planted.zq.id]);
    expect(ids('w-90003')).toEqual([planted.tq.id]);
    expect(ids('W-9000').sort()).toEqual(Object.values(planted).map((c) => c.id).sort());
  });

  it('limits and filters by status', () => {
    expect(ids('b', { limit: 5 })).toHaveLength(5);
    expect(ids('zyx', { status: ['active'] })).toEqual([planted.zq.id]);
    expect(ids('zyx', { status: ['discharged'] })).toEqual([planted.ze.id]);
  });

  it('ignores an empty or punctuation-only query', () => {
    expect(ids('')).toEqual([]);
    expect(ids('  - / ')).toEqual([]);
  });

});

describe('changing the index', () => {
  beforeEach(() => {
    index = new ClientSearchIndex(CLIENTS);
  });

  it('re-indexes an edited client and forgets a removed one', () => {
    index.replace(planted.zq.id, { ...planted.zq, identity: { ...planted.zq.identity, lastName: 'Exampleton' } });
    expect(ids('zyx quib')).toEqual([]);
    expect(ids('zyx exampleton').sort()).toEqual([planted.ze.id, planted.zq.id].sort());

    index.remove(planted.ze.id);
    expect(ids('zyx')).toEqual([planted.zq.id]);
    expect(ids('1991-07-04')).toEqual([planted.tq.id]);
    expect(index.size).toBe(2_003);
    index.remove(planted.ze.id);
    expect(index.size).toBe(2_003);
  });

  it('refuses a second add of the same id', () => {
    expect(() => index.add(planted.zq)).toThrow();
  });

  it('forgets everything on clear(), and can be rebuilt', () => {
    const probes = ['b', 'd', 'zyx', 'quill', 'zoe', '2/29/1984', '7e57', 'w-9000'];
    for (const query of probes) expect(ids(query)).not.toEqual([]);
    index.clear();
    expect(index.size).toBe(0);
    for (const client of CLIENTS.filter((_, i) => i % 50 === 0)) {
      const { firstName, lastName, dateOfBirth } = client.identity;
      expect(ids(`${firstName} ${lastName}`)).toEqual([]);
      expect(ids(dateOfBirth)).toEqual([]);
      expect(ids(client.id)).toEqual([]);
    }
    for (const query of probes) expect(ids(query)).toEqual([]);

    index.add(planted.zq);
    expect(ids('zyx')).toEqual([planted.zq.id]);
  });
});
