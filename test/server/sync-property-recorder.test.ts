/**
 * The sync property's recorder (support/history.ts) on a race the kept-device runs met: a note
 * discarded on one device, and on another a step that found the draft live, then typed into it
 * after the discard arrived, so the draft is made again over the deletion. That is intended (the
 * person typed into the note after the discard reached their device): the write replaces the
 * deletion it was made over, and the oracle must know it did. RxDB reports a write over a
 * tombstone with no previous version, so the recorder once took it for a creation from nothing,
 * and the oracle found the deletion lost. Real devices and a real server; PGlite only: the
 * database plays no part in what the recorder sees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPracticeKey } from '../../src/shared/crypto';
import type { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { COLLECTIONS, Recorder } from './support/history';
import { DELETED } from './support/sync-oracle';
import { enrolDevice, registerPractice, startServer, type TestServer } from './support/server';

const settled = (d: Device) => d.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);

describe('the sync property recorder', () => {
  const backend = useBackend('pglite');
  let server: TestServer;
  const devices: Device[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server.close();
  });

  it('a draft made again over a discard that arrived during the step replaces the deletion: the oracle accepts the history', async () => {
    server = await startServer(backend.storage);
    const { url } = server;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const key = (await createPracticeKey()).dataKey;
    const a = await newDevice('a', key, url, admin, { collections: [...COLLECTIONS] });
    const b = await newDevice('b', key, url, member, { collections: [...COLLECTIONS] });
    devices.push(a, b);
    const history = new Recorder(key, (context) => context.startsWith('replication-'), 'recorder');
    const unwatch = [a, b].map((d) => history.watch(d));
    try {
      await history.setUp(a);
      const id = history.ids.get('note-b')!;
      for (const d of [a, b]) await d.sync.start();
      await settled(a);
      await expect.poll(async () => (await b.db.notes.findOne(id).exec()) !== null, { timeout: 10_000 }).toBe(true);

      // b offline; a discards the note, and the server holds the deletion.
      await b.sync.stop();
      await history.run(a, 0, 0, { kind: 'discard', device: 0, record: 'note-b' });
      await settled(a);
      // b's edit step finds the draft live; the discard arrives before the typing is saved.
      const deletionArrives = async () => {
        await b.sync.start();
        await expect.poll(async () => (await b.db.notes.storageInstance.findDocumentsById([id], true))[0]?._deleted, { timeout: 10_000 }).toBe(true);
      };
      const typing: NotesRepository = Object.assign(Object.create(b.notes) as NotesRepository, {
        saveDraft: async (...args: Parameters<NotesRepository['saveDraft']>) => {
          await deletionArrives();
          return b.notes.saveDraft(...args);
        },
      });
      await history.run({ ...b, notes: typing }, 1, 1, { kind: 'edit', device: 1, record: 'note-b', fields: ['plan'] });
      await settled(b);
      await settled(a);
      await expect.poll(async () => (await a.notes.forClient('client-b'))[0]?.data.note.fields.plan, { timeout: 10_000 }).toBe('b-1-plan');

      // Both devices hold the draft made again, no conflict kept; the deletion was replaced by a write made over it.
      expect(await history.check([a, b])).toBe(0);
      const made = history.writes.find((w) => w.record === 'note-b' && w.step === 1)!;
      expect(made).toMatchObject({ device: 'b', before: { [DELETED]: '1' }, after: expect.objectContaining({ plan: 'b-1-plan', goal: '' }) });
      expect(made.intent).toContain(DELETED);
    } finally {
      unwatch.forEach((stop) => stop());
    }
  });
});
