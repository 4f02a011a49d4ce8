import { firstValueFrom } from 'rxjs';
import { createRxDatabase, rxStorageInstanceToReplicationHandler, type RxCollection, type RxDatabase } from 'rxdb/plugins/core';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { notesSchema, type NoteDocType } from '../../src/renderer/src/db/schemas';
import { VaultLockedError, type KeySource } from '../../src/renderer/src/db/sealed-store';
import { ConflictAlreadyResolvedError, conflictRecordId, ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { NotesRepository, type StoredNote } from '../../src/renderer/src/repositories/notes';
import { sealedConflictHandler } from '../../src/renderer/src/sync/conflict-handler';
import { Arrival } from '../../src/renderer/src/arrival/arrival';
import { withoutStorageFields } from '../../src/renderer/src/db/storage';
import { openRecord } from '../../src/shared/crypto';
import { recordState, storedNoteSchema } from '../../src/shared/records';
import type { Note } from '../../src/shared/notes';
import { mergeRecords, type MergeRecord } from '../../src/shared/sync/merge';
import { testKeySource } from './support/keys';

let counter = 0;
const AT = '2026-11-20T15:00:00.000Z';
const SESSION = 'session-g-2026-11-20';
const target = (clientId = 'client-a') => ({ sessionId: SESSION, clientId, date: '2026-11-20', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-lcsw' });
const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
const licensed = { staffId: 'staff-lcsw', name: 'Licensed Synthetic', credentials: 'LCSW', needsCosignature: false };
const otherLicensed = { staffId: 'staff-lmft', name: 'Other Synthetic', credentials: 'LMFT', needsCosignature: false };

/** A real practice key that locks and unlocks again, as the vault does. */
async function lockableKeys(): Promise<KeySource & { lock(): void; unlock(): void; whenUnlocked(): Promise<void> }> {
  const inner = await testKeySource();
  let unlocked = true;
  const waiting: (() => void)[] = [];
  return {
    requireKey: () => {
      if (!unlocked) throw new VaultLockedError();
      return inner.key;
    },
    isUnlocked: () => unlocked,
    onLock: inner.onLock,
    whenUnlocked: () => (unlocked ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve))),
    lock: () => {
      unlocked = false;
    },
    unlock: () => {
      unlocked = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

describe('conflict handler on sealed notes, replicating through RxDB', () => {
  let db: WaypointDatabase;
  /** The central server's copy: what the other laptop has already pushed. */
  let server: RxDatabase<{ notes: RxCollection<NoteDocType> }>;
  let keys: Awaited<ReturnType<typeof lockableKeys>>;
  let here: NotesRepository;
  /** The note of client-a in SESSION (its id derives from the practice key). */
  let ID: string;
  let there: NotesRepository;
  let conflicts: ConflictsRepository;

  beforeEach(async () => {
    counter += 1;
    keys = await lockableKeys();
    db = await openDatabase({ name: `conflict-handler-${counter}-${Date.now()}`, validate: true });
    server = await createRxDatabase({ name: `conflict-server-${counter}-${Date.now()}`, storage: getRxStorageMemory() });
    await server.addCollections({ notes: { schema: notesSchema } });
    here = new NotesRepository(db.notes, keys);
    there = new NotesRepository(server.notes, keys);
    ID = await here.idOf(SESSION, 'client-a');
    conflicts = new ConflictsRepository(db.conflicts, keys);
    db.notes.conflictHandler = sealedConflictHandler(db.notes, { arrival: new Arrival(db, keys, { conflicts }), whenUnlocked: keys.whenUnlocked });
  });
  afterEach(async () => {
    await db.remove();
    await server.remove();
  });

  /** One replication run, pushing to the server and pulling from it; returns the errors it reported. */
  async function sync(): Promise<unknown[]> {
    const master = rxStorageInstanceToReplicationHandler(server.notes.storageInstance, server.notes.conflictHandler, server.token);
    const replication = replicateRxCollection({
      collection: db.notes,
      replicationIdentifier: 'test-server',
      live: false,
      waitForLeadership: false,
      pull: { handler: (checkpoint, batchSize) => master.masterChangesSince(checkpoint, batchSize) },
      push: { handler: (rows) => master.masterWrite(rows) },
    });
    const errors: unknown[] = [];
    replication.error$.subscribe((error) => errors.push(error));
    // A run that is not live cancels itself once in sync.
    await replication.awaitInitialReplication();
    return errors;
  }

  async function noteOn(collection: RxCollection<NoteDocType>, id = ID) {
    const doc = (await collection.findOne(id).exec())!.toJSON();
    return { doc, data: storedNoteSchema.parse((await openRecord(keys.requireKey(), { collection: 'notes', id }, doc.sealed, recordState(doc))).value) };
  }

  /** The stored version of the note, deleted or not, as it travels. */
  const raw = async (collection: RxCollection<NoteDocType>) => withoutStorageFields((await collection.storageInstance.findDocumentsById([ID], true))[0]);

  async function inSync() {
    const local = await noteOn(db.notes);
    expect((await noteOn(server.notes)).doc).toEqual(local.doc);
    return local;
  }

  it('merges "plan" edited on one laptop and "response" on the other: no conflict recorded', async () => {
    await here.saveDraft(target(), { fields: COMPLETE });
    expect(await sync()).toEqual([]);
    await there.saveDraft(target(), { fields: { plan: 'Synthetic plan from laptop B' } });
    await here.saveDraft(target(), { fields: { response: 'Synthetic response from laptop A' } });
    expect(await sync()).toEqual([]);
    const { doc, data } = await inSync();
    expect(data.note.fields).toEqual({ ...COMPLETE, plan: 'Synthetic plan from laptop B', response: 'Synthetic response from laptop A' });
    expect(doc.rev).toBe(3);
    expect(await db.conflicts.count().exec()).toBe(0);
  });

  it('records a true conflict in the conflicts collection, sealed, with both versions, and shows one version on both sides', async () => {
    await here.saveDraft(target(), { fields: COMPLETE });
    await sync();
    await there.saveDraft(target(), { fields: { plan: 'Quibbleworth plan from laptop B' } });
    await here.saveDraft(target(), { fields: { plan: 'Zanzibarian plan from laptop A' } });
    expect(await sync()).toEqual([]);

    const { data } = await inSync();
    const open = await firstValueFrom(conflicts.open$());
    expect(open).toHaveLength(1);
    const [record] = open;
    expect(record).toMatchObject({ docCollection: 'notes', docId: ID, status: 'open', data: { conflict: { kind: 'fields', fields: ['data.note.fields.plan'] } } });
    const plans = record!.data.conflict.versions.map((v) => (v.data as StoredNote).note.fields['plan']);
    expect(plans.sort()).toEqual(['Quibbleworth plan from laptop B', 'Zanzibarian plan from laptop A']);
    expect(plans).toContain(data.note.fields['plan']);

    const raw = JSON.stringify((await db.conflicts.find().exec()).map((d) => d.toJSON()));
    expect(raw).not.toContain('Quibbleworth');
    expect(raw).not.toContain('Zanzibarian');
  });

  it('a signed note stays exactly as signed; the draft typed meanwhile on this laptop is kept in the conflict', async () => {
    await here.saveDraft(target(), { fields: COMPLETE });
    await sync();
    const signed = await there.sign(ID, licensed, AT);
    await here.saveDraft(target(), { fields: { plan: 'Synthetic plan typed after the other laptop signed' } });
    expect(await sync()).toEqual([]);

    const { doc, data } = await inSync();
    expect(data).toEqual(signed.data);
    expect(doc.status).toBe('signed');
    const [record] = await firstValueFrom(conflicts.open$());
    expect(record!.data.conflict).toMatchObject({ kind: 'superseded-edits', fields: ['data.note.fields.plan'] });
    const draft = record!.data.conflict.versions.find((v) => v.plain['status'] === 'draft');
    expect((draft?.data as StoredNote).note.fields['plan']).toBe('Synthetic plan typed after the other laptop signed');
  });

  it('two different signatures of one note are an immutable violation: both versions kept, neither altered', async () => {
    await here.saveDraft(target(), { fields: COMPLETE });
    await sync();
    const mine = await here.sign(ID, licensed, AT);
    const theirs = await there.sign(ID, otherLicensed, AT);
    expect(await sync()).toEqual([]);

    const { data } = await inSync();
    expect([mine.data, theirs.data]).toContainEqual(data);
    const [record] = await firstValueFrom(conflicts.open$());
    expect(record!.data.conflict.kind).toBe('immutable-violation');
    expect(record!.data.conflict.versions.map((v) => (v.data as { note: Note }).note.signature?.by).sort()).toEqual(['staff-lcsw', 'staff-lmft']);
  });

  it('with the vault locked, resolution waits for the unlock: nothing is lost, and the conflict resolves then', async () => {
    await here.saveDraft(target(), { fields: COMPLETE });
    await sync();
    await there.saveDraft(target(), { fields: { plan: 'Synthetic plan from laptop B' } });
    await here.saveDraft(target(), { fields: { response: 'Synthetic response from laptop A' } });
    // Pulled in the same run: with a throwing handler this moved the checkpoint past the conflict for good.
    const other = await there.saveDraft(target('client-b'), { fields: { plan: 'Synthetic other note' } });
    keys.lock();

    let finished = false;
    const running = sync().then((errors) => {
      finished = true;
      return errors;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished).toBe(false);
    expect(await db.notes.findOne(other.id).exec()).not.toBeNull();

    keys.unlock();
    expect(await running).toEqual([]);
    expect((await inSync()).data.note.fields).toMatchObject({ plan: 'Synthetic plan from laptop B', response: 'Synthetic response from laptop A' });
  });

  it('a pulled version is written by RxDB itself only over the version last taken from the server, where the arrival decision takes it too; over a change not yet pushed it meets the decision', async () => {
    const arrival = new Arrival(db, keys, { conflicts });
    const writers: string[] = [];
    const watching = db.notes.eventBulks$.subscribe((bulk) => {
      if (bulk.events.some((e) => e.documentId === ID)) writers.push(bulk.context.startsWith('replication-downstream') ? 'pull' : bulk.context.startsWith('replication-up-write-conflict') ? 'decision' : 'local');
    });
    await here.saveDraft(target(), { fields: COMPLETE });
    expect(await sync()).toEqual([]);
    // Nothing changed here since: the pull writes the other laptop's version, the one the decision takes (ours is its ancestor).
    const ours = await raw(db.notes);
    await there.saveDraft(target(), { fields: { plan: 'Synthetic plan from laptop B' } });
    const theirs = await raw(server.notes);
    expect(await arrival.decide('notes', ours, { doc: theirs, base: ours })).toEqual({ outcome: 'updated', write: theirs, conflict: null });
    writers.length = 0;
    expect(await sync()).toEqual([]);
    expect(writers).toEqual(['pull']);
    expect(await raw(db.notes)).toEqual(theirs);
    // A change here not yet pushed: the pull leaves it alone, and the other version meets it in the decision (conflict handler).
    writers.length = 0;
    await there.saveDraft(target(), { fields: { intervention: 'Synthetic intervention from laptop B' } });
    await here.saveDraft(target(), { fields: { response: 'Synthetic response from laptop A' } });
    expect(await sync()).toEqual([]);
    watching.unsubscribe();
    expect(writers).toEqual(['local', 'decision']);
    expect((await inSync()).data.note.fields).toEqual({ ...COMPLETE, plan: 'Synthetic plan from laptop B', intervention: 'Synthetic intervention from laptop B', response: 'Synthetic response from laptop A' });
  });

  it('a deletion made from our very version stands against it whatever ancestor is given; a deletion of another version is a conflict', async () => {
    const arrival = new Arrival(db, keys, { conflicts });
    await here.saveDraft(target(), { fields: COMPLETE });
    const v1 = await raw(db.notes);
    await here.saveDraft(target(), { fields: { plan: 'Plan the other laptop saw before discarding' } });
    const v2 = await raw(db.notes);
    // The tombstone of v2 (what a laptop that had received v2 sends when it discards the draft), and of another version.
    await (await db.notes.findOne(ID).exec())!.remove();
    const deletedV2 = await raw(db.notes);
    await there.saveDraft(target(), { fields: COMPLETE });
    await (await server.notes.findOne(ID).exec())!.remove();
    const deletedOther = await raw(server.notes);
    // RxDB's assumed state can be older than what the deleting laptop had seen (a push whose answer was lost).
    for (const base of [v1, null]) expect(await arrival.decide('notes', v2, { doc: deletedV2, base })).toEqual({ outcome: 'updated', write: deletedV2, conflict: null });
    expect(await arrival.decide('notes', deletedV2, { doc: v2, base: v1 })).toEqual({ outcome: 'unchanged', write: null, conflict: null });
    expect(await firstValueFrom(conflicts.open$())).toEqual([]);
    expect((await arrival.decide('notes', v2, { doc: deletedOther, base: v1 })).conflict?.kind).toBe('delete-edit');
  });

  it('takes the server’s version as it is when the push it reports as a conflict was our own', async () => {
    await here.saveDraft(target(), { fields: COMPLETE });
    const doc = (await db.notes.findOne(ID).exec())!.toJSON();
    const state = { ...doc, _deleted: false };
    expect(await db.notes.conflictHandler.resolve({ realMasterState: state, newDocumentState: { ...state } }, 'test')).toBe(state);
    expect(db.notes.conflictHandler.isEqual(state, { ...state, sealed: `${state.sealed}x` }, 'test')).toBe(false);
  });
});

describe('conflicts repository', () => {
  let db: WaypointDatabase;
  let conflicts: ConflictsRepository;

  const version = (plan: string, rev: number): MergeRecord => ({ plain: { kind: 'progress', status: 'draft' }, data: { note: { fields: { plan } } }, rev, updatedAt: rev, deleted: false });
  const { conflict } = mergeRecords({ collection: 'notes', id: 'note-1', base: version('', 1), mine: version('Synthetic A', 2), theirs: version('Synthetic B', 2) });
  const sealedVersions = [
    { id: 'note-1', rev: 2, updatedAt: 2, sealed: 'w1.A256GCM.key.aaa.bbb', _deleted: false },
    { id: 'note-1', rev: 2, updatedAt: 2, sealed: 'w1.A256GCM.key.ccc.ddd', _deleted: false },
  ] as const;

  beforeEach(async () => {
    db = await openDatabase({ name: `conflicts-repo-${++counter}-${Date.now()}`, validate: true });
    conflicts = new ConflictsRepository(db.conflicts, await testKeySource());
  });
  afterEach(async () => {
    await db.remove();
  });

  it('derives the same id from the same two sealed versions, in either order, on any device', async () => {
    const id = await conflictRecordId('notes', 'note-1', sealedVersions);
    expect(await conflictRecordId('notes', 'note-1', [sealedVersions[1], sealedVersions[0]])).toBe(id);
    expect(id).toMatch(/^conflict-[A-Za-z0-9_-]{43}$/);
    expect(await conflictRecordId('notes', 'note-2', sealedVersions)).not.toBe(id);
  });

  it('records a conflict once, however often and however concurrently it is recorded', async () => {
    const [a, b] = await Promise.all([conflicts.record(conflict!, sealedVersions), conflicts.record(conflict!, sealedVersions)]);
    const again = await conflicts.record(conflict!, [sealedVersions[1], sealedVersions[0]]);
    expect(new Set([a.id, b.id, again.id]).size).toBe(1);
    expect(await db.conflicts.count().exec()).toBe(1);
    expect(again).toMatchObject({ docCollection: 'notes', docId: 'note-1', status: 'open', rev: 1, data: { conflict } });
  });

  it('resolves a conflict once: it leaves the open list with who chose what, and a second decision is refused', async () => {
    const recorded = await conflicts.record(conflict!, sealedVersions);
    await expect(conflicts.resolve(recorded.id, { version: 1 }, ' ', AT)).rejects.toThrow(/staff id/);
    const resolved = await conflicts.resolve(recorded.id, { merged: { plain: { kind: 'progress', status: 'draft' }, data: { note: { fields: { plan: 'Synthetic A and B' } } } } }, 'staff-lcsw', AT);
    expect(resolved).toMatchObject({ status: 'resolved', data: { conflict, resolution: { by: 'staff-lcsw', at: AT } } });
    expect(await firstValueFrom(conflicts.open$())).toEqual([]);
    await expect(conflicts.resolve(recorded.id, { version: 0 }, 'staff-other', AT)).rejects.toThrow(ConflictAlreadyResolvedError);
    expect((await conflicts.get(recorded.id))?.data.resolution?.by).toBe('staff-lcsw');
  });
});
