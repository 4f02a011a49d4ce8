/**
 * The server never holds a patient's name, nor a clinical fact: records sealed with real AES-GCM
 * on the "device" are pushed over HTTP, then every row of every table is dumped as text and the
 * raw database files are scanned. The scan must be able to fail: a control string the server
 * stores in clear (a document id) has to be found by the very same scan. Ids themselves are
 * scanned too: records written through the app's repositories carry no client id, group id, date
 * or substance-use kind in their ids, while a composite id as an earlier release made it is found.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { SubstanceUseRepository } from '../../src/renderer/src/repositories/substance-use';
import { SUGGESTED_SCHEDULES } from '../../src/shared/measures';
import { groupSchema } from '../../src/shared/programs';
import { createPracticeKey, generateRecoveryCode, sealJson, unsealJson, wrapWithRecoveryCode } from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import { documentIds, dumpAllRows, filesContaining, revealingIds } from './support/scan';
import { newDevice, type Device } from './support/devices';
import { createEnrolment, enrolDevice, newEnrolmentCode, pull, push, redeem, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

const SYNTHETIC_NAME = 'Zyxa Testperson-Qwv';
const CONTROL = 'PlaintextControl-Kq7Vw';

describe.each(BACKENDS)('zero knowledge on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer | undefined;
  const devices: Device[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server?.close();
  });

  it('stores sealed records without the plaintext, and the scan finds a plaintext control', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server, { deviceName: 'Front desk laptop' });
    const { dataKey, raw } = await createPracticeKey();
    // The enrolment relays a real key wrap the server cannot open.
    const code = newEnrolmentCode();
    const wrap = await wrapWithRecoveryCode(raw, dataKey.id, generateRecoveryCode());
    raw.fill(0);
    expect((await createEnrolment(server, admin.token, { ...code, wrappedKey: JSON.stringify(wrap) })).status).toBe(201);
    expect((await redeem(server, code, 'Group room laptop')).status).toBe(201);

    const record = { name: SYNTHETIC_NAME, dateOfBirth: '1971-02-03', notes: `${SYNTHETIC_NAME} reports sleeping better.` };
    const docs: SyncDocument[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `client-${i}`;
      const sealed = await sealJson(dataKey, { collection: 'clients', id, schemaVersion: 0 }, record);
      docs.push(sealedDoc(id, 1, { sealed, kind: 'client', status: 'active', clientId: '' }));
    }
    // The control: a document id, which the server stores in clear.
    docs.push(sealedDoc(CONTROL, 1, { sealed: docs[0]!.sealed }));
    expect((await push(server, admin.token, 'clients', docs.map((doc) => ({ newDocumentState: doc })))).body).toEqual({ conflicts: [] });

    // The envelope really holds the name: the device can open what the server stores.
    const stored = (await pull(server, admin.token, 'clients')).body.documents[0]!;
    expect(await unsealJson(dataKey, { collection: 'clients', id: stored.id, schemaVersion: 0 }, stored.sealed)).toEqual(record);

    const dump = await dumpAllRows(backend.storage);
    expect(dump).toContain(CONTROL);
    for (const fragment of [SYNTHETIC_NAME, 'Testperson', 'Zyxa', 'sleeping better', '1971-02-03']) expect(dump).not.toContain(fragment);

    // The files on disk, after a checkpoint has written the pages.
    await backend.storage.query('CHECKPOINT');
    expect(filesContaining(backend.dataDir, CONTROL)).not.toEqual([]);
    expect(filesContaining(backend.dataDir, 'Testperson')).toEqual([]);
    // The server's own log says nothing either.
    expect(server.logs.join('\n')).not.toContain('Testperson');
  });

  it('keeps no client id, group id, date or substance-use kind in the ids of records written through the app, and the id scan finds a composite id an earlier release sent', async () => {
    const CLIENT = 'client-zk-Rt5Yp';
    const GROUP = 'group-zk-Ux2Mn';
    const EPISODE = 'episode-zk-Wq3Lc';
    const WEEK = { from: '2026-03-02', to: '2026-03-08' };
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const { dataKey } = await createPracticeKey();
    const writer = await newDevice('zk-ids', dataKey, server.url, admin, { collections: ['notes', 'privateNotes', 'sessions', 'plans', 'conflicts'] });
    devices.push(writer);
    // A group's generated sessions (ids the same on every device that generates them), a member's note and the
    // shared part, a counselling note, an episode's measure schedule and a client's expected medications.
    const group = groupSchema.parse({ name: 'Synthetic Group', facilitatorIds: ['staff-zk'], schedule: { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: WEEK.from } });
    expect((await writer.sessions!.generateForGroup(GROUP, group, WEEK)).created).toBe(3);
    const monday = (await writer.db.sessions.findOne({ selector: { groupId: GROUP, date: '2026-03-02' } }).exec())!;
    await writer.notes.saveDraft({ sessionId: monday.id, clientId: CLIENT, date: monday.date, kind: 'progress', templateId: 'GIRP', authorId: 'staff-zk' }, { fields: { goal: 'Synthetic goal' } });
    await writer.notes.saveShared(monday.id, monday.date, 'staff-zk', { topic: 'Synthetic topic', curriculum: '', interventions: '' });
    await new PrivateNotesRepository(writer.db.privateNotes, writer.keys, { currentProfile: () => ({ id: 'staff-zk' }) }).save({ sessionId: monday.id, clientId: CLIENT, date: monday.date, kind: 'sud-counselling' }, 'Synthetic counselling text');
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
    expect(ids.length).toBe(3 + 2 + 1 + 1 + 2 + 1);
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
