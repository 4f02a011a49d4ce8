import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { ProgramsRepository, type GroupRecord } from '../../src/renderer/src/repositories/programs';
import { CapacityOverrideNeeded, SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import type { GroupInput } from '../../src/shared/programs';
import type { DateRange, WeeklySchedule } from '../../src/shared/schedule';
import { groupSessionId, testKeySource } from './support/keys';

const SCHEDULE: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: '2026-03-02' };
const WEEK: DateRange = { from: '2026-03-02', to: '2026-03-08' };
const GROUP: GroupInput = { name: 'Synthetic Group Wobblecrest', facilitatorIds: ['staff-synthetic-1'], capacity: 2, location: 'Synthetic Room', topic: 'Synthetic topic' };
const BY = { by: 'staff-synthetic-1', at: '2026-03-02T15:30:00.000Z' };
let counter = 0;

describe('session participants, capacity override and regeneration (RxDB + fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let programs: ProgramsRepository;
  let sessions: SessionsRepository;
  let group: GroupRecord;
  let sessionId: string;

  beforeEach(async () => {
    db = await openDatabase({ name: `session-participants-${++counter}-${crypto.randomUUID()}`, validate: true });
    const keys = await testKeySource();
    programs = new ProgramsRepository(db.programs, keys);
    sessions = new SessionsRepository(db.sessions, keys);
    const program = await programs.createProgram({ name: 'Synthetic Programme' });
    const track = await programs.createTrack(program.id, { name: 'Synthetic Track', population: 'adult' });
    const created = await programs.createGroup(track.id, GROUP);
    group = await programs.updateGroup(created.id, (current) => ({ ...current, schedule: SCHEDULE }));
    await sessions.generateForGroup(group.id, group.data, WEEK);
    sessionId = await groupSessionId(keys.key, group.id, '2026-03-02');
  });
  afterEach(async () => {
    await db.remove();
  });

  it('a drop-in over capacity needs a confirmation, which is recorded with who gave it', async () => {
    const roster = ['client-a', 'client-b'];
    await expect(sessions.addParticipant(sessionId, 'client-c', roster, { capacity: 2 })).rejects.toThrow(CapacityOverrideNeeded);
    expect((await sessions.get(sessionId))?.data.clientIds).toEqual([]);
    const added = await sessions.addParticipant(sessionId, 'client-c', roster, { capacity: 2, override: BY });
    expect(added.data.clientIds).toEqual(['client-c']);
    expect(added.data.capacityOverride).toEqual({ ...BY, present: 3, capacity: 2 });
    await expect(sessions.addParticipant(sessionId, 'client-a', roster, { capacity: 5 })).rejects.toThrow('already takes part');
  });

  it('marking one of three absent brings attendance back within capacity without a confirmation', async () => {
    await sessions.addParticipant(sessionId, 'client-c', ['client-a', 'client-b'], { capacity: 3 });
    const entries = [
      { clientId: 'client-a', status: 'present' as const },
      { clientId: 'client-b', status: 'absent-excused' as const },
      { clientId: 'client-c', status: 'late' as const, arrivedAt: '09:20' },
    ];
    const saved = await sessions.recordAttendance(sessionId, entries, { capacity: 2 });
    expect(saved.data.attendance).toEqual(entries);
    expect(saved.data.capacityOverride).toBeUndefined();
    await expect(sessions.recordAttendance(sessionId, entries.map((e) => ({ clientId: e.clientId, status: 'present' as const })), { capacity: 2 })).rejects.toThrow('3 present is over the group\'s capacity of 2');
  });

  it('only group and workshop sessions take added participants; removing one drops their attendance', async () => {
    const individual = await sessions.createOneOff('individual', '2026-03-03', { title: 'Synthetic individual', start: '13:00', end: '13:50', timeZone: 'America/Chicago', facilitatorIds: ['staff-synthetic-1'], modality: 'in-person', location: '', clientIds: ['client-a'], contactIds: [] });
    await expect(sessions.addParticipant(individual.id, 'client-b', [], { capacity: 10 })).rejects.toThrow('Only group and workshop sessions');
    await sessions.addParticipant(sessionId, 'client-c', [], { capacity: 10 });
    await sessions.recordAttendance(sessionId, [{ clientId: 'client-c', status: 'telehealth' }], { capacity: 10 });
    const removed = await sessions.removeParticipant(sessionId, 'client-c');
    expect(removed.data.clientIds).toEqual([]);
    expect(removed.data.attendance).toEqual([]);
  });

  it('regenerating after a schedule change keeps the attendance, drop-ins and override already recorded', async () => {
    await sessions.addParticipant(sessionId, 'client-c', ['client-a', 'client-b'], { capacity: 2, override: BY });
    const entries = [{ clientId: 'client-a', status: 'left-early' as const, leftAt: '11:00' }];
    await sessions.recordAttendance(sessionId, entries, { capacity: 2 });
    group = await programs.updateGroup(group.id, (current) => ({ ...current, location: 'Synthetic Room Moved', schedule: { ...current.schedule!, end: '12:30' } }));
    expect((await sessions.generateForGroup(group.id, group.data, WEEK)).updated).toBe(3);
    const after = await sessions.get(sessionId);
    expect(after?.data).toMatchObject({ location: 'Synthetic Room Moved', end: '12:30', minutes: 210, clientIds: ['client-c'], attendance: entries, capacityOverride: { ...BY, present: 3, capacity: 2 } });
    const untouched = (await firstValueFrom(sessions.forGroup$(group.id))).find((s) => s.date === '2026-03-04');
    expect(untouched?.data.attendance).toBeUndefined();
  });
});
