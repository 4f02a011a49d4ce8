import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { VaultLockedError } from '../../src/renderer/src/db/sealed-store';
import { isoToday } from '../../src/shared/calendar';
import { ClientValidationError, ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ContactsRepository } from '../../src/renderer/src/repositories/contacts';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { mergeDuplicateClient } from '../../src/renderer/src/repositories/merge';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import type { ClientIdentityInput, ContactAttempt } from '../../src/shared/clients';
import { EpisodeRuleError, type Admission } from '../../src/shared/episodes';
import { testKeySource } from './support/keys';

/** 2026-06-15 12:00 UTC: the same local calendar date in every zone from UTC-11 to UTC+11. */
const NOW = Date.UTC(2026, 5, 15, 12);
const TODAY = '2026-06-15';

const ZYX: ClientIdentityInput = {
  firstName: 'Zyxwvut',
  lastName: 'Quibbleworth',
  preferredName: 'Zeebrovant',
  dateOfBirth: '1984-02-29',
  phone: '555-0199',
  diagnoses: [{ code: 'F33.1', label: 'Synthetic diagnosis Xyloquartz', primary: true }],
};
const WAITLIST = { priority: 'routine' as const, addedOn: '2026-06-01', reason: 'Synthetic waitlist reason Plovdrix', attempts: [] };
const ATTEMPT: ContactAttempt = { on: '2026-06-10', method: 'phone', outcome: 'Synthetic voicemail Wombleton' };

let counter = 0;

describe('clients and episodes repositories on RxDB + Dexie (fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let keys: Awaited<ReturnType<typeof testKeySource>>;
  let clients: ClientsRepository;
  let episodes: EpisodesRepository;

  beforeEach(async () => {
    db = await openDatabase({ name: `clients-episodes-${++counter}-${crypto.randomUUID()}`, validate: true });
    keys = await testKeySource();
    clients = new ClientsRepository(db.clients, keys, () => NOW);
    episodes = new EpisodesRepository(db.episodes, keys, () => NOW);
  });
  afterEach(async () => {
    await db.remove();
  });

  const rawClients = async () => JSON.stringify((await db.clients.find().exec()).map((d) => d.toJSON()));
  const rawEpisodes = async () => JSON.stringify((await db.episodes.find().exec()).map((d) => d.toJSON()));

  describe('ClientsRepository', () => {
    it('isoToday is the local calendar date of the clock', () => {
      expect(isoToday(NOW)).toBe(TODAY);
    });

    it('creates an active client when intake has no waitlist details', async () => {
      const created = await clients.create(ZYX);
      expect(created).toMatchObject({ kind: 'client', status: 'active', clientId: '', rev: 1, updatedAt: NOW });
      expect(created.id).toMatch(/^client-[0-9a-f-]{36}$/);
      expect(created.data).toMatchObject({ firstName: 'Zyxwvut', lastName: 'Quibbleworth', email: '', flags: [], diagnoses: [{ code: 'F33.1', primary: true }] });
      expect(await clients.get(created.id)).toEqual(created);
    });

    it('creates a waitlisted client when intake has waitlist details', async () => {
      const created = await clients.create({ ...ZYX, waitlist: WAITLIST });
      expect(created.status).toBe('waitlist');
      expect((await db.clients.findOne(created.id).exec())?.status).toBe('waitlist');
    });

    it('update replaces the details but keeps the status', async () => {
      const created = await clients.create({ ...ZYX, waitlist: WAITLIST });
      const updated = await clients.update(created.id, { ...ZYX, firstName: 'Yxwvuts' });
      expect(updated.status).toBe('waitlist');
      expect(updated.rev).toBe(2);
      expect(updated.data.firstName).toBe('Yxwvuts');
      expect(updated.data.waitlist).toBeUndefined();
      expect((await clients.get(created.id))?.status).toBe('waitlist');
    });

    it('update refuses invalid intake and leaves the record as it was', async () => {
      const created = await clients.create(ZYX);
      await expect(clients.update(created.id, { ...ZYX, lastName: '  ' })).rejects.toThrow(new ClientValidationError('Last name is required'));
      expect(await clients.get(created.id)).toMatchObject({ rev: 1, data: { lastName: 'Quibbleworth' } });
    });

    it('setStatus changes only the status', async () => {
      const created = await clients.create({ ...ZYX, waitlist: WAITLIST });
      const active = await clients.setStatus(created.id, 'active');
      expect(active).toMatchObject({ status: 'active', rev: 2, data: created.data });
      expect((await db.clients.findOne(created.id).exec())?.status).toBe('active');
      expect((await clients.setStatus(created.id, 'discharged')).status).toBe('discharged');
    });

    it('adds contact attempts to a waitlisted client, in order', async () => {
      const created = await clients.create({ ...ZYX, waitlist: WAITLIST });
      await clients.addContactAttempt(created.id, ATTEMPT);
      const second: ContactAttempt = { on: '2026-06-12', method: 'text', outcome: 'Synthetic reply' };
      const updated = await clients.addContactAttempt(created.id, second);
      expect(updated.data.waitlist?.attempts).toEqual([ATTEMPT, second]);
      expect(updated.rev).toBe(3);
      expect(updated.status).toBe('waitlist');
    });

    it('refuses a contact attempt for a client who is not on the waitlist', async () => {
      const created = await clients.create(ZYX);
      await expect(clients.addContactAttempt(created.id, ATTEMPT)).rejects.toThrow(new ClientValidationError('This client is not on the waitlist'));
      expect((await clients.get(created.id))?.rev).toBe(1);
    });

    it('refuses an invalid contact attempt with a specific message', async () => {
      const created = await clients.create({ ...ZYX, waitlist: WAITLIST });
      await expect(clients.addContactAttempt(created.id, { ...ATTEMPT, outcome: '  ' })).rejects.toThrow(
        new ClientValidationError('Record what happened'),
      );
      expect((await clients.get(created.id))?.data.waitlist?.attempts).toEqual([]);
    });

    it.each([
      [{ firstName: '' }, 'First name is required'],
      [{ lastName: 'x'.repeat(101) }, 'Last name is at most 100 characters'],
      [{ email: 'not-an-address' }, 'Email is not a valid address'],
      [{ dateOfBirth: '1899-12-31' }, 'Date of birth must be after 1900'],
      [{ dateOfBirth: '1984-02-30' }, 'Date of birth is not a real calendar date'],
      [{ diagnoses: [{ code: 'depression', label: 'Synthetic' }] }, 'A diagnosis needs a valid ICD-10 code'],
    ])('refuses intake %o with "%s" and stores nothing', async (change, message) => {
      await expect(clients.create({ ...ZYX, ...change })).rejects.toThrow(new ClientValidationError(message));
      expect(await db.clients.count().exec()).toBe(0);
    });

    it('refuses unknown intake fields', async () => {
      await expect(clients.create({ ...ZYX, ssn: '000-00-0000' })).rejects.toThrow(ClientValidationError);
      expect(await db.clients.count().exec()).toBe(0);
    });

    it('refuses a date of birth in the future but accepts today', async () => {
      await expect(clients.create({ ...ZYX, dateOfBirth: '2026-06-16' })).rejects.toThrow(new ClientValidationError('Date of birth cannot be in the future'));
      expect((await clients.create({ ...ZYX, dateOfBirth: TODAY })).data.dateOfBirth).toBe(TODAY);
    });

    it('refuses two primary diagnoses', async () => {
      const diagnoses = [
        { code: 'F33.1', label: 'Synthetic one', primary: true },
        { code: 'F41.1', label: 'Synthetic two', primary: true },
      ];
      await expect(clients.create({ ...ZYX, diagnoses })).rejects.toThrow(new ClientValidationError('Only one diagnosis can be primary'));
    });

    it('list$ leaves out merged clients and sorts by last name, then first name', async () => {
      const b = await clients.create({ ...ZYX, firstName: 'Bexley', lastName: 'Quibbleworth' });
      const a = await clients.create({ ...ZYX, firstName: 'Aldous', lastName: 'Quibbleworth' });
      const z = await clients.create({ ...ZYX, firstName: 'Aardvan', lastName: 'Zzyzxborn' });
      const m = await clients.create({ ...ZYX, firstName: 'Merged', lastName: 'Abbotsworth' });
      const w = await clients.create({ ...ZYX, firstName: 'Waiting', lastName: 'Mumblecrust', waitlist: WAITLIST });
      await clients.setStatus(m.id, 'merged');
      const listed = await firstValueFrom(clients.list$().pipe(filter((list) => list.length === 4)));
      expect(listed.map((c) => c.id)).toEqual([w.id, a.id, b.id, z.id]);
      expect((await clients.all()).map((c) => c.id)).toEqual([m.id, w.id, a.id, b.id, z.id]);
    });

    it('list$ emits again when a client is added', async () => {
      await clients.create(ZYX);
      const next = firstValueFrom(clients.list$().pipe(filter((list) => list.length === 2)));
      await clients.create({ ...ZYX, firstName: 'Second', lastName: 'Aardwick' });
      expect((await next).map((c) => c.data.lastName)).toEqual(['Aardwick', 'Quibbleworth']);
    });

    it('get$ emits the record and its changes', async () => {
      const created = await clients.create(ZYX);
      const changed = firstValueFrom(clients.get$(created.id).pipe(filter((c) => c?.status === 'discharged')));
      await clients.setStatus(created.id, 'discharged');
      expect((await changed)?.data.firstName).toBe('Zyxwvut');
      expect(await firstValueFrom(clients.get$('client-missing'))).toBeNull();
    });

    it('stores no name, date of birth, diagnosis or free text in any raw document', async () => {
      const created = await clients.create({ ...ZYX, waitlist: WAITLIST });
      await clients.addContactAttempt(created.id, ATTEMPT);
      const raw = await rawClients();
      for (const secret of ['Zyxwvut', 'Quibbleworth', 'Zeebrovant', '1984-02-29', '1984', 'F33.1', 'Xyloquartz', '555-0199', 'Plovdrix', 'Wombleton', 'routine']) {
        expect(raw).not.toContain(secret);
      }
      expect(raw).toContain(created.id);
      expect(raw).toContain('"status":"waitlist"');
    });

    it('refuses to read or write once locked, with a locked message', async () => {
      const created = await clients.create(ZYX);
      keys.lock();
      await expect(clients.get(created.id)).rejects.toThrow(VaultLockedError);
      await expect(clients.get(created.id)).rejects.toThrow(/locked/);
      await expect(clients.all()).rejects.toThrow(/locked/);
      await expect(firstValueFrom(clients.list$())).rejects.toThrow(/locked/);
      await expect(clients.create(ZYX)).rejects.toThrow(/locked/);
      expect(await db.clients.count().exec()).toBe(1);
    });
  });

  describe('EpisodesRepository', () => {
    const admission = (clientId: string, admittedOn = '2026-03-02'): Admission => ({
      clientId,
      programId: 'program-synthetic',
      trackId: 'track-synthetic',
      admittedOn,
      level: 'iop',
      referralReason: 'Synthetic referral Grommelhaus',
    });
    const discharge = (on: string) => ({ on, reason: 'completed' as const, summary: 'Synthetic summary Frabjoustead', aftercare: { relapsePreventionPlan: 'Synthetic plan Snickerwhee' } });

    it('admits a client: an active episode with plaintext ids and the sealed rules result', async () => {
      const episode = await episodes.admit(admission('client-a'));
      expect(episode).toMatchObject({ clientId: 'client-a', programId: 'program-synthetic', status: 'active', admittedOn: '2026-03-02', rev: 1 });
      expect(episode.id).toMatch(/^episode-[0-9a-f-]{36}$/);
      expect(episode.data).toMatchObject({ admittedLevel: 'iop', trackId: 'track-synthetic', levelChanges: [], discharge: null });
      expect(await episodes.forClient('client-a')).toEqual([episode]);
    });

    it('refuses invalid admissions with the rule message and stores nothing', async () => {
      await expect(episodes.admit({ ...admission('client-a'), trackId: '' })).rejects.toThrow(new EpisodeRuleError('Choose a track'));
      expect(await db.episodes.count().exec()).toBe(0);
    });

    it('refuses a second open episode for the same client, but not for another client', async () => {
      await episodes.admit(admission('client-a'));
      await expect(episodes.admit(admission('client-a', '2026-04-01'))).rejects.toThrow(/already has an open episode/);
      await episodes.admit(admission('client-b'));
      expect(await db.episodes.count().exec()).toBe(2);
    });

    // A double-submitted admission must not open two episodes (check and insert are serialised).
    it('refuses a second open episode even when two admissions arrive together', async () => {
      const results = await Promise.allSettled([episodes.admit(admission('client-a')), episodes.admit(admission('client-a'))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await db.episodes.count().exec()).toBe(1);
    });

    it('admits again once the open episode is discharged', async () => {
      const first = await episodes.admit(admission('client-a'));
      await episodes.discharge(first.id, discharge('2026-04-30'));
      const second = await episodes.admit(admission('client-a', '2026-06-01'));
      expect(second.status).toBe('active');
    });

    it('changes the level of care and seals the change', async () => {
      const episode = await episodes.admit(admission('client-a'));
      const changed = await episodes.changeLevel(episode.id, { on: '2026-03-16', to: 'php', reason: 'Synthetic step-up reason Blathersby' });
      expect(changed.rev).toBe(2);
      expect(changed.status).toBe('active');
      expect(changed.data.levelChanges).toEqual([{ on: '2026-03-16', from: 'iop', to: 'php', reason: 'Synthetic step-up reason Blathersby' }]);
      expect((await episodes.forClient('client-a'))[0]?.data.levelChanges).toHaveLength(1);
    });

    it('refuses a change to the same level or dated too early, and leaves the episode as it was', async () => {
      const episode = await episodes.admit(admission('client-a'));
      await expect(episodes.changeLevel(episode.id, { on: '2026-03-16', to: 'iop', reason: 'Same' })).rejects.toThrow(
        new EpisodeRuleError('The client is already at Intensive outpatient (IOP)'),
      );
      await expect(episodes.changeLevel(episode.id, { on: '2026-03-01', to: 'php', reason: 'Early' })).rejects.toThrow(
        new EpisodeRuleError('The change cannot be dated before 2026-03-02'),
      );
      const [stored] = await episodes.forClient('client-a');
      expect(stored).toMatchObject({ rev: 1, data: { levelChanges: [] } });
    });

    it('discharge sets the status to discharged and refuses a second discharge', async () => {
      const episode = await episodes.admit(admission('client-a'));
      const discharged = await episodes.discharge(episode.id, discharge('2026-04-30'));
      expect(discharged).toMatchObject({ status: 'discharged', rev: 2, data: { discharge: { on: '2026-04-30', reason: 'completed' } } });
      expect((await db.episodes.findOne(episode.id).exec())?.status).toBe('discharged');
      await expect(episodes.discharge(episode.id, discharge('2026-05-01'))).rejects.toThrow(new EpisodeRuleError('This episode is already discharged'));
      await expect(episodes.changeLevel(episode.id, { on: '2026-05-01', to: 'php', reason: 'Late' })).rejects.toThrow(EpisodeRuleError);
      expect((await db.episodes.findOne(episode.id).exec())?.rev).toBe(2);
    });

    it('refuses a discharge dated before the last level change and keeps the episode active', async () => {
      const episode = await episodes.admit(admission('client-a'));
      await episodes.changeLevel(episode.id, { on: '2026-03-20', to: 'php', reason: 'Step up' });
      await expect(episodes.discharge(episode.id, discharge('2026-03-19'))).rejects.toThrow(new EpisodeRuleError('The discharge cannot be dated before 2026-03-20'));
      expect((await db.episodes.findOne(episode.id).exec())?.status).toBe('active');
    });

    it('active$ lists only open episodes', async () => {
      const a = await episodes.admit(admission('client-a'));
      const b = await episodes.admit(admission('client-b'));
      await episodes.discharge(a.id, discharge('2026-04-30'));
      const active = await firstValueFrom(episodes.active$().pipe(filter((list) => list.length === 1)));
      expect(active.map((e) => e.id)).toEqual([b.id]);
    });

    it("forClient$ lists only that client's episodes, newest admission first", async () => {
      const oldest = await episodes.admit(admission('client-a', '2025-01-06'));
      await episodes.discharge(oldest.id, discharge('2025-03-01'));
      const newest = await episodes.admit(admission('client-a', '2026-02-02'));
      await episodes.discharge(newest.id, discharge('2026-02-20'));
      const middle = await episodes.admit(admission('client-a', '2025-09-15'));
      await episodes.admit(admission('client-b', '2026-05-01'));
      const listed = await firstValueFrom(episodes.forClient$('client-a').pipe(filter((list) => list.length === 3)));
      expect(listed.map((e) => e.id)).toEqual([newest.id, middle.id, oldest.id]);
    });

    it('stores no referral reason, level-change reason, summary or aftercare text in any raw document', async () => {
      const episode = await episodes.admit(admission('client-a'));
      await episodes.changeLevel(episode.id, { on: '2026-03-16', to: 'php', reason: 'Synthetic step-up reason Blathersby' });
      await episodes.discharge(episode.id, discharge('2026-04-30'));
      const raw = await rawEpisodes();
      for (const secret of ['Grommelhaus', 'Blathersby', 'Frabjoustead', 'Snickerwhee', 'track-synthetic', '"php"', 'completed']) expect(raw).not.toContain(secret);
      expect(raw).toContain('"status":"discharged"');
      expect(raw).toContain('"admittedOn":"2026-03-02"');
    });

    it('refuses to read or change episodes once locked', async () => {
      const episode = await episodes.admit(admission('client-a'));
      keys.lock();
      await expect(episodes.forClient('client-a')).rejects.toThrow(/locked/);
      await expect(firstValueFrom(episodes.forClient$('client-a'))).rejects.toThrow(/locked/);
      await expect(episodes.changeLevel(episode.id, { on: '2026-03-16', to: 'php', reason: 'Locked' })).rejects.toThrow(/locked/);
      await expect(episodes.admit(admission('client-b'))).rejects.toThrow(/locked/);
    });

    it('merging two records of one person leaves one open episode per programme: the earliest admission, the other closed into it', async () => {
      const primary = await clients.create({ ...ZYX });
      const duplicate = await clients.create({ ...ZYX, phone: '555-0100', diagnoses: [{ code: 'F41.1', label: 'Synthetic diagnosis Brimblequist', primary: true }] });
      const early = await episodes.admit(admission(duplicate.id, '2026-03-01'));
      const late = await episodes.admit(admission(primary.id, '2026-03-04'));
      const contacts = new ContactsRepository(db.clients, keys, () => NOW);
      const programs = new ProgramsRepository(db.programs, keys, () => NOW);
      const sessions = new SessionsRepository(db.sessions, keys, () => NOW);
      await mergeDuplicateClient({ clients, contacts, episodes, programs, sessions }, primary.id, duplicate.id, TODAY);
      const after = await episodes.forClient(primary.id);
      expect(Object.fromEntries(after.map((e) => [e.id, e.status]))).toEqual({ [late.id]: 'discharged', [early.id]: 'active' });
      expect(after.find((e) => e.id === late.id)!.data.discharge).toMatchObject({ on: TODAY, reason: 'administrative', summary: `Merged into episode ${early.id} when two records of one person were merged.` });
      // One primary diagnosis: the surviving record's own.
      const merged = (await clients.get(primary.id))!;
      expect(merged.data.diagnoses.filter((d) => d.primary).map((d) => d.code)).toEqual(['F33.1']);
      expect((await clients.get(duplicate.id))!.status).toBe('merged');
    });
  });
});
