/**
 * What the server holds of a record, and what a device makes of what it receives (docs/ARCHITECTURE.md:
 * Wire), on PGlite and on PostgreSQL, with the app's repositories and SyncService on real RxDB
 * databases over real HTTP and real AES-GCM:
 * - no kind, status, date or client id reaches the server's database (the scan finds its control);
 * - a row edited in the database (rev rolled back, deleted flag set, a routing field added) reads
 *   as tampered on the device, is reported in the sync status and is never applied;
 * - an older complete version put back in the database is refused by a device that had a newer one;
 * - a pull page that loses records on the device is filled from the next, so what follows arrives;
 * - record ids carry no client id, group id, date or substance-use kind (the id scan finds a
 *   composite id as an earlier release made it).
 */
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { TEST_AUTHOR_PASSPHRASE, testAuthorKeys } from '../renderer/support/author-keys';
import { SubstanceUseRepository } from '../../src/renderer/src/repositories/substance-use';
import { SUGGESTED_SCHEDULES } from '../../src/shared/measures';
import { groupSchema } from '../../src/shared/programs';
import { createPracticeKey, sealJson } from '../../src/shared/crypto';
import { BACKENDS, useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { documentIds, dumpAllRows, filesContaining, revealingIds } from './support/scan';
import { enrolDevice, push, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

const CONTROL = 'PlaintextControl-Wv3Jd';

describe.each(BACKENDS)('the wire on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer | undefined;
  const devices: Device[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server?.close();
  });

  /** Edits one stored client row as someone with the database would, and gives it a new sequence number so devices pull it. */
  const tamper = async (practiceId: string, id: string, set: string) =>
    backend.storage.transaction(async (tx) => {
      const [{ seq }] = (await tx.query<{ seq: unknown }>('UPDATE practices SET seq = seq + 1 WHERE id = $1 RETURNING seq', [practiceId])) as [{ seq: unknown }];
      await tx.query(`UPDATE documents SET seq = $1, ${set} WHERE practice_id = $2 AND collection = 'clients' AND id = $3`, [Number(seq), practiceId, id]);
    });

  it('keeps no kind, status, date or client id of a w3 record: they travel sealed and a device restores them; a 0.1.0 device\'s w1 record keeps the fields it sent in clear, so others can index it', async () => {
    const CLIENT = 'client-zk-Hq4Rw';
    const ADMITTED = '2026-10-13';
    const MEASURED = '2026-10-27';
    const NOTE_DATE = '2026-10-29';
    const LEGACY_CLIENT = 'client-zk-Lg8Tn';
    const LEGACY_DATE = '2026-09-17';
    const collections = ['settings', 'notes', 'privateNotes', 'plans', 'episodes', 'conflicts'] as const;
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const writer = await newDevice('zk-writer', dataKey, server.url, admin, { collections: [...collections] });
    devices.push(writer);
    // Written through the app's repositories, as a clinician would.
    const episode = await new EpisodesRepository(writer.db.episodes, writer.keys).admit({ clientId: CLIENT, programId: 'program-zk', trackId: 'track-zk', admittedOn: ADMITTED, level: 'iop' });
    const measures = new MeasuresRepository(writer.db.plans, writer.keys);
    const answers = { q1: 2, q2: 2, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1, q8: 1, q9: 2 };
    const measure = await measures.record({ instrumentId: 'phq9', clientId: CLIENT, episodeId: episode.id, date: MEASURED, answers, enteredBy: 'clinician', recordedBy: 'staff-zk' });
    expect(measure.status).toBe('alert-open');
    const { authorKeys } = await testAuthorKeys(writer.db.settings, writer.keys);
    await authorKeys.unlocked({ profileId: 'staff-zk', passphrase: TEST_AUTHOR_PASSPHRASE });
    const privateNotes = new PrivateNotesRepository(writer.db.privateNotes, writer.keys, { currentProfile: () => ({ id: 'staff-zk' }) }, authorKeys);
    await privateNotes.save({ sessionId: 'session-zk', clientId: CLIENT, date: NOTE_DATE, kind: 'sud-counselling' }, 'Synthetic counselling text');
    await writer.sync.start();
    await writer.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);

    // A device of release 0.1.0 still sends its query fields in clear, with a w1 envelope that cannot seal them: kept on that row.
    const legacySealed = await sealJson(dataKey, { collection: 'plans', id: 'legacy-measure-1', schemaVersion: 0 }, { ...measure.data, clientId: LEGACY_CLIENT });
    const legacy = sealedDoc('legacy-measure-1', 1, { sealed: legacySealed, kind: 'measure', clientId: LEGACY_CLIENT, episodeId: 'episode-legacy', status: 'alert-acknowledged', date: LEGACY_DATE });
    expect((await push(server, admin.token, 'plans', [{ newDocumentState: legacy }])).body).toEqual({ conflicts: [] });
    expect((await push(server, admin.token, 'plans', [{ newDocumentState: sealedDoc(CONTROL) }])).body).toEqual({ conflicts: [] });

    const dump = await dumpAllRows(backend.storage);
    expect(dump).toContain(CONTROL);
    expect(dump).toContain(measure.id);
    for (const value of ['sud-counselling', 'psychotherapy', 'alert-open', 'active', ADMITTED, MEASURED, NOTE_DATE, CLIENT, 'program-zk', 'Synthetic counselling']) {
      expect(dump, value).not.toContain(value);
    }
    for (const value of [LEGACY_CLIENT, LEGACY_DATE, 'episode-legacy', 'alert-acknowledged']) expect(dump, value).toContain(value);
    await backend.storage.query('CHECKPOINT');
    expect(filesContaining(backend.dataDir, CONTROL)).not.toEqual([]);
    for (const value of ['sud-counselling', 'alert-open', CLIENT, MEASURED]) expect(filesContaining(backend.dataDir, value), value).toEqual([]);

    // Another device restores the fields from the envelopes: its queries by client and status work.
    const reader = await newDevice('zk-reader', dataKey, server.url, await enrolDevice(server, admin.token), { collections: [...collections] });
    devices.push(reader);
    await reader.sync.start();
    const readerMeasures = new MeasuresRepository(reader.db.plans, reader.keys);
    await expect.poll(async () => (await reader.db.plans.find({ selector: { clientId: CLIENT, status: 'alert-open' } }).exec()).map((d) => d.id), { timeout: 20_000 }).toEqual([measure.id]);
    expect((await firstValueFrom(readerMeasures.forClient$(CLIENT))).map((m) => [m.id, m.status, m.date, m.episodeId])).toEqual([[measure.id, 'alert-open', MEASURED, episode.id]]);
    await expect.poll(async () => (await reader.db.privateNotes.find({ selector: { kind: 'sud-counselling' } }).exec()).length, { timeout: 20_000 }).toBe(1);
    // The 0.1.0 device's record is indexed by its fields on this release too, and not reported (the control, sealed with another key, is).
    await expect.poll(async () => (await reader.db.plans.find({ selector: { clientId: LEGACY_CLIENT, status: 'alert-acknowledged' } }).exec()).map((d) => d.id), { timeout: 20_000 }).toEqual(['legacy-measure-1']);
    expect(reader.sync.status$.value.failures.map((f) => f.message).join('\n')).not.toContain('legacy-measure-1');
  });

  it('a row edited in the database (rev rolled back, deleted flag set, a routing field added) reads as tampered on each device, is reported, and is never applied', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const a = await newDevice('tamper-a', dataKey, server.url, admin);
    devices.push(a);
    const clients = a.clients!;
    const person = (n: number) => ({ firstName: `Tamperan${n}`, lastName: 'Syntheticson', dateOfBirth: '1979-05-06' });
    const rolled = await clients.create(person(1));
    await clients.update(rolled.id, { ...person(1), preferredName: 'Second version' });
    await clients.update(rolled.id, { ...person(1), preferredName: 'Third version' });
    const deleted = await clients.create(person(2));
    const rerouted = await clients.create(person(3));
    const untouched = await clients.create(person(4));
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    expect((await backend.storage.query<{ rev: number }>('SELECT rev FROM documents WHERE id = $1', [rolled.id]))[0]!.rev).toBe(3);
    await tamper(admin.practiceId, rolled.id, `rev = 2, doc = jsonb_set(doc, '{rev}', '2')`);
    await tamper(admin.practiceId, deleted.id, `deleted = true, doc = jsonb_set(doc, '{_deleted}', 'true')`);
    await tamper(admin.practiceId, rerouted.id, `doc = doc || '{"status": "discharged", "clientId": "client-elsewhere"}'::jsonb`);
    const tampered = [rolled.id, deleted.id, rerouted.id];
    const integrityFailures = (device: Device) => device.sync.status$.value.failures.filter((f) => f.message.includes('failed its integrity check')).map((f) => f.message);

    // The device that holds them: each reported by id (Settings → Sync lists them under "Records that did not sync"), none applied.
    a.sync.syncNow();
    await expect.poll(() => integrityFailures(a).length, { timeout: 20_000 }).toBe(3);
    for (const id of tampered) expect(integrityFailures(a).some((m) => m.startsWith(`Record ${id} `))).toBe(true);
    expect((await clients.get(rolled.id))!).toMatchObject({ rev: 3, data: { preferredName: 'Third version' } });
    expect(await clients.get(deleted.id)).not.toBeNull();
    expect(rerouted.status).not.toBe('discharged');
    expect((await clients.get(rerouted.id))!).toMatchObject({ status: rerouted.status, clientId: rerouted.clientId });

    // A device joining now: the same three reported, none stored; the untouched record arrives.
    const b = await newDevice('tamper-b', dataKey, server.url, await enrolDevice(server, admin.token));
    devices.push(b);
    await b.sync.start();
    await expect.poll(async () => (await b.clients!.get(untouched.id))?.data.firstName, { timeout: 20_000 }).toBe('Tamperan4');
    await expect.poll(() => integrityFailures(b).length, { timeout: 20_000 }).toBe(3);
    for (const id of tampered) expect(await b.db.clients.storageInstance.findDocumentsById([id], true)).toEqual([]);
  });

  it('a page that loses records on the device (tampered, refused) is filled from the server\'s next ones: every record after them arrives, with no other change on the server to pull again', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const a = await newDevice('pages-a', dataKey, server.url, admin);
    devices.push(a);
    const person = (n: number) => ({ firstName: `Pagella${n}`, lastName: 'Syntheticson', dateOfBirth: '1981-02-03' });
    const before: { id: string }[] = [];
    for (let n = 1; n <= 3; n++) before.push(await a.clients!.create(person(n)));
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    await a.sync.stop();
    // Three rows edited in the database, each given a new sequence number: they come after the first three.
    for (const { id } of before) await tamper(admin.practiceId, id, `doc = doc || '{"status": "discharged"}'::jsonb`);
    // Then four more records, after the edited rows.
    const after: { id: string }[] = [];
    for (let n = 4; n <= 7; n++) after.push(await a.clients!.create(person(n)));
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    await a.sync.stop();

    // Pages of two: the edited rows fill a page and a half; RxDB ends its walk at a page shorter than asked for.
    const b = await newDevice('pages-b', dataKey, server.url, await enrolDevice(server, admin.token), { pullBatch: 2 });
    devices.push(b);
    await b.sync.start();
    for (const { id } of after) await expect.poll(async () => (await b.clients!.get(id))?.data.lastName, { timeout: 20_000 }).toBe('Syntheticson');
    const failures = b.sync.status$.value.failures.filter((f) => f.message.includes('failed its integrity check'));
    expect(failures.map((f) => before.findIndex(({ id }) => f.message.startsWith(`Record ${id} `))).sort()).toEqual([0, 1, 2]);
    for (const { id } of before) expect(await b.db.clients.storageInstance.findDocumentsById([id], true)).toEqual([]);
  });

  it('an older complete version replayed from the database (its own rev, envelope and date together) is refused by a device that had a newer one, reported and never applied', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const a = await newDevice('replay-a', dataKey, server.url, admin);
    devices.push(a);
    const clients = a.clients!;
    const person = { firstName: 'Replayan', lastName: 'Syntheticson', dateOfBirth: '1981-02-03' };
    const record = await clients.create(person);
    const removed = await clients.create({ ...person, firstName: 'Removan' });
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    // The second version is another device's, so this device cannot know it as one it sent itself.
    const b = await newDevice('replay-b', dataKey, server.url, await enrolDevice(server, admin.token));
    devices.push(b);
    await b.sync.start();
    await expect.poll(async () => (await b.clients!.get(record.id))?.rev, { timeout: 20_000 }).toBe(1);
    await b.clients!.update(record.id, { ...person, preferredName: 'Second version' });
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    await b.close();
    devices.splice(devices.indexOf(b), 1);
    await expect.poll(async () => (await clients.get(record.id))?.rev, { timeout: 20_000 }).toBe(2);
    // Whoever writes the server's database keeps a copy of each row as it is now: complete, authentic versions.
    const copy = async (id: string) => (await backend.storage.query<{ rev: number; updated_at: unknown; deleted: boolean; doc: unknown }>('SELECT rev, updated_at, deleted, doc FROM documents WHERE id = $1', [id]))[0]!;
    const old = await copy(record.id);
    const live = await copy(removed.id);
    expect([old.rev, live.deleted]).toEqual([2, false]);
    await clients.update(record.id, { ...person, preferredName: 'Third version' });
    await (await a.db.clients.findOne(removed.id).exec())!.remove();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    expect((await copy(record.id)).rev).toBe(3);

    const replay = async (id: string, row: Awaited<ReturnType<typeof copy>>) =>
      backend.storage.transaction(async (tx) => {
        const [{ seq }] = (await tx.query<{ seq: unknown }>('UPDATE practices SET seq = seq + 1 WHERE id = $1 RETURNING seq', [admin.practiceId])) as [{ seq: unknown }];
        await tx.query('UPDATE documents SET seq = $1, rev = $2, updated_at = $3, deleted = $4, doc = $5 WHERE practice_id = $6 AND id = $7', [Number(seq), row.rev, row.updated_at, row.deleted, JSON.stringify(row.doc), admin.practiceId, id]);
      });
    await replay(record.id, old);
    // The removal undone by replaying the live version from before it.
    await replay(removed.id, live);
    a.sync.syncNow();
    const replayed = () => a.sync.status$.value.failures.filter((f) => f.message.includes('an older version replayed')).map((f) => f.message);
    await expect.poll(() => replayed().length, { timeout: 20_000 }).toBe(2);
    expect(replayed().some((m) => m.startsWith(`Record ${record.id} failed its integrity check`) && m.includes('revision 2, older than revision 3'))).toBe(true);
    expect(replayed().some((m) => m.startsWith(`Record ${removed.id} `))).toBe(true);
    expect((await clients.get(record.id))!).toMatchObject({ rev: 3, data: { preferredName: 'Third version' } });
    expect((await a.db.clients.storageInstance.findDocumentsById([removed.id], true))[0]?._deleted).toBe(true);

    // Edited again here (another field): the push meets the replayed row, which is reported and not merged in (a merge
    // with the newer version as ancestor would take its older preferred name back); this device's version replaces it.
    await clients.update(record.id, { ...person, lastName: 'Syntheticsen', preferredName: 'Third version' });
    await expect.poll(async () => (await copy(record.id)).rev, { timeout: 20_000 }).toBe(4);
    expect((await clients.get(record.id))!).toMatchObject({ rev: 4, data: { lastName: 'Syntheticsen', preferredName: 'Third version' } });
    expect(a.sync.status$.value.failures.some((f) => f.message.startsWith(`Record ${record.id}: the server holds revision 2, older than revision 3`))).toBe(true);
  });

  it('a removal travels sealed as a tombstone: the other device applies it, with nothing reported', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const a = await newDevice('remove-a', dataKey, server.url, admin);
    const b = await newDevice('remove-b', dataKey, server.url, await enrolDevice(server, admin.token));
    devices.push(a, b);
    const draft = await a.notes.saveDraft({ sessionId: 'session-rm', clientId: 'client-rm', date: '2026-11-20', kind: 'progress', templateId: 'GIRP', authorId: 'staff-rm' }, { fields: { goal: 'Synthetic goal' } });
    await a.sync.start();
    await b.sync.start();
    await expect.poll(async () => (await b.db.notes.findOne(draft.id).exec())?.rev, { timeout: 20_000 }).toBe(draft.rev);
    // A draft discarded through RxDB, as the app's discard does.
    await (await a.db.notes.findOne(draft.id).exec())!.remove();
    await expect.poll(async () => (await b.db.notes.storageInstance.findDocumentsById([draft.id], true))[0]?._deleted, { timeout: 20_000 }).toBe(true);
    const [row] = await backend.storage.query<{ rev: number; deleted: boolean }>('SELECT rev, deleted FROM documents WHERE id = $1', [draft.id]);
    expect(row).toEqual({ rev: draft.rev + 1, deleted: true });
    expect([...a.sync.status$.value.failures, ...b.sync.status$.value.failures]).toEqual([]);
  });

  it('keeps no client id, group id, date or substance-use kind in the ids of records written through the app, and the id scan finds a composite id an earlier release sent', async () => {
    const CLIENT = 'client-zk-Rt5Yp';
    const GROUP = 'group-zk-Ux2Mn';
    const EPISODE = 'episode-zk-Wq3Lc';
    const WEEK = { from: '2026-03-02', to: '2026-03-08' };
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const writer = await newDevice('zk-ids', dataKey, server.url, admin, { collections: ['settings', 'notes', 'privateNotes', 'sessions', 'plans', 'conflicts'] });
    devices.push(writer);
    // A group's generated sessions (ids the same on every device that generates them), a member's note and the
    // shared part, a counselling note, an episode's measure schedule and a client's expected medications.
    const group = groupSchema.parse({ name: 'Synthetic Group', facilitatorIds: ['staff-zk'], schedule: { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: WEEK.from } });
    expect((await writer.sessions!.generateForGroup(GROUP, group, WEEK)).created).toBe(3);
    const monday = (await writer.db.sessions.findOne({ selector: { groupId: GROUP, date: '2026-03-02' } }).exec())!;
    await writer.notes.saveDraft({ sessionId: monday.id, clientId: CLIENT, date: monday.date, kind: 'progress', templateId: 'GIRP', authorId: 'staff-zk' }, { fields: { goal: 'Synthetic goal' } });
    await writer.notes.saveShared(monday.id, monday.date, 'staff-zk', { topic: 'Synthetic topic', curriculum: '', interventions: '' });
    const { authorKeys } = await testAuthorKeys(writer.db.settings, writer.keys);
    await authorKeys.unlocked({ profileId: 'staff-zk', passphrase: TEST_AUTHOR_PASSPHRASE });
    await new PrivateNotesRepository(writer.db.privateNotes, writer.keys, { currentProfile: () => ({ id: 'staff-zk' }) }, authorKeys).save({ sessionId: monday.id, clientId: CLIENT, date: monday.date, kind: 'sud-counselling' }, 'Synthetic counselling text');
    await new MeasuresRepository(writer.db.plans, writer.keys).setSchedules({ clientId: CLIENT, episodeId: EPISODE, date: monday.date }, [SUGGESTED_SCHEDULES.phq9]);
    const substanceUse = new SubstanceUseRepository(writer.db.plans, writer.keys);
    await substanceUse.addMedication(CLIENT, { medication: 'buprenorphine', startedOn: '2026-03-01' });
    await substanceUse.confirmSobriety({ clientId: CLIENT, sobrietyDate: '2026-02-20', confirmedBy: { staffId: 'staff-zk', name: 'Synthetic Counsellor', credentials: 'LCDC' }, confirmedAt: '2026-03-02T15:00:00.000Z', reason: 'Synthetic reason' });
    await writer.sync.start();
    await writer.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);

    // The control: a note id as an earlier release composed it, which the scan must find.
    const legacyId = `note-session-group-zk-Ctl4q-2026-03-09-client-zk-Ctl8v`;
    expect((await push(server, admin.token, 'notes', [{ newDocumentState: sealedDoc(legacyId) }])).body).toEqual({ conflicts: [] });

    const ids = await documentIds(backend.storage);
    // … + 1: the private-note author's key record (settings), whose id names no staff member either.
    expect(ids.length).toBe(3 + 2 + 1 + 1 + 2 + 1 + 1);
    const values = [CLIENT, GROUP, EPISODE, 'client-zk', 'staff-zk', 'sud-counselling', 'psychotherapy', 'expected-medications', 'medications', 'sobriety', 'drug-screen', 'asam'];
    expect(revealingIds(ids, values)).toEqual([legacyId]);
    const dump = await dumpAllRows(backend.storage);
    for (const value of [CLIENT, GROUP, EPISODE, '2026-03-02', '2026-03-04', '2026-03-06', 'sud-counselling', 'buprenorphine']) expect(dump, value).not.toContain(value);

    // Another device of the practice generating the same week reaches the same ids: nothing is duplicated.
    const other = await newDevice('zk-ids-other', dataKey, server.url, await enrolDevice(server, admin.token), { collections: ['notes', 'sessions', 'conflicts'] });
    devices.push(other);
    await other.sync.start();
    await expect.poll(() => other.db.sessions.count().exec(), { timeout: 20_000 }).toBe(3);
    expect((await other.sessions!.generateForGroup(GROUP, group, WEEK)).created).toBe(0);
    expect(await other.db.sessions.count().exec()).toBe(3);
  });
});
