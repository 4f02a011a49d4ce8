import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { createPracticeKey, type DataKey } from '../../src/shared/crypto';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { testKeySource } from './support/keys';

let counter = 0;
const AT = '2026-11-20T15:00:00.000Z';
const target = (clientId: string, authorId = 'staff-assoc') => ({ sessionId: 'session-g-2026-11-20', clientId, date: '2026-11-20', kind: 'progress' as const, templateId: 'GIRP' as const, authorId });
const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
const associate = { staffId: 'staff-assoc', name: 'Assoc Synthetic', credentials: 'LPC-Associate', needsCosignature: true };
const licensed = { staffId: 'staff-lcsw', name: 'Licensed Synthetic', credentials: 'LCSW', needsCosignature: false };
const supervisor = { staffId: 'staff-sup', name: 'Super Synthetic', credentials: 'PsyD', needsCosignature: false, role: 'supervisor' as const };

describe('notes repository on RxDB + Dexie (fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let notes: NotesRepository;
  let keys: Awaited<ReturnType<typeof testKeySource>>;

  beforeEach(async () => {
    db = await openDatabase({ name: `notes-test-${++counter}-${Date.now()}`, validate: true });
    keys = await testKeySource();
    notes = new NotesRepository(db.notes, keys);
  });
  afterEach(async () => {
    await db.remove();
  });

  it('gives a note an opaque id, the same on another device of the practice, and leaves a note stored at its earlier composite id there', async () => {
    const draft = await notes.saveDraft(target('client-a'), { fields: { goal: 'Synthetic goal' } });
    expect(draft.id).toMatch(/^note-[A-Za-z0-9_-]{22}$/);
    for (const part of ['session', 'client', '2026', 'g-']) expect(draft.id.slice('note-'.length), part).not.toContain(part);
    // Another device: the same key bytes imported on their own (nothing cached is shared), with no such note yet.
    const { dataKey, raw } = await createPracticeKey();
    const device = async () => ({ id: dataKey.id, key: await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']) });
    const idOn = async (key: DataKey) => new NotesRepository(db.notes, await testKeySource(key)).idOf('session-elsewhere', 'client-a');
    expect(await idOn(await device())).toBe(await idOn(await device()));
    expect(await idOn(await device())).not.toBe(await idOn(keys.key));
    expect(await notes.idOf(target('client-a').sessionId, 'client-b')).not.toBe(draft.id);

    // A note an earlier release stored at note-<session>-<client> is found and edited there.
    const legacyId = `note-${target('client-b').sessionId}-client-b`;
    await new SealedStore<Record<string, string>, unknown>(db.notes as never, keys).insert(legacyId, { kind: 'progress', status: 'draft', sessionId: target('client-b').sessionId, clientId: 'client-b', authorId: 'staff-assoc', date: '2026-11-20', parentId: '' }, draft.data);
    expect(await notes.idOf(target('client-b').sessionId, 'client-b')).toBe(legacyId);
    const edited = await notes.saveDraft(target('client-b'), { fields: { plan: 'Synthetic plan' } });
    expect(edited).toMatchObject({ id: legacyId, rev: 2, data: { note: { fields: { goal: 'Synthetic goal', plan: 'Synthetic plan' } } } });
    expect(await db.notes.count().exec()).toBe(2);
  });

  it('typing into a draft whose discard arrives between the read and the write makes the draft again over the deletion; the tombstone is never edited', async () => {
    const id = await notes.idOf('session-g-2026-11-20', 'client-a');
    await notes.saveDraft(target('client-a'), { fields: { goal: 'Goal before the discard' } });
    // The discard (as a pull writes it: the tombstone, rev 2) lands once the save has read the live draft, before it writes.
    const read = db.notes.findOne(id).exec();
    const stored = (await read)!;
    const removed = stored.remove();
    const saved = notes.saveDraft(target('client-a'), { fields: { plan: 'Plan typed as the discard arrived' } });
    await removed;
    await saved;
    const [doc] = await db.notes.storageInstance.findDocumentsById([id], true);
    expect(doc).toMatchObject({ rev: 3, _deleted: false });
    expect((await notes.forClient('client-a'))[0]!.data.note.fields).toEqual(expect.objectContaining({ plan: 'Plan typed as the discard arrived', goal: '' }));
  });

  it('refuses to sign with required fields missing, naming them, and leaves the draft', async () => {
    await notes.saveDraft(target('client-a'), { fields: { goal: 'Synthetic goal' } });
    await expect(notes.sign(await notes.idOf('session-g-2026-11-20', 'client-a'), licensed, AT)).rejects.toThrow('Complete before signing: Intervention, Participation and response, Affect / mental status, Risk observations, Plan');
    expect((await db.notes.findOne(await notes.idOf('session-g-2026-11-20', 'client-a')).exec())?.status).toBe('draft');
  });

  it('a pre-licensed clinician’s note goes to the review queue; the supervisor co-signs; it is then final', async () => {
    const id = await notes.idOf('session-g-2026-11-20', 'client-a');
    await notes.saveDraft(target('client-a'), { fields: COMPLETE });
    await notes.sign(id, associate, AT, { topic: 'Synthetic topic', curriculum: '', interventions: '' });
    expect((await firstValueFrom(notes.reviewQueue$())).map((n) => n.id)).toEqual([id]);
    await expect(notes.cosign(id, { ...associate, role: 'clinician' }, AT)).rejects.toThrow(/supervisor or administrator/);
    const cosigned = await notes.cosign(id, supervisor, AT);
    expect(cosigned.data.note).toMatchObject({ status: 'cosigned', cosignature: { name: 'Super Synthetic', credentials: 'PsyD' } });
    expect(cosigned.data.shared?.topic).toBe('Synthetic topic');
    expect(await firstValueFrom(notes.reviewQueue$())).toEqual([]);
    await expect(notes.saveDraft(target('client-a'), { fields: { plan: 'changed after signing' } })).rejects.toThrow('A signed note cannot be changed: add an addendum');
  });

  it('returns a note for correction; the author edits and signs again; it goes back to review', async () => {
    const id = await notes.idOf('session-g-2026-11-20', 'client-a');
    await notes.saveDraft(target('client-a'), { fields: COMPLETE });
    await notes.sign(id, associate, AT);
    await expect(notes.returnForCorrection(id, supervisor, '', AT)).rejects.toThrow();
    await notes.returnForCorrection(id, supervisor, 'Synthetic: name the skill practised', AT);
    expect((await firstValueFrom(notes.due$())).map((n) => n.status)).toEqual(['returned']);
    await notes.saveDraft(target('client-a'), { fields: { intervention: 'Synthetic: practised box breathing' } });
    const again = await notes.sign(id, associate, AT);
    expect(again.status).toBe('pending-cosign');
  });

  it('adds dated addenda under a signed note and refuses them on a draft', async () => {
    const id = await notes.idOf('session-g-2026-11-20', 'client-a');
    await notes.saveDraft(target('client-a', 'staff-lcsw'), { fields: COMPLETE });
    await expect(notes.addAddendum(id, 'too early', licensed, AT)).rejects.toThrow(/Only a signed note takes an addendum/);
    await notes.sign(id, licensed, AT);
    await notes.addAddendum(id, 'Synthetic correction', licensed, AT);
    const session = await firstValueFrom(notes.session$('session-g-2026-11-20'));
    expect(session.addenda.map((a) => a.data.text)).toEqual(['Synthetic correction']);
    expect(session.notes[0]?.data.note.fields['plan']).toBe('Synthetic plan');
  });

  /** Every document write to the notes collection from now on: what the audit hooks and sync's push react to. */
  const writesTo = (database: WaypointDatabase) => {
    const writes: { id: string; rev: number; status: string }[] = [];
    const subscription = database.notes.eventBulks$.subscribe((bulk) => {
      for (const event of bulk.events) writes.push({ id: event.documentId, rev: (event.documentData as { rev: number }).rev, status: (event.documentData as { status: string }).status });
    });
    return { writes, stop: () => subscription.unsubscribe() };
  };

  it('writes nothing when a save changes nothing: no new revision, so nothing to audit or push', async () => {
    const first = await notes.saveDraft(target('client-a'), { fields: { goal: 'Synthetic goal' } });
    const counted = writesTo(db);
    const again = await notes.saveDraft(target('client-a'), { fields: { goal: 'Synthetic goal' } });
    const empty = await notes.saveDraft(target('client-a'), {});
    await notes.saveShared('session-g-2026-11-20', '2026-11-20', 'staff-assoc', { topic: 'Synthetic topic', curriculum: '', interventions: '' });
    await notes.saveShared('session-g-2026-11-20', '2026-11-20', 'staff-assoc', { topic: 'Synthetic topic', curriculum: '', interventions: '' });
    counted.stop();
    expect([again.rev, empty.rev]).toEqual([first.rev, first.rev]);
    expect(again.data.note.fields['goal']).toBe('Synthetic goal');
    // The shared part was new: its insert is the one write.
    expect(counted.writes.map((w) => w.rev)).toEqual([1]);
    expect((await db.notes.findOne(first.id).exec())?.rev).toBe(first.rev);
    // A real change still writes.
    expect((await notes.saveDraft(target('client-a'), { fields: { goal: 'Synthetic goal, changed' } })).rev).toBe(first.rev + 1);
  });

  it('signs what the editor holds in one write: the unsaved change applied and the note signed together', async () => {
    const draft = await notes.saveDraft(target('client-a', 'staff-lcsw'), { fields: { goal: 'Synthetic goal' } });
    const counted = writesTo(db);
    const signed = await notes.signDraft(target('client-a', 'staff-lcsw'), { fields: COMPLETE }, licensed, AT);
    counted.stop();
    expect(counted.writes).toEqual([{ id: draft.id, rev: draft.rev + 1, status: 'signed' }]);
    expect(signed.data.note.fields['plan']).toBe('Synthetic plan');
    expect(signed.data.note.signature?.by).toBe('staff-lcsw');

    // Nothing saved before: the note is created signed, one write at rev 1.
    const fresh = writesTo(db);
    const created = await notes.signDraft(target('client-b', 'staff-lcsw'), { fields: COMPLETE }, licensed, AT);
    fresh.stop();
    expect(fresh.writes).toEqual([{ id: created.id, rev: 1, status: 'signed' }]);
    expect(created.id).toBe(await notes.idOf('session-g-2026-11-20', 'client-b'));

    // A refused signature writes nothing, and signing twice is refused as such.
    const refused = writesTo(db);
    await expect(notes.signDraft(target('client-c'), { fields: { goal: 'Synthetic goal' } }, licensed, AT)).rejects.toThrow(/Complete before signing/);
    await expect(notes.sign(created.id, licensed, AT)).rejects.toThrow('This note is already signed');
    refused.stop();
    expect(refused.writes).toEqual([]);
  });

  it('finds the last earlier note for copy-forward and keeps every text sealed', async () => {
    // Written out of date order: the latest earlier one is found by its date, not by when it was written.
    await notes.saveDraft({ ...target('client-a'), sessionId: 'session-g-2026-11-18', date: '2026-11-18' }, { fields: { goal: 'Quibbleworthian goal text' } });
    await notes.saveDraft({ ...target('client-a'), sessionId: 'session-g-2026-11-11', date: '2026-11-11' }, { fields: { goal: 'an older goal' } });
    await notes.saveDraft(target('client-a'), { fields: { goal: 'today' } });
    expect((await notes.lastNoteBefore('client-a', 'progress', '2026-11-18'))?.data.note.fields['goal']).toBe('an older goal');
    expect(await notes.lastNoteBefore('client-a', 'progress', '2026-11-11')).toBeNull();
    expect(await notes.lastNoteBefore('client-b', 'progress', '2026-11-20')).toBeNull();
    expect((await notes.lastNoteBefore('client-a', 'progress', '2026-11-20'))?.data.note.fields['goal']).toBe('Quibbleworthian goal text');
    const raw = JSON.stringify((await db.notes.find().exec()).map((d) => d.toJSON()));
    expect(raw).not.toContain('Quibbleworthian');
  });
});
