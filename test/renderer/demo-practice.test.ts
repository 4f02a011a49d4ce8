/**
 * The demo practices stored through the repositories at a small size: the default one offered at
 * first run, and the multi-year one (`npm run demo -- --years`, and what the bench stores) at two
 * "years" of a week each. Each holds, per collection, the documents its generator says it makes,
 * and every one of them opens with the practice key (and with no other).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointCollections, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { loadDemoPractice, loadYearsPractice } from '../../src/renderer/src/demo/load-demo';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { PlansRepository } from '../../src/renderer/src/repositories/plans';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import type { DataKey } from '../../src/shared/crypto';
import { generateYearsPractice, yearsPracticeCounts } from '../../src/shared/demo/years';
import { openPayload, type StoredRecord } from '../../src/shared/records';
import { testKeySource } from './support/keys';

const TODAY = '2026-11-25';
const SMALL = { today: TODAY, adminId: 'demo-admin', years: 2, scale: 7 / 364 };

async function repositories() {
  const db = await openDatabase({ name: `demo-practice-${crypto.randomUUID()}`, validate: true });
  const keys = await testKeySource();
  const repos = {
    staff: new StaffRepository(db.staff, keys),
    programs: new ProgramsRepository(db.programs, keys),
    clients: new ClientsRepository(db.clients, keys),
    episodes: new EpisodesRepository(db.episodes, keys),
    sessions: new SessionsRepository(db.sessions, keys),
    notes: new NotesRepository(db.notes, keys),
    plans: new PlansRepository(db.plans, keys),
    measures: new MeasuresRepository(db.plans, keys),
  };
  return { db, keys, repos };
}

type Name = keyof WaypointCollections;
const namesOf = (counts: object) => Object.keys(counts) as Name[];

async function documentCounts(db: WaypointDatabase, collections: readonly Name[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(collections.map(async (name) => [name, await db.collections[name].count().exec()] as const)));
}

/** Every stored document of `collection`, opened with `key`: the first failure rejects. */
async function openEvery(db: WaypointDatabase, collection: Name, key: DataKey) {
  const docs: { toJSON(): unknown }[] = await db.collections[collection].find().exec();
  return Promise.all(docs.map((doc) => openPayload<Record<string, unknown>>(key, collection, doc.toJSON() as StoredRecord)));
}

describe('the multi-year demo practice', () => {
  let made: Awaited<ReturnType<typeof repositories>> & { loaded: Awaited<ReturnType<typeof loadYearsPractice>> };
  // Some seconds of sealed writes on a busy machine: stored once for every check.
  beforeAll(async () => {
    const parts = await repositories();
    made = { ...parts, loaded: await loadYearsPractice(parts.repos, SMALL) };
  }, 120_000);
  afterAll(async () => {
    await made.db.remove();
  });

  it('stores in each collection the documents the generator says it makes, and nothing elsewhere', async () => {
    const claimed = yearsPracticeCounts(generateYearsPractice(SMALL));
    expect(made.loaded.stored).toEqual(claimed);
    expect(await documentCounts(made.db, namesOf(claimed))).toEqual(claimed);
    // Two weeks of five cohorts: sessions, notes, measures and plans of both years.
    expect(claimed).toMatchObject({ staff: 5, clients: 60 + 48, episodes: 120 });
    expect(claimed.sessions).toBeGreaterThan(200);
    expect(claimed.notes).toBeGreaterThan(1000);
    const others = namesOf(made.db.collections).filter((name) => !(name in claimed));
    expect(await documentCounts(made.db, others)).toEqual(Object.fromEntries(others.map((name) => [name, 0])));
  }, 60_000);

  it('seals every record to the practice key: each opens with it and not with another', async () => {
    const other = await testKeySource();
    for (const [collection, stored] of Object.entries(made.loaded.stored) as [keyof typeof made.loaded.stored, number][]) {
      expect(await openEvery(made.db, collection, made.keys.key)).toHaveLength(stored);
      const first: { toJSON(): unknown } | null = await made.db.collections[collection].findOne().exec();
      await expect(openPayload(other.key, collection, first!.toJSON() as StoredRecord)).rejects.toThrow();
    }
    const client = await made.repos.clients.get('bench-client-000');
    expect(client?.data).toMatchObject({ firstName: 'Benchfirst1', lastName: 'Synthetic01' });
  }, 60_000);

  it('keeps 60 clients in programme, replaces cohorts 2–5 each year and readmits cohort 1', async () => {
    const { db, repos, loaded } = made;
    expect(loaded.clients).toBe(60);
    expect(loaded.allClients).toBe(60 + 48);
    const clients = await repos.clients.all();
    expect(clients.filter((c) => c.status === 'active')).toHaveLength(60);
    expect(clients.filter((c) => c.status === 'discharged').map((c) => c.id)).toContain('bench-client-y1-012');
    const history = await repos.episodes.forClient(loaded.longestHistoryClientId);
    expect(history.map((e) => e.status).sort()).toEqual(['active', 'discharged']);
    expect(await db.plans.find({ selector: { kind: 'plan' } }).exec()).toHaveLength(loaded.plans);
    expect(loaded.plans).toBe(120);
    // Every PHQ-9 stored scored, none left with an open alert.
    expect(await db.plans.find({ selector: { kind: 'measure' } }).exec()).toHaveLength(loaded.measures);
    expect(loaded.measures).toBeGreaterThan(0);
    expect(await db.plans.find({ selector: { kind: 'measure', status: 'alert-open' } }).exec()).toHaveLength(0);
  }, 60_000);

  it('writes no note for a client outside their year in programme', async () => {
    const { repos } = made;
    const earlier = await repos.notes.forClient('bench-client-y1-012');
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((n) => n.date < '2026-11-18')).toBe(true);
    const current = await repos.notes.forClient('bench-client-012');
    expect(current.length).toBeGreaterThan(0);
    expect(current.every((n) => n.date >= '2026-11-18')).toBe(true);
  }, 60_000);
});

describe('the default demo practice', () => {
  it('stores what it reports, each record opening with the practice key', async () => {
    const { db, keys, repos } = await repositories();
    try {
      const loaded = await loadDemoPractice(repos, { today: TODAY, clients: 8, weeksBack: 2, weeksAhead: 1, seed: 3 });
      expect(await documentCounts(db, ['staff', 'programs', 'clients', 'episodes', 'sessions'])).toEqual({
        staff: loaded.staff,
        programs: loaded.programmeRecords,
        clients: loaded.clients,
        episodes: loaded.episodes,
        sessions: loaded.sessions,
      });
      expect(loaded.clients).toBe(8);
      for (const collection of ['staff', 'programs', 'clients', 'episodes', 'sessions'] as const) expect(await openEvery(db, collection, keys.key)).toHaveLength(await db.collections[collection].count().exec());
    } finally {
      await db.remove();
    }
  }, 60_000);
});
