/**
 * Keeping the laptop light (docs/RETENTION.md), end to end: two laptops with the app's SyncService
 * and repositories on real RxDB databases, a real server (PGlite) over HTTP, real AES-GCM. A client
 * discharged long ago is archived off laptop A: their records are gone from A's storage (not even
 * a tombstone), the server and laptop B still hold every one unchanged, and bringing back restores
 * them on A identically. A client with a change the server has not acknowledged is not archived,
 * and bringing back offline says it needs the office connection.
 */
// First: Dexie takes IndexedDB from the globals when it loads, and the storage layer below loads it.
import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Arrival } from '../../src/renderer/src/arrival/arrival';
import type { AuditEvent } from '../../src/renderer/src/audit/audit-log';
import { withoutStorageFields } from '../../src/renderer/src/db/storage';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { Retention, RetentionOfflineError } from '../../src/renderer/src/sync/retention';
import { SyncClient } from '../../src/renderer/src/sync/sync-client';
import { createSyncServer, type SyncServer } from '../../src/server';
import { createPracticeKey } from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { useBackend } from './support/backends';
import { newDevice, type Credentials, type Device } from './support/devices';
import { enrolDevice, registerPractice } from './support/server';

const COLLECTIONS = ['clients', 'episodes', 'notes', 'conflicts'] as const;
const target = (clientId: string) => ({ sessionId: 'session-s1', clientId, date: '2024-01-05', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-1' });

describe('retention: archiving a discharged client off one laptop (PGlite)', () => {
  const backend = useBackend('pglite');
  let server: SyncServer;
  let url: string;
  const devices: Device[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server.close();
  });

  /** A laptop's stored live documents naming `clientId` (or being it), by collection/id. */
  async function storedOf(device: Device, clientId: string): Promise<Map<string, SyncDocument>> {
    const found = new Map<string, SyncDocument>();
    for (const name of ['clients', 'episodes', 'notes'] as const) {
      const raw = await device.db[name].storageInstance.findDocumentsById((await device.db[name].find().exec()).map((d) => d.primary), true);
      for (const doc of raw) if (doc.id === clientId || (doc as { clientId?: string }).clientId === clientId) found.set(`${name}/${doc.id}`, withoutStorageFields(doc));
    }
    return found;
  }

  it('archives without a deletion anywhere else, and brings the client back as before', async () => {
    server = createSyncServer({ storage: backend.storage, logger: false });
    await server.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const key = (await createPracticeKey()).dataKey;
    const admin: Credentials = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const a = await newDevice('a', key, url, admin, { collections: [...COLLECTIONS] });
    const b = await newDevice('b', key, url, member, { collections: [...COLLECTIONS] });
    devices.push(a, b);
    await Promise.all([a.sync.start(), b.sync.start()]);

    const episodes = new EpisodesRepository(a.db.episodes, a.keys);
    const gone = await a.clients!.create({ firstName: 'Archiva', lastName: 'Testperson', dateOfBirth: '1970-03-04' });
    const stays = await a.clients!.create({ firstName: 'Current', lastName: 'Testperson', dateOfBirth: '1981-05-06' });
    const episode = await episodes.admit({ clientId: gone.id, programId: 'program-1', trackId: 'track-1', admittedOn: '2023-11-01', level: 'iop' });
    await episodes.discharge(episode.id, { on: '2024-01-10', reason: 'completed', summary: '', aftercare: { referrals: [], relapsePreventionPlan: '', alumniGroup: false, followUpOn: '' } });
    await a.notes.saveDraft(target(gone.id), { fields: { goal: 'Synthetic goal' } });
    await a.notes.saveDraft(target(stays.id), { fields: { goal: 'Another synthetic goal' } });
    const upToDate = (s: { phase: string; pending: number }) => s.phase === 'up-to-date' && s.pending === 0;
    await a.until(upToDate);
    await expect.poll(async () => (await storedOf(b, gone.id)).size, { timeout: 15_000 }).toBe(3);

    const before = await storedOf(a, gone.id);
    expect([...before.keys()].map((k) => k.split('/')[0]).sort()).toEqual(['clients', 'episodes', 'notes']);
    const fetcher = new SyncClient({ serverUrl: url, token: admin.token, appVersion: '0.2.0' });
    const whileSyncStopped = async <T,>(work: () => Promise<T>): Promise<T> => {
      await a.sync.stop();
      try {
        return await work();
      } finally {
        await a.sync.start();
      }
    };
    // What is handed to the audit trail (the device here has none of its own).
    const audited: AuditEvent[] = [];
    const audit = { record: async (event: AuditEvent) => void audited.push(event) };
    const retention = new Retention(a.db, a.keys, new Arrival(a.db, a.keys, { conflicts: a.conflicts }), { client: async () => fetcher, whileSyncStopped, audit });

    // A change the server has not acknowledged keeps the client on the laptop.
    await a.sync.stop();
    await a.clients!.update(gone.id, { firstName: 'Archiva', lastName: 'Testperson', dateOfBirth: '1970-03-04', preferredName: 'Unsent edit' });
    await expect(retention.archive(gone.id, 'Archiva Testperson')).rejects.toThrow(/not acknowledged/);
    expect(await retention.archived()).toEqual([]);
    expect(audited).toEqual([]);
    await a.sync.start();
    await a.until(upToDate);
    const current = await storedOf(a, gone.id);

    expect(await retention.archive(gone.id, 'Archiva Testperson')).toEqual({ records: 3 });
    expect(audited).toEqual([{ action: 'client-archived', target: { collection: 'clients', id: gone.id, clientId: gone.id }, detail: '3 records' }]);
    // Gone from A's storage, tombstones included; the other client's records stay.
    for (const name of ['clients', 'episodes', 'notes'] as const) {
      const ids = [...current.keys()].filter((k) => k.startsWith(`${name}/`)).map((k) => k.slice(name.length + 1));
      expect(await a.db[name].storageInstance.findDocumentsById(ids, true)).toEqual([]);
    }
    expect(await a.clients!.get(gone.id)).toBeNull();
    expect((await a.clients!.get(stays.id))?.data.firstName).toBe('Current');
    expect((await retention.archived()).map(({ clientId, name }) => ({ clientId, name }))).toEqual([{ clientId: gone.id, name: 'Archiva Testperson' }]);

    // Sync runs on (A edits and pushes another record); no deletion ever reaches the server or B.
    await a.until(upToDate);
    await a.notes.saveDraft(target(stays.id), { fields: { goal: 'Edited after archiving' } });
    await a.until(upToDate);
    await expect.poll(async () => (await b.notes.forClient(stays.id))[0]?.data.note.fields['goal'], { timeout: 15_000 }).toBe('Edited after archiving');
    const onServer = new Map<string, SyncDocument>();
    for (const name of ['clients', 'episodes', 'notes'] as const) {
      const ids = [...current.keys()].filter((k) => k.startsWith(`${name}/`)).map((k) => k.slice(name.length + 1));
      for (const doc of await fetcher.fetch(name, ids)) onServer.set(`${name}/${doc.id}`, doc);
    }
    expect(onServer.size).toBe(3);
    for (const [k, doc] of current) expect({ rev: onServer.get(k)!.rev, sealed: onServer.get(k)!.sealed, _deleted: onServer.get(k)!._deleted }).toEqual({ rev: doc.rev, sealed: doc.sealed, _deleted: false });
    expect(await storedOf(b, gone.id)).toEqual(current);
    expect((await b.clients!.get(gone.id))?.data.preferredName).toBe('Unsent edit');

    // Offline: bringing back says what it needs and keeps the client archived.
    const offline = new Retention(a.db, a.keys, new Arrival(a.db, a.keys, { conflicts: a.conflicts }), {
      client: async () => new SyncClient({ serverUrl: 'http://127.0.0.1:9', token: admin.token, appVersion: '0.2.0' }),
      whileSyncStopped,
      audit,
    });
    await expect(offline.bringBack(gone.id)).rejects.toThrow(RetentionOfflineError);
    await expect(offline.bringBack(gone.id)).rejects.toThrow(/needs the connection to the office sync server/);
    expect((await retention.archived()).length).toBe(1);

    // Back, identical, and nothing to push: A is up to date with nothing pending.
    expect(await retention.bringBack(gone.id)).toEqual({ records: 3 });
    expect(audited.map((e) => e.action)).toEqual(['client-archived', 'client-returned']);
    expect(await storedOf(a, gone.id)).toEqual(current);
    expect((await a.clients!.get(gone.id))?.data.preferredName).toBe('Unsent edit');
    expect(await retention.archived()).toEqual([]);
    await a.sync.stop();
    await a.sync.start();
    await a.until(upToDate);
    for (const doc of await fetcher.fetch('clients', [gone.id])) expect(doc.rev).toBe(current.get(`clients/${gone.id}`)!.rev);
  });
});
