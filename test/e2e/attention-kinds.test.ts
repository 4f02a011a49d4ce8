/**
 * The "Needs attention" list with an item of every kind and a sync conflict beside them, at
 * 1366x768 (out/screenshots/needs-attention-kinds.png). No device makes these records alone (its
 * own checks refuse them): they are what arrives from laptops that worked apart, a capacity
 * lowered elsewhere, a note that landed before its session. So the practice is written in Node
 * with the app's repositories (fake-indexeddb) and its IndexedDB loaded into a fresh profile as
 * the app's own, as the release-fixture test does; attention.test.ts makes three of the kinds
 * through two real profiles and a server.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/renderer/src/db/database';
import { AuthorizationsRepository } from '../../src/renderer/src/repositories/authorizations';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { createVault } from '../../src/renderer/src/vault';
import { defaultRules } from '../../src/shared/billing/payers';
import { addDays, isoToday } from '../../src/shared/calendar';
import { MIN_ARGON2 } from '../../src/shared/crypto';
import { admit } from '../../src/shared/episodes';
import { ATTENTION_KINDS } from '../../src/shared/invariants';
import { englishText } from '../../src/shared/messages';
import type { WeeklySchedule } from '../../src/shared/schedule';
import { dumpIndexedDb, loadIndexedDb, type IndexedDbDump } from '../renderer/support/release-fixtures';
import { AppSession } from './support/app';
import { VaultPages } from './pages/vault';

const PASSPHRASE = 'saffron kettle orbit meadow';
const ADMIN = 'Admin Attentionson';

/** A practice whose records break every rule, with one sync conflict: the app's database, dumped. */
async function practice(today: string): Promise<IndexedDbDump[]> {
  // The app's own database name: the dump loads into a fresh profile as the app's database.
  const db = await openDatabase({ name: 'waypoint', validate: true });
  const parts = createVault(db, { calibrate: async () => ({ params: { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 } }) });
  const { vault } = parts;
  await vault.init();
  const admin = await parts.enrolment.createPractice({ practiceName: 'Synthetic Attention Practice', adminName: ADMIN, passphrase: PASSPHRASE, recoveryCode: parts.enrolment.newRecoveryCode() });
  await new StaffRepository(db.staff, vault).create(admin.id, 'administrator', { displayName: ADMIN, credentials: 'LCSW', needsCosignature: false });

  const clients = new ClientsRepository(db.clients, vault);
  const programs = new ProgramsRepository(db.programs, vault);
  const sessions = new SessionsRepository(db.sessions, vault);
  const twicia = await clients.create({ firstName: 'Twicia', lastName: 'Admittova', dateOfBirth: '1979-02-11', phone: '555-0100' });
  const rosterA = await clients.create({ firstName: 'Rosterin', lastName: 'Capacitova', dateOfBirth: '1985-01-15' });
  const rosterB = await clients.create({ firstName: 'Rostera', lastName: 'Overbyova', dateOfBirth: '1986-02-16' });
  // One person registered on two laptops.
  for (let i = 0; i < 2; i++) await clients.create({ firstName: 'Dupla', lastName: 'Registrova', dateOfBirth: '1990-09-09' });

  // Admitted on two laptops apart.
  const program = await programs.createProgram({ name: 'Synthetic Rules IOP' });
  const track = await programs.createTrack(program.id, { name: 'Synthetic Track', population: 'adult' });
  const admission = (admittedOn: string) => admit({ clientId: twicia.id, programId: program.id, trackId: track.id, admittedOn, level: 'iop' });
  await new EpisodesRepository(db.episodes, vault).importMany([
    { id: 'episode-synthetic-office', data: admission(addDays(today, -3)) },
    { id: 'episode-synthetic-laptop', data: admission(addDays(today, -2)) },
  ]);

  // Two members of a group whose capacity another laptop lowered to one.
  const schedule: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '12:00', startsOn: today };
  const group = await programs.createGroup(track.id, { name: 'Synthetic Capacity Group', facilitatorIds: [admin.id], capacity: 2, schedule });
  await programs.addMembers(group.id, [rosterA.id, rosterB.id], today);
  const lowered = await programs.updateGroup(group.id, (current) => ({ ...current, capacity: 1 }));
  await sessions.generateForGroup(group.id, lowered.data, { from: today, to: addDays(today, 2) });

  // Two authorizations of one payer over the same weeks, entered on two laptops.
  const authorizations = new AuthorizationsRepository(db.plans, vault, db.settings);
  const payer = await authorizations.savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: defaultRules('commercial') });
  for (const [number, startOn] of [['AUTH-SYNTH-1', addDays(today, -7)], ['AUTH-SYNTH-2', today]] as const) {
    await authorizations.add({
      clientId: twicia.id,
      episodeId: 'episode-synthetic-office',
      payerId: payer.id,
      number,
      authorizedLevel: 'iop',
      levelDifferenceReason: '',
      units: 12,
      frequency: '3 days a week',
      startOn,
      endOn: addDays(startOn, 20),
      nextReviewOn: addDays(startOn, 10),
      reviewType: 'initial',
      status: 'approved',
      careManager: { name: 'Care Manager Synthetic', phone: '555-0199' },
      covers: ['group'],
      reviews: {},
      certifications: {},
      notes: '',
    });
  }

  // A signed note whose session has not arrived.
  const notes = new NotesRepository(db.notes, vault);
  const target = { sessionId: 'session-synthetic-not-here', clientId: twicia.id, date: addDays(today, -1), kind: 'progress' as const, templateId: 'GIRP' as const, authorId: admin.id };
  const fields = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
  const { id: noteId } = await notes.saveDraft(target, { fields });
  await notes.sign(noteId, { staffId: admin.id, name: ADMIN, credentials: 'LCSW', needsCosignature: false }, `${addDays(today, -1)}T18:00:00.000Z`);

  // One client's phone changed on two laptops: a sync conflict, both versions kept.
  const stored = (await db.clients.findOne(twicia.id).exec())!.toJSON() as unknown as Record<string, unknown>;
  const version = (phone: string, rev: number) => ({ plain: { kind: 'client', status: 'active', clientId: '' }, data: { ...twicia.data, phone }, rev, updatedAt: Date.now() - 60_000 + rev, deleted: false });
  await new ConflictsRepository(db.conflicts, vault).record(
    { kind: 'fields', collection: 'clients', id: twicia.id, fields: ['data.phone'], versions: [version('555-0101', 2), version('555-0102', 3)], base: version('555-0100', 1) },
    [stored, { ...stored, rev: 3 }],
  );
  const dump = await dumpIndexedDb();
  await db.close();
  return dump;
}

describe('needs attention: an item of every kind', () => {
  let app: AppSession | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('lists each kind with its resolutions, and the sync conflict beside them (screenshot at 1366x768)', async () => {
    const dump = await practice(isoToday(Date.now()));
    app = await AppSession.startWith(async (page) => {
      await page.evaluate(`(${loadIndexedDb.toString()})(indexedDB, ${JSON.stringify(dump)})`);
    });
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await new VaultPages(page).unlock(PASSPHRASE);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${app.url}#/attention`);
    await page.getByRole('heading', { level: 2, name: 'Needs attention' }).waitFor();

    const items = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3 }) });
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(Object.keys(ATTENTION_KINDS).length);
    for (const label of Object.values(ATTENTION_KINDS)) await items.getByText(englishText(label), { exact: true }).waitFor();
    const titles = await items.getByRole('heading', { level: 3 }).allTextContents();
    expect(titles).toHaveLength(5);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Admittova, Twicia has 2 open episodes',
        'Synthetic Capacity Group: 2 members, capacity 1',
        'Registrova, Dupla and Registrova, Dupla may be one person',
        'Admittova, Twicia: 2 authorizations of one payer overlap',
        expect.stringMatching(/^A signed note of \d{4}-\d{2}-\d{2} for Admittova, Twicia$/),
      ]),
    );
    const conflicts = page.getByRole('region', { name: /Sync conflicts to resolve \(1\)/ });
    await conflicts.getByText('The same field was changed on two devices').waitFor();
    // The record named in words, as the audit trail names it, never its raw id.
    const card = conflicts.getByRole('article', { name: 'Conflict in The client record of Admittova, Twicia' });
    await card.getByText('The client record of Admittova, Twicia', { exact: true }).waitFor();
    expect(await card.textContent()).not.toMatch(/client-[0-9a-f]/i);
    await expect(page.getByText('Nothing needs attention.').count()).resolves.toBe(0);

    await page.screenshot({ path: 'out/screenshots/needs-attention-kinds.png' });
    await page.screenshot({ path: 'out/screenshots/needs-attention-kinds-full.png', fullPage: true });
    expect(app.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
  }, 180_000);
});
