import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { SessionsRepository, type SessionRecord } from '../../src/renderer/src/repositories/sessions';
import { NotFacilitatorError } from '../../src/shared/notes';
import { SessionNotOpenError } from '../../src/shared/session-time';
import type { NonFacilitatorSigning } from '../../src/shared/settings';
import { testKeySource } from './support/keys';

let counter = 0;
/** 13:00–14:00 Chicago on 2026-11-20 (19:00–20:00 UTC); with 15 minutes' opening, notes open at 18:45 UTC. */
const DATE = '2026-11-20';
const BEFORE = Date.UTC(2026, 10, 20, 18, 44);
const OPEN = Date.UTC(2026, 10, 20, 18, 46);
const facilitator = { staffId: 'staff-facilitator', name: 'Lead Synthetic', credentials: 'LCSW', needsCosignature: false };
const other = { staffId: 'staff-other', name: 'Other Synthetic', credentials: 'LPC', needsCosignature: false };

describe('time and facilitator rules in the notes repository, on RxDB + Dexie (fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let notes: NotesRepository;
  let session: SessionRecord;
  let now: number;
  let policy: NonFacilitatorSigning;
  const target = (clientId = 'client-a') => ({ sessionId: session.id, clientId, date: DATE, kind: 'individual' as const, templateId: 'individual' as const, authorId: facilitator.staffId });
  const fields = { focus: 'Synthetic focus', intervention: 'Synthetic intervention', response: 'Synthetic response', affect: 'Euthymic', risk: 'No risk indicators observed', plan: 'Synthetic plan' };

  beforeEach(async () => {
    db = await openDatabase({ name: `note-rules-${++counter}-${crypto.randomUUID()}`, validate: true });
    const keys = await testKeySource();
    const sessions = new SessionsRepository(db.sessions, keys);
    session = await sessions.createOneOff('individual', DATE, { title: 'Synthetic individual session', start: '13:00', end: '14:00', timeZone: 'America/Chicago', facilitatorIds: [facilitator.staffId], modality: 'in-person', location: '', clientIds: ['client-a'], contactIds: [] });
    now = BEFORE;
    policy = 'refuse';
    notes = new NotesRepository(db.notes, keys, () => now, {
      session: async (id) => (await sessions.get(id))?.data ?? null,
      practice: async () => ({ sessionOpensMinutesBefore: 15, nonFacilitatorSigning: policy }),
    });
  });
  afterEach(async () => {
    await db.remove();
  });

  it('refuses a note or shared part for a session that has not opened, saying when it opens, and stores nothing', async () => {
    const refused = notes.saveDraft(target(), { fields: { focus: 'Synthetic focus' } });
    await expect(refused).rejects.toBeInstanceOf(SessionNotOpenError);
    await expect(refused).rejects.toThrow(/^This session has not started: it begins at 13:00\. Attendance and notes open at 12:45, 15 minutes before it starts\.$/);
    await expect(notes.saveShared(session.id, DATE, facilitator.staffId, { topic: 'Synthetic topic', curriculum: '', interventions: '' })).rejects.toBeInstanceOf(SessionNotOpenError);
    expect(await db.notes.count().exec()).toBe(0);

    now = OPEN;
    await notes.saveDraft(target(), { fields: { focus: 'Synthetic focus' } });
    expect(await db.notes.count().exec()).toBe(1);
  });

  it('refuses a signature by a non-facilitator when the practice says refuse; allows it when it says warn', async () => {
    now = OPEN;
    await notes.saveDraft(target(), { fields });
    const id = await notes.idOf(session.id, 'client-a');
    await expect(notes.sign(id, other, new Date(now).toISOString())).rejects.toBeInstanceOf(NotFacilitatorError);
    await expect(notes.sign(id, other, new Date(now).toISOString())).rejects.toThrow('You are not a facilitator of this session: the practice allows only its facilitators to sign its notes.');
    expect((await db.notes.findOne(id).exec())?.status).toBe('draft');

    policy = 'warn';
    expect((await notes.sign(id, other, new Date(now).toISOString())).status).toBe('signed');
  });

  it('lets a facilitator sign under either policy, and refuses a note for a session this device does not hold', async () => {
    now = OPEN;
    await notes.saveDraft(target(), { fields });
    expect((await notes.sign(await notes.idOf(session.id, 'client-a'), facilitator, new Date(now).toISOString())).status).toBe('signed');
    await expect(notes.saveDraft({ ...target(), sessionId: 'session-not-here' }, { fields })).rejects.toThrow('This session does not exist on this device');
  });
});
