/**
 * The bench's practice generator (bench/page/practice.ts) at a small size: two "years" of a week
 * each, so the rolling cohorts, readmissions and records it writes are checked in CI while the
 * bench itself stores five full years.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/renderer/src/db/database';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { PlansRepository } from '../../src/renderer/src/repositories/plans';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { storePractice } from '../../bench/page/practice';
import { testKeySource } from './support/keys';

const TODAY = '2026-11-25';

async function practice() {
  const db = await openDatabase({ name: `bench-practice-${crypto.randomUUID()}`, validate: true });
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
  await repos.staff.importMany([{ id: 'bench-admin', role: 'administrator', details: { displayName: 'Bench Admin', credentials: 'LCSW', needsCosignature: false } }]);
  const stored = await storePractice(repos, { today: TODAY, adminId: 'bench-admin', years: 2, scale: 7 / 364 });
  return { db, repos, stored };
}

describe('bench practice generator', () => {
  let made: Awaited<ReturnType<typeof practice>>;
  // Some seconds of sealed writes on a busy machine: generated once for both checks.
  beforeAll(async () => {
    made = await practice();
  }, 120_000);
  afterAll(async () => {
    await made.db.remove();
  });

  it('keeps 60 clients in programme, replaces cohorts 2–5 each year and readmits cohort 1', async () => {
    const { db, repos, stored } = made;
    expect(stored.clients).toBe(60);
    expect(stored.allClients).toBe(60 + 48);
    const clients = await repos.clients.all();
    expect(clients.filter((c) => c.status === 'active')).toHaveLength(60);
    expect(clients.filter((c) => c.status === 'discharged').map((c) => c.id)).toContain('bench-client-y1-012');
    const history = await repos.episodes.forClient(stored.longestHistoryClientId);
    expect(history.map((e) => e.status).sort()).toEqual(['active', 'discharged']);
    expect(await db.plans.find({ selector: { kind: 'plan' } }).exec()).toHaveLength(stored.plans);
    expect(stored.plans).toBe(120);
    // Every PHQ-9 stored scored, none left with an open alert.
    expect(await db.plans.find({ selector: { kind: 'measure' } }).exec()).toHaveLength(stored.measures);
    expect(stored.measures).toBeGreaterThan(0);
    expect(await db.plans.find({ selector: { kind: 'measure', status: 'alert-open' } }).exec()).toHaveLength(0);
    expect(await db.notes.count().exec()).toBe(stored.notes);
    expect(await db.sessions.count().exec()).toBe(stored.sessions);
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
