import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { ProgramValidationError, ProgramsRepository, type GroupRecord, type TrackRecord } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository, type SessionDetails, type SessionRecord } from '../../src/renderer/src/repositories/sessions';
import { DEFAULT_HOLIDAYS } from '../../src/shared/holidays';
import type { GroupInput } from '../../src/shared/programs';
import type { DateRange, ScheduleException, WeeklySchedule } from '../../src/shared/schedule';
import { groupSessionId, testKeySource } from './support/keys';

const NOW = Date.UTC(2026, 2, 1, 12);

/** Mon/Wed/Fri 09:00–12:00 in Chicago from Monday 2026-03-02; US daylight saving starts Sunday 2026-03-08. */
const SCHEDULE: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: '2026-03-02' };
/** Four whole weeks, Monday 2026-03-02 to Sunday 2026-03-29. */
const FOUR_WEEKS: DateRange = { from: '2026-03-02', to: '2026-03-29' };
const MWF_DATES = [
  '2026-03-02', '2026-03-04', '2026-03-06',
  '2026-03-09', '2026-03-11', '2026-03-13',
  '2026-03-16', '2026-03-18', '2026-03-20',
  '2026-03-23', '2026-03-25', '2026-03-27',
];

const GROUP: GroupInput = {
  name: 'Synthetic Group Quorblefax',
  facilitatorIds: ['staff-synthetic-1'],
  capacity: 2,
  location: 'Synthetic Room Vemblestone',
  topic: 'Synthetic topic Drizzlewhump',
};

/** A one-off individual session, 13:00–14:00 Chicago time. */
const ONE_OFF = {
  title: 'Synthetic individual session',
  start: '13:00',
  end: '14:00',
  timeZone: 'America/Chicago',
  facilitatorIds: ['staff-synthetic-1'],
  modality: 'telehealth' as const,
  location: '',
  clientIds: ['client-a'],
  contactIds: [],
};

let counter = 0;

describe('programmes and sessions repositories on RxDB + Dexie (fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let keys: Awaited<ReturnType<typeof testKeySource>>;
  let programs: ProgramsRepository;
  let sessions: SessionsRepository;

  beforeEach(async () => {
    db = await openDatabase({ name: `programs-sessions-${++counter}-${crypto.randomUUID()}`, validate: true });
    keys = await testKeySource();
    programs = new ProgramsRepository(db.programs, keys, () => NOW);
    sessions = new SessionsRepository(db.sessions, keys, () => NOW);
  });
  afterEach(async () => {
    await db.remove();
  });

  const newTrack = async (programName = 'Synthetic Programme Fennelwick', trackName = 'Synthetic Track Obloquy'): Promise<TrackRecord> => {
    const program = await programs.createProgram({ name: programName });
    return programs.createTrack(program.id, { name: trackName, population: 'adult' });
  };
  const newGroup = async (input: Partial<GroupInput> = {}): Promise<GroupRecord> => programs.createGroup((await newTrack()).id, { ...GROUP, ...input });
  const rawPrograms = async () => JSON.stringify((await db.programs.find().exec()).map((d) => d.toJSON()));

  describe('ProgramsRepository', () => {
    it('creates a programme, a track and a group linked by plaintext ids', async () => {
      const program = await programs.createProgram({ name: 'Synthetic Programme Fennelwick' });
      const track = await programs.createTrack(program.id, { name: 'Synthetic Track Obloquy', population: 'adolescent' });
      const group = await programs.createGroup(track.id, GROUP);
      expect(program).toMatchObject({ kind: 'program', status: 'active', programId: '', trackId: '', groupId: '', clientId: '', data: { name: 'Synthetic Programme Fennelwick', description: '' } });
      expect(track).toMatchObject({ kind: 'track', programId: program.id, trackId: '', data: { population: 'adolescent', weeklyHoursTarget: 6 } });
      expect(group).toMatchObject({ kind: 'group', programId: program.id, trackId: track.id, groupId: '', data: { capacity: 2, modality: 'in-person', schedule: null, exceptions: [] } });
      expect(await programs.get(group.id)).toEqual(group);
    });

    it('createTrack refuses an unknown programme, or an id that is not a programme', async () => {
      await expect(programs.createTrack('program-missing', { name: 'Orphan', population: 'adult' })).rejects.toThrow(new ProgramValidationError('Choose an existing programme'));
      const track = await newTrack();
      await expect(programs.createTrack(track.id, { name: 'Nested', population: 'adult' })).rejects.toThrow(new ProgramValidationError('Choose an existing programme'));
      expect(await db.programs.count().exec()).toBe(2);
    });

    it('createTrack validates the track with specific messages', async () => {
      const program = await programs.createProgram({ name: 'Synthetic Programme' });
      await expect(programs.createTrack(program.id, { name: 'T', population: 'adult', weeklyHoursTarget: 41 })).rejects.toThrow(
        new ProgramValidationError('Weekly hours must be between 1 and 40'),
      );
      await expect(programs.createTrack(program.id, { name: 'T', population: 'elderly' })).rejects.toThrow(new ProgramValidationError('Choose the population'));
    });

    it('createGroup refuses an unknown track', async () => {
      const program = await programs.createProgram({ name: 'Synthetic Programme' });
      await expect(programs.createGroup('track-missing', GROUP)).rejects.toThrow(new ProgramValidationError('Choose an existing track'));
      await expect(programs.createGroup(program.id, GROUP)).rejects.toThrow(new ProgramValidationError('Choose an existing track'));
    });

    it.each<[Partial<GroupInput>, string]>([
      [{ facilitatorIds: [] }, 'Choose at least one facilitator'],
      [{ capacity: 0 }, 'Capacity must be between 1 and 30'],
      [{ capacity: 31 }, 'Capacity must be between 1 and 30'],
      [{ capacity: 2.5 }, 'Capacity must be a whole number'],
      [{ name: '   ' }, 'Group name is required'],
    ])('createGroup refuses %o with "%s" and stores no group', async (change, message) => {
      const track = await newTrack();
      await expect(programs.createGroup(track.id, { ...GROUP, ...change })).rejects.toThrow(new ProgramValidationError(message));
      expect(await db.programs.count({ selector: { kind: 'group' } }).exec()).toBe(0);
    });

    it('createGroup accepts the capacity bounds and defaults to 12', async () => {
      const track = await newTrack();
      expect((await programs.createGroup(track.id, { ...GROUP, capacity: 1 })).data.capacity).toBe(1);
      expect((await programs.createGroup(track.id, { ...GROUP, capacity: 30 })).data.capacity).toBe(30);
      const noCapacity: GroupInput = { ...GROUP };
      delete noCapacity.capacity;
      expect((await programs.createGroup(track.id, noCapacity)).data.capacity).toBe(12);
    });

    it('updateGroup validates the new group and bumps the revision', async () => {
      const group = await newGroup();
      const updated = await programs.updateGroup(group.id, (current) => ({ ...current, schedule: SCHEDULE }));
      expect(updated).toMatchObject({ rev: 2, data: { schedule: SCHEDULE, name: GROUP.name } });
      await expect(programs.updateGroup(group.id, (current) => ({ ...current, capacity: 99 }))).rejects.toThrow(ProgramValidationError);
      expect(await programs.get(group.id)).toMatchObject({ kind: 'group', data: { capacity: 2 } });
    });

    it('addMember adds clients up to capacity, then refuses with the date and count', async () => {
      const group = await newGroup({ capacity: 2 });
      const first = await programs.addMember(group.id, 'client-a', '2026-03-02');
      expect(first).toMatchObject({ kind: 'membership', groupId: group.id, clientId: 'client-a', programId: group.programId, trackId: group.trackId });
      expect(first.data).toEqual({ id: first.id, clientId: 'client-a', groupId: group.id, joinedOn: '2026-03-02' });
      await programs.addMember(group.id, 'client-b', '2026-03-04');
      await expect(programs.addMember(group.id, 'client-c', '2026-03-09')).rejects.toThrow(
        new ProgramValidationError('The group would have 3 members on 2026-03-09, over its capacity of 2'),
      );
      expect(await programs.memberships(group.id)).toHaveLength(2);
    });

    it('addMember refuses a client already in the group, and an unknown group', async () => {
      const group = await newGroup({ capacity: 5 });
      await programs.addMember(group.id, 'client-a', '2026-03-02');
      await expect(programs.addMember(group.id, 'client-a', '2026-03-10')).rejects.toThrow(
        new ProgramValidationError('The client is already in this group on 2026-03-10 (2026-03-02 to no end date)'),
      );
      await expect(programs.addMember('group-missing', 'client-a', '2026-03-10')).rejects.toThrow(new ProgramValidationError('Choose an existing group'));
      const track = await newTrack();
      await expect(programs.addMember(track.id, 'client-a', '2026-03-10')).rejects.toThrow(new ProgramValidationError('Choose an existing group'));
    });

    it('addMembers adds several clients at once, or none when the group cannot take them all', async () => {
      const group = await newGroup({ capacity: 3 });
      await programs.addMember(group.id, 'client-a', '2026-03-02');
      await expect(programs.addMembers(group.id, ['client-b', 'client-c', 'client-d'], '2026-03-09')).rejects.toThrow(
        new ProgramValidationError('The group would have 4 members on 2026-03-09, over its capacity of 3'),
      );
      await expect(programs.addMembers(group.id, ['client-b', 'client-a'], '2026-03-09')).rejects.toThrow(/already in this group on 2026-03-09/);
      expect(await programs.memberships(group.id)).toHaveLength(1);
      const added = await programs.addMembers(group.id, ['client-b', 'client-c', 'client-b'], '2026-03-09');
      expect(added.map((m) => m.clientId)).toEqual(['client-b', 'client-c']);
      expect((await programs.memberships(group.id)).map((m) => m.clientId).sort()).toEqual(['client-a', 'client-b', 'client-c']);
      await expect(programs.addMembers(group.id, [], '2026-03-09')).rejects.toThrow('Choose at least one client to add');
    });

    it('addMember refuses a join date that is not a date', async () => {
      const group = await newGroup();
      await expect(programs.addMember(group.id, 'client-a', '2026-02-30')).rejects.toThrow(new ProgramValidationError('Join date is not a real calendar date'));
    });

    it('endMembership records the last day and frees the place from the next day', async () => {
      const group = await newGroup({ capacity: 1 });
      const member = await programs.addMember(group.id, 'client-a', '2026-03-02');
      const ended = await programs.endMembership(member.id, '2026-03-13', 'Stepped down');
      expect(ended).toMatchObject({ rev: 2, data: { joinedOn: '2026-03-02', leftOn: '2026-03-13', leaveReason: 'Stepped down' } });
      await expect(programs.addMember(group.id, 'client-b', '2026-03-13')).rejects.toThrow(/over its capacity of 1/);
      expect((await programs.addMember(group.id, 'client-b', '2026-03-14')).data.joinedOn).toBe('2026-03-14');
      // The same client may come back after leaving.
      await programs.endMembership((await programs.memberships(group.id)).find((m) => m.clientId === 'client-b')!.id, '2026-03-20', 'Synthetic');
      expect((await programs.addMember(group.id, 'client-a', '2026-03-21')).clientId).toBe('client-a');
    });

    it('endMembership refuses a leave date before the join date and an unknown membership', async () => {
      const group = await newGroup();
      const member = await programs.addMember(group.id, 'client-a', '2026-03-09');
      await expect(programs.endMembership(member.id, '2026-03-08', 'Early')).rejects.toThrow(new ProgramValidationError('The leave date cannot be before the join date'));
      expect((await programs.get(member.id))?.rev).toBe(1);
      await expect(programs.endMembership('membership-missing', '2026-03-10', 'x')).rejects.toThrow(new ProgramValidationError('No such membership'));
      await expect(programs.endMembership(group.id, '2026-03-10', 'x')).rejects.toThrow(new ProgramValidationError('No such membership'));
    });

    it('tree$ returns programmes, tracks and groups in separate lists, each sorted by name, without memberships', async () => {
      const beta = await programs.createProgram({ name: 'Beta Programme' });
      const alpha = await programs.createProgram({ name: 'Alpha Programme' });
      const tSud = await programs.createTrack(beta.id, { name: 'Substance use', population: 'adult' });
      const tDep = await programs.createTrack(alpha.id, { name: 'Depression', population: 'adult' });
      const gZ = await programs.createGroup(tSud.id, { ...GROUP, name: 'Zither group' });
      const gM = await programs.createGroup(tDep.id, { ...GROUP, name: 'Mindfulness group' });
      const gA = await programs.createGroup(tSud.id, { ...GROUP, name: 'Anger group' });
      await programs.addMember(gA.id, 'client-a', '2026-03-02');
      const tree = await firstValueFrom(programs.tree$().pipe(filter((t) => t.groups.length === 3)));
      expect(tree.programs.map((p) => p.id)).toEqual([alpha.id, beta.id]);
      expect(tree.tracks.map((t) => t.id)).toEqual([tDep.id, tSud.id]);
      expect(tree.groups.map((g) => g.id)).toEqual([gA.id, gM.id, gZ.id]);
      expect(tree.groups.filter((g) => g.trackId === tSud.id).map((g) => g.data.name)).toEqual(['Anger group', 'Zither group']);
      expect(tree.tracks.find((t) => t.id === tSud.id)?.programId).toBe(beta.id);
    });

    it('group$ emits the group with its memberships, and again after a member joins', async () => {
      const group = await newGroup({ capacity: 5 });
      const other = await newGroup({ capacity: 5 });
      await programs.addMember(other.id, 'client-z', '2026-03-02');
      expect(await firstValueFrom(programs.group$(group.id))).toEqual({ group, memberships: [] });
      const joined = firstValueFrom(programs.group$(group.id).pipe(filter((g) => g.memberships.length === 1)));
      const member = await programs.addMember(group.id, 'client-a', '2026-03-02');
      expect(await joined).toEqual({ group, memberships: [member] });
      expect((await firstValueFrom(programs.group$('group-missing'))).group).toBeNull();
      const ofClient = await firstValueFrom(programs.membershipsOfClient$('client-a'));
      expect(ofClient.map((m) => m.id)).toEqual([member.id]);
    });

    it('stores no programme, track or group name, location or topic in any raw document', async () => {
      const group = await newGroup();
      await programs.updateGroup(group.id, (current) => ({ ...current, schedule: SCHEDULE }));
      await programs.addMember(group.id, 'client-a', '2026-03-02');
      const raw = await rawPrograms();
      for (const secret of ['Fennelwick', 'Obloquy', 'Quorblefax', 'Vemblestone', 'Drizzlewhump', 'staff-synthetic-1', 'America/Chicago', '2026-03-02']) {
        expect(raw).not.toContain(secret);
      }
      expect(raw).toContain(group.id);
      expect(raw).toContain('"clientId":"client-a"');
    });

    it('refuses to read once locked', async () => {
      const group = await newGroup();
      await programs.addMember(group.id, 'client-a', '2026-03-02');
      keys.lock();
      await expect(programs.get(group.id)).rejects.toThrow(/locked/);
      await expect(programs.memberships(group.id)).rejects.toThrow(/locked/);
      await expect(firstValueFrom(programs.tree$())).rejects.toThrow(/locked/);
      await expect(programs.createProgram({ name: 'While locked' })).rejects.toThrow(/locked/);
    });
  });

  describe('SessionsRepository', () => {
    /** A group with the schedule saved through the repository, as the app does it. */
    const scheduledGroup = async (schedule: WeeklySchedule = SCHEDULE, input: Partial<GroupInput> = {}): Promise<GroupRecord> => {
      const group = await newGroup(input);
      return programs.updateGroup(group.id, (current) => ({ ...current, schedule }));
    };
    const withExceptions = (group: GroupRecord, exceptions: ScheduleException[]) => programs.updateGroup(group.id, (current) => ({ ...current, exceptions }));
    const withSchedule = (group: GroupRecord, change: Partial<WeeklySchedule>) =>
      programs.updateGroup(group.id, (current) => ({ ...current, schedule: { ...current.schedule!, ...change } }));
    const stored = async (groupId: string): Promise<SessionRecord[]> => firstValueFrom(sessions.forGroup$(groupId));
    const byDate = (list: SessionRecord[]) => new Map(list.map((s) => [s.date, s]));
    // Through the sealed store: the status is bound to the record's envelope (rev + 1).
    const setStatus = async (id: string, status: 'completed' | 'cancelled' | 'scheduled') => {
      await new SealedStore(db.sessions, keys).update(id, () => ({ plain: { status } }));
    };

    it('creates a Mon/Wed/Fri month of sessions in Chicago, with stable ids and local times across daylight saving', async () => {
      const group = await scheduledGroup();
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 12, updated: 0, cancelled: 0, unchanged: 0 });
      const list = await stored(group.id);
      expect(list.map((s) => s.date)).toEqual(MWF_DATES);
      expect(list.map((s) => s.id)).toEqual(await Promise.all(MWF_DATES.map((d) => groupSessionId(keys.key, group.id, d))));
      expect(list.every((s) => s.kind === 'group' && s.status === 'scheduled' && s.groupId === group.id && s.rev === 1)).toBe(true);
      const first = list[0]!.data;
      expect(first).toEqual<SessionDetails>({
        title: 'Synthetic Group Quorblefax',
        start: '09:00',
        end: '12:00',
        startsAt: '2026-03-02T15:00:00.000Z',
        endsAt: '2026-03-02T18:00:00.000Z',
        minutes: 180,
        timeZone: 'America/Chicago',
        facilitatorIds: ['staff-synthetic-1'],
        modality: 'in-person',
        location: 'Synthetic Room Vemblestone',
        clientIds: [],
        contactIds: [],
        occurrenceKey: '2026-03-02',
        changeReason: '',
      });
      // After the spring-forward on 2026-03-08, 09:00 CDT is 14:00 UTC.
      expect(byDate(list).get('2026-03-09')?.data).toMatchObject({ start: '09:00', startsAt: '2026-03-09T14:00:00.000Z', minutes: 180 });
      expect(await db.sessions.count().exec()).toBe(12);
    });

    it('is idempotent: a second run changes nothing and reports every session unchanged', async () => {
      const group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      const before = (await db.sessions.find().exec()).map((d) => d.toJSON());
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: 0, cancelled: 0, unchanged: 12 });
      expect((await db.sessions.find().exec()).map((d) => d.toJSON())).toEqual(before);
    });

    it('extends an existing series without duplicating the overlap', async () => {
      const group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, { from: '2026-03-02', to: '2026-03-15' });
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 6, updated: 0, cancelled: 0, unchanged: 6 });
      expect(await db.sessions.count().exec()).toBe(12);
    });

    it('skips the practice holidays: none on 25 December, and a session already there is cancelled with the holiday named', async () => {
      const december = { from: '2026-12-21', to: '2026-12-27' };
      const group = await scheduledGroup({ ...SCHEDULE, days: [1, 2, 3, 4, 5] });
      expect((await sessions.generateForGroup(group.id, group.data, december)).created).toBe(5);
      expect(await sessions.generateForGroup(group.id, group.data, december, DEFAULT_HOLIDAYS)).toEqual({ created: 0, updated: 0, cancelled: 1, unchanged: 4 });
      const christmas = byDate(await stored(group.id)).get('2026-12-25');
      expect(christmas?.status).toBe('cancelled');
      expect(christmas?.data.changeReason).toBe('Practice holiday: Christmas Day');
      const fresh = await scheduledGroup({ ...SCHEDULE, days: [1, 2, 3, 4, 5] });
      expect((await sessions.generateForGroup(fresh.id, fresh.data, december, DEFAULT_HOLIDAYS)).created).toBe(4);
      expect((await stored(fresh.id)).map((s) => s.date)).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24']);
    });

    it('a new cancellation marks exactly that session cancelled, with its reason, and stays put on the next run', async () => {
      let group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await withExceptions(group, [{ date: '2026-03-11', kind: 'cancelled', reason: 'Synthetic closure Hobblethwaite' }]);
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: 0, cancelled: 1, unchanged: 11 });
      const list = await stored(group.id);
      expect(list.filter((s) => s.status === 'cancelled').map((s) => s.id)).toEqual([await groupSessionId(keys.key, group.id, '2026-03-11')]);
      expect(byDate(list).get('2026-03-11')?.data.changeReason).toBe('Synthetic closure Hobblethwaite');
      expect(list.filter((s) => s.status === 'scheduled')).toHaveLength(11);
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: 0, cancelled: 0, unchanged: 11 });
    });

    it('lifting a cancellation schedules the session again and reports it updated', async () => {
      let group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await withExceptions(group, [{ date: '2026-03-11', kind: 'cancelled', reason: 'Synthetic closure' }]);
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await withExceptions(group, []);
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: 1, cancelled: 0, unchanged: 11 });
      expect(byDate(await stored(group.id)).get('2026-03-11')).toMatchObject({ status: 'scheduled', rev: 3, data: { changeReason: '', start: '09:00' } });
    });

    it('a cancellation known before generation creates no session for that day', async () => {
      let group = await scheduledGroup();
      group = await withExceptions(group, [{ date: '2026-03-11', kind: 'cancelled', reason: 'Synthetic closure' }]);
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 11, updated: 0, cancelled: 0, unchanged: 0 });
      expect(byDate(await stored(group.id)).has('2026-03-11')).toBe(false);
    });

    it("changing the schedule's times updates the sessions in the range and reports them updated", async () => {
      let group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await withSchedule(group, { start: '10:00', end: '13:30' });
      expect(await sessions.generateForGroup(group.id, group.data, { from: '2026-03-16', to: '2026-03-29' })).toEqual({ created: 0, updated: 6, cancelled: 0, unchanged: 0 });
      const list = await stored(group.id);
      expect(list.map((s) => s.id)).toEqual(await Promise.all(MWF_DATES.map((d) => groupSessionId(keys.key, group.id, d))));
      for (const s of list) {
        if (s.date < '2026-03-16') expect(s).toMatchObject({ rev: 1, data: { start: '09:00', end: '12:00' } });
        else expect(s).toMatchObject({ rev: 2, status: 'scheduled', data: { start: '10:00', end: '13:30', minutes: 210 } });
      }
      expect(byDate(list).get('2026-03-16')?.data).toMatchObject({ startsAt: '2026-03-16T15:00:00.000Z', endsAt: '2026-03-16T18:30:00.000Z' });
    });

    it('a changed exception moves a session within the range, keeping its id', async () => {
      let group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await withExceptions(group, [{ date: '2026-03-13', kind: 'changed', moveTo: '2026-03-14', start: '13:00', end: '15:00', reason: 'Synthetic make-up' }]);
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: 1, cancelled: 0, unchanged: 11 });
      const moved = await firstValueFrom(sessions.between$({ from: '2026-03-14', to: '2026-03-14' }));
      expect(moved).toHaveLength(1);
      expect(moved[0]).toMatchObject({ id: await groupSessionId(keys.key, group.id, '2026-03-13'), date: '2026-03-14', status: 'scheduled', data: { start: '13:00', occurrenceKey: '2026-03-13', changeReason: 'Synthetic make-up' } });
      expect(await firstValueFrom(sessions.between$({ from: '2026-03-13', to: '2026-03-13' }))).toEqual([]);
    });

    // A session moved to a date after the range is not among the range's occurrences: it moves, it is not cancelled.
    it('a session moved out of the range is not marked cancelled', async () => {
      let group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await withExceptions(group, [{ date: '2026-03-27', kind: 'changed', moveTo: '2026-03-31', reason: 'Synthetic make-up next week' }]);
      const result = await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      expect(result.cancelled).toBe(0);
      expect((await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).cancelled).toBe(0);
      const wantedId = await groupSessionId(keys.key, group.id, '2026-03-27');
      const session = (await stored(group.id)).find((s) => s.id === wantedId);
      expect(session?.status).not.toBe('cancelled');
    });

    it('applies a new room and facilitators to scheduled sessions on regeneration', async () => {
      let group = await scheduledGroup();
      const first = await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      group = await programs.updateGroup(group.id, (current) => ({ ...current, location: 'Synthetic Room 9', facilitatorIds: ['staff-other'] }));
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: first.created, cancelled: 0, unchanged: 0 });
      for (const session of await stored(group.id)) expect(session.data).toMatchObject({ location: 'Synthetic Room 9', facilitatorIds: ['staff-other'] });
    });

    it('never touches a completed session: not for new times, not for a cancellation', async () => {
      let group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      const completedId = await groupSessionId(keys.key, group.id, '2026-03-18');
      const cancelledCompletedId = await groupSessionId(keys.key, group.id, '2026-03-20');
      await setStatus(completedId, 'completed');
      await setStatus(cancelledCompletedId, 'completed');
      const before = await db.sessions.findByIds([completedId, cancelledCompletedId]).exec();
      const beforeJson = [...before.values()].map((d) => d.toJSON());
      group = await withSchedule(group, { start: '10:00', end: '13:00' });
      group = await withExceptions(group, [{ date: '2026-03-20', kind: 'cancelled', reason: 'Synthetic closure' }]);
      expect(await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).toEqual({ created: 0, updated: 10, cancelled: 0, unchanged: 1 });
      const after = await db.sessions.findByIds([completedId, cancelledCompletedId]).exec();
      expect([...after.values()].map((d) => d.toJSON())).toEqual(beforeJson);
      const list = byDate(await stored(group.id));
      expect(list.get('2026-03-18')).toMatchObject({ status: 'completed', rev: 2, data: { start: '09:00' } });
      expect(list.get('2026-03-20')).toMatchObject({ status: 'completed', data: { start: '09:00', changeReason: '' } });
    });

    it('refuses a group without a schedule', async () => {
      const group = await newGroup();
      await expect(sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).rejects.toThrow('This group has no schedule yet');
      expect(await db.sessions.count().exec()).toBe(0);
    });

    it('between$ returns sessions of every group and one-off sessions in the inclusive range, by start time', async () => {
      const a = await scheduledGroup();
      const b = await scheduledGroup({ ...SCHEDULE, start: '08:00', end: '08:45' }, { name: 'Synthetic Early Group' });
      await sessions.generateForGroup(a.id, a.data, FOUR_WEEKS);
      await sessions.generateForGroup(b.id, b.data, FOUR_WEEKS);
      const oneOff = await sessions.createOneOff('individual', '2026-03-10', ONE_OFF);
      expect(oneOff).toMatchObject({ kind: 'individual', groupId: '', status: 'scheduled', date: '2026-03-10' });
      expect(oneOff.data).toMatchObject({ start: '13:00', startsAt: '2026-03-10T18:00:00.000Z', minutes: 60, occurrenceKey: null, clientIds: ['client-a'] });
      const week = await firstValueFrom(sessions.between$({ from: '2026-03-09', to: '2026-03-11' }));
      expect(week.map((s) => s.id)).toEqual([
        await groupSessionId(keys.key, b.id, '2026-03-09'),
        await groupSessionId(keys.key, a.id, '2026-03-09'),
        oneOff.id,
        await groupSessionId(keys.key, b.id, '2026-03-11'),
        await groupSessionId(keys.key, a.id, '2026-03-11'),
      ]);
      expect(await firstValueFrom(sessions.between$({ from: '2026-03-30', to: '2026-04-05' }))).toEqual([]);
      expect((await firstValueFrom(sessions.forGroup$(b.id))).map((s) => s.data.title)).toEqual(Array(12).fill('Synthetic Early Group'));
    });

    it('between$ emits again when sessions are generated', async () => {
      const group = await scheduledGroup();
      const next = firstValueFrom(sessions.between$({ from: '2026-03-02', to: '2026-03-08' }).pipe(filter((list) => list.length === 3)));
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      expect((await next).map((s) => s.date)).toEqual(['2026-03-02', '2026-03-04', '2026-03-06']);
    });

    it('createOneOff refuses a session without a clinician, or without a client unless it is a workshop', async () => {
      await expect(sessions.createOneOff('individual', '2026-03-10', { ...ONE_OFF, facilitatorIds: [] })).rejects.toThrow('Choose at least one clinician');
      await expect(sessions.createOneOff('family', '2026-03-10', { ...ONE_OFF, clientIds: [] })).rejects.toThrow('Choose the client');
      await expect(sessions.createOneOff('individual', '2026-03-10', { ...ONE_OFF, start: '14:00', end: '13:00' })).rejects.toThrow('End time must be after start time');
      expect(await db.sessions.count().exec()).toBe(0);
      expect((await sessions.createOneOff('workshop', '2026-03-10', { ...ONE_OFF, clientIds: [] })).kind).toBe('workshop');
    });

    it('stores no title, place, time or facilitator in any raw session document', async () => {
      const group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      const raw = JSON.stringify((await db.sessions.find().exec()).map((d) => d.toJSON()));
      for (const secret of ['Quorblefax', 'Vemblestone', 'staff-synthetic-1', 'America/Chicago', 'T15:00', '09:00', 'in-person']) expect(raw).not.toContain(secret);
      expect(raw).toContain('"date":"2026-03-02"');
    });

    it('refuses to read or generate once locked', async () => {
      const group = await scheduledGroup();
      await sessions.generateForGroup(group.id, group.data, FOUR_WEEKS);
      keys.lock();
      await expect(firstValueFrom(sessions.between$(FOUR_WEEKS))).rejects.toThrow(/locked/);
      await expect(firstValueFrom(sessions.forGroup$(group.id))).rejects.toThrow(/locked/);
      await expect(sessions.generateForGroup(group.id, group.data, FOUR_WEEKS)).rejects.toThrow(/locked/);
    });
  });
});
