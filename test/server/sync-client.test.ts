/**
 * The device side of sync end to end: the app's SyncService and repositories on real RxDB
 * databases, a real server (PGlite) over HTTP, real AES-GCM. Records cross sealed and open on
 * the other device; the status never says "up to date" before it is.
 */
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createPracticeKey, type DataKey } from '../../src/shared/crypto';
import { ConflictResolver } from '../../src/renderer/src/sync/conflict-resolution';
import { createSyncServer, type SyncServer } from '../../src/server';
import { useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { startFaultyProxy } from './support/faulty-proxy';
import { enrolDevice, registerPractice } from './support/server';

const CLIENT = { firstName: 'Syncopa', lastName: 'Testington', dateOfBirth: '1980-01-02' };
const target = (clientId: string) => ({ sessionId: 'session-s1', clientId, date: '2026-11-20', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-1' });

describe('devices syncing through a real server (PGlite)', () => {
  const backend = useBackend('pglite');
  let server: SyncServer;
  let url: string;
  let key: DataKey;
  const devices: Device[] = [];

  const listen = async (port = 0) => {
    server = createSyncServer({ storage: backend.storage, logger: false });
    await server.listen({ host: '127.0.0.1', port });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  };
  const twoDevices = async () => {
    await listen();
    key = (await createPracticeKey()).dataKey;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const a = await newDevice('a', key, url, admin);
    const b = await newDevice('b', key, url, member);
    devices.push(a, b);
    return [a, b] as const;
  };
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server.close();
  });

  it('a client written on one device arrives on the other, sealed in transit, and both say up to date', async () => {
    const [a, b] = await twoDevices();
    const created = await a.clients!.create(CLIENT);
    await a.sync.start();
    await b.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await b.until((s) => s.phase === 'up-to-date');
    await expect.poll(async () => (await b.clients!.get(created.id))?.data.lastName, { timeout: 10_000 }).toBe('Testington');
    const stored = JSON.stringify(await backend.storage.query('SELECT doc FROM documents'));
    expect(stored).toContain(created.id);
    expect(stored).not.toContain('Testington');
    expect(a.sync.status$.value.lastSyncedAt).not.toBeNull();
  });

  it('keeps changes made while the server is down, says so, and delivers them when it is back', async () => {
    const [a, b] = await twoDevices();
    const created = await a.clients!.create(CLIENT);
    await a.sync.start();
    await b.sync.start();
    await a.until((s) => s.phase === 'up-to-date');
    const port = (server.server.address() as AddressInfo).port;
    await server.close();
    await a.clients!.update(created.id, { ...CLIENT, preferredName: 'Offline edit' });
    const offline = await a.until((s) => s.phase === 'offline' || s.phase === 'error');
    expect(offline.pending).toBe(1);
    await listen(port);
    a.sync.syncNow();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    await expect.poll(async () => (await b.clients!.get(created.id))?.data.preferredName, { timeout: 30_000 }).toBe('Offline edit');
  });

  it('a change the rules refuse leaves nothing pending: the device still reaches up to date', async () => {
    const [a] = await twoDevices();
    await a.notes.saveDraft(target('client-r'), { fields: { goal: 'Synthetic goal' } });
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    // Co-signing a draft is refused before anything is written: the store applies the change to the version it read first.
    const stored: unknown[] = [];
    const watching = a.db.notes.eventBulks$.subscribe((bulk) => stored.push(bulk));
    await expect(a.notes.cosign(await a.notes.idOf('session-s1', 'client-r'), { staffId: 'staff-sup', name: 'Super Synthetic', credentials: 'PsyD', needsCosignature: false, role: 'supervisor' }, '2026-11-20T15:00:00.000Z')).rejects.toThrow();
    watching.unsubscribe();
    expect(stored).toEqual([]);
    // Nothing to push: the status must come back to up to date on its own.
    const status = await a.until((s) => s.phase === 'up-to-date', 10_000);
    expect(status.pending).toBe(0);
  });

  it('merges edits of different fields of one draft made apart, and keeps a true conflict for a person', async () => {
    const [a, b] = await twoDevices();
    await a.notes.saveDraft(target('client-x'), { fields: { goal: 'Synthetic goal' } });
    await a.sync.start();
    await b.sync.start();
    await b.until((s) => s.phase === 'up-to-date');
    const id = await a.notes.idOf('session-s1', 'client-x');
    await expect.poll(async () => (await b.notes.forClient('client-x')).length, { timeout: 10_000 }).toBe(1);
    await a.sync.stop();
    await b.sync.stop();
    await a.notes.saveDraft(target('client-x'), { fields: { plan: 'Plan written on A', response: 'Response from A' } });
    await b.notes.saveDraft(target('client-x'), { fields: { intervention: 'Intervention written on B', response: 'Response from B' } });
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await b.sync.start();
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    await a.until((s) => s.phase === 'up-to-date');
    const onB = (await b.notes.forClient('client-x'))[0]!.data.note.fields;
    expect(onB).toMatchObject({ goal: 'Synthetic goal', plan: 'Plan written on A', intervention: 'Intervention written on B' });
    // The same field written on both: one version wins on every device, and the other is kept.
    await expect.poll(async () => (await a.notes.forClient('client-x'))[0]!.data.note.fields.response, { timeout: 10_000 }).toBe(onB.response);
    const kept = [...(await firstValueFrom(a.conflicts.open$())), ...(await firstValueFrom(b.conflicts.open$()))];
    expect(JSON.stringify(kept.map((c) => c.data))).toContain(onB.response === 'Response from A' ? 'Response from B' : 'Response from A');
    expect((await b.db.notes.findOne(id).exec())?.rev).toBeGreaterThan(2);
  });

  it("a push whose answer was lost, then another edit: the device's own earlier version on the server is its ancestor, not a conflict", async () => {
    await listen();
    key = (await createPracticeKey()).dataKey;
    const admin = await registerPractice({ url });
    const proxy = await startFaultyProxy(Number(new URL(url).port));
    try {
      // RxDB would retry after a minute: the lost answer stays lost until sync starts again.
      const a = await newDevice('a', key, proxy.url, admin, { retryTime: 60_000 });
      devices.push(a);
      // The first push of the draft reaches the server; its answer never comes back.
      proxy.arm('drop', 'push');
      await a.sync.start();
      await a.notes.saveDraft(target('client-l'), { fields: { goal: 'Goal before the lost answer' } });
      await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(1);
      await a.sync.stop();
      expect(a.sync.status$.value.pending).toBe(1);
      await a.notes.saveDraft(target('client-l'), { fields: { plan: 'Plan after the lost answer' } });
      await a.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      expect(await firstValueFrom(a.conflicts.open$())).toEqual([]);
      const [row] = await backend.storage.query<{ doc: { rev: number } }>('SELECT doc FROM documents WHERE id = $1', [await a.notes.idOf('session-s1', 'client-l')]);
      expect(row?.doc.rev).toBe((await a.db.notes.findOne(await a.notes.idOf('session-s1', 'client-l')).exec())?.rev);
      expect((await a.notes.forClient('client-l'))[0]!.data.note.fields).toMatchObject({ goal: 'Goal before the lost answer', plan: 'Plan after the lost answer' });
    } finally {
      await proxy.close();
    }
  });

  it('a push whose answer was lost, then the other device discards the draft it pulled: the deletion stands, no conflict', async () => {
    await listen();
    key = (await createPracticeKey()).dataKey;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const proxy = await startFaultyProxy(Number(new URL(url).port));
    try {
      // RxDB would retry after a minute: a's lost answer stays lost until it syncs again.
      const a = await newDevice('a', key, proxy.url, admin, { retryTime: 60_000 });
      const b = await newDevice('b', key, url, member);
      devices.push(a, b);
      await a.notes.saveDraft(target('client-d'), { fields: { goal: 'Goal both devices hold' } });
      const id = await a.notes.idOf('session-s1', 'client-d');
      await a.sync.start();
      await b.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
      await expect.poll(async () => (await b.notes.forClient('client-d')).length, { timeout: 10_000 }).toBe(1);
      // a's edit reaches the server; its answer never comes back, and a goes offline.
      proxy.arm('drop', 'push');
      await a.notes.saveDraft(target('client-d'), { fields: { plan: 'Plan whose answer was lost' } });
      await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(1);
      await a.sync.stop();
      // b receives that edit and discards the draft, having seen it.
      await expect.poll(async () => (await b.notes.forClient('client-d'))[0]?.data.note.fields.plan, { timeout: 10_000 }).toBe('Plan whose answer was lost');
      await (await b.db.notes.findOne(id).exec())!.remove();
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      // a pushes its edit again with the ancestor RxDB last recorded and meets the deletion of that very edit.
      await a.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      for (const d of [a, b]) {
        expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
        await expect.poll(async () => (await d.notes.forClient('client-d')).length, { timeout: 10_000 }).toBe(0);
      }
    } finally {
      await proxy.close();
    }
  });

  it('a push answered while the device restarts is known as acknowledged after it: an edit of another field made on top of it elsewhere is no conflict', async () => {
    await listen();
    key = (await createPracticeKey()).dataKey;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const proxy = await startFaultyProxy(Number(new URL(url).port));
    try {
      const a = await newDevice('a', key, proxy.url, admin);
      const b = await newDevice('b', key, url, member);
      devices.push(a, b);
      // The server takes a's first push; its answer comes only once a has begun to stop (a restart mid-push).
      proxy.arm('hold', 'push');
      await a.sync.start();
      await a.notes.saveDraft(target('client-r'), { fields: { goal: 'Goal pushed as the device restarts' } });
      await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(1);
      const restarted = a.restart();
      setTimeout(() => proxy.release(), 50);
      await restarted;
      // b builds on the version a pushed, while a is away.
      await b.sync.start();
      await expect.poll(async () => (await b.notes.forClient('client-r'))[0]?.data.note.fields.goal, { timeout: 10_000 }).toBe('Goal pushed as the device restarts');
      await b.notes.saveDraft(target('client-r'), { fields: { plan: 'Plan written on the other device' } });
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      // a comes back and pushes its version again (RxDB dropped the answer), with no assumed state, and meets b's.
      await a.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      for (const d of [a, b]) {
        expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
        await expect.poll(async () => (await d.notes.forClient('client-r'))[0]?.data.note.fields, { timeout: 10_000 }).toMatchObject({ goal: 'Goal pushed as the device restarts', plan: 'Plan written on the other device' });
      }
    } finally {
      await proxy.close();
    }
  });

  it('a person keeps the other version of a conflict: it becomes the record on every device and the conflict is closed', async () => {
    const [a, b] = await twoDevices();
    await a.notes.saveDraft(target('client-y'), { fields: { plan: 'Base plan' } });
    await a.sync.start();
    await b.sync.start();
    await expect.poll(async () => (await b.notes.forClient('client-y')).length, { timeout: 10_000 }).toBe(1);
    await b.until((s) => s.phase === 'up-to-date');
    await a.sync.stop();
    await b.sync.stop();
    await a.notes.saveDraft(target('client-y'), { fields: { plan: 'Plan from A' } });
    await b.notes.saveDraft(target('client-y'), { fields: { plan: 'Plan from B' } });
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await b.sync.start();
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    const device = (await firstValueFrom(a.conflicts.open$())).length > 0 ? a : b;
    const [record] = await firstValueFrom(device.conflicts.open$());
    const shown = (await device.notes.forClient('client-y'))[0]!.data.note.fields.plan;
    const other = record!.data.conflict.versions.findIndex((v) => JSON.stringify(v.data).includes(shown === 'Plan from A' ? 'Plan from B' : 'Plan from A')) as 0 | 1;
    await new ConflictResolver(device.db, device.keys, device.conflicts).keepVersion(record!, other, 'staff-1', '2026-11-26T16:00:00.000Z');
    const kept = shown === 'Plan from A' ? 'Plan from B' : 'Plan from A';
    for (const d of [a, b]) await expect.poll(async () => (await d.notes.forClient('client-y'))[0]!.data.note.fields.plan, { timeout: 15_000 }).toBe(kept);
    expect(await firstValueFrom(device.conflicts.open$())).toEqual([]);
    expect((await device.conflicts.get(record!.id))?.data.resolution).toMatchObject({ choice: { version: other }, by: 'staff-1' });
  });
});
