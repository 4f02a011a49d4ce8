/**
 * Races between a device's pulls, its pushes and its own writes, made deterministic: the real
 * SyncService and repositories, a real server over HTTP (PGlite and PostgreSQL), and a proxy that
 * holds an answer back until the test lets it go. Each was found by the sync property test with
 * devices that sync while they work (WAYPOINT_SYNC_REUSE=1) and never replayed on its own.
 */
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createPracticeKey, type DataKey } from '../../src/shared/crypto';
import { BACKENDS, useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { startFaultyProxy, type FaultyProxy } from './support/faulty-proxy';
import { enrolDevice, registerPractice, startServer, type TestServer } from './support/server';

const target = (clientId: string) => ({ sessionId: 'session-s1', clientId, date: '2026-11-20', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-1' });
const settled = (d: Device) => d.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
/** One turn of the event loop (IndexedDB's work, fake-indexeddb's in Node, goes on between turns). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe.each(BACKENDS)('sync races on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer;
  let url: string;
  let key: DataKey;
  let proxy: FaultyProxy | undefined;
  const devices: Device[] = [];

  const start = async () => {
    server = await startServer(backend.storage);
    ({ url } = server);
    key = (await createPracticeKey()).dataKey;
    proxy = await startFaultyProxy(Number(new URL(url).port));
    return registerPractice({ url });
  };
  const serverRev = async (id: string) => (await backend.storage.query<{ doc: { rev: number } }>('SELECT doc FROM documents WHERE id = $1', [id]))[0]?.doc.rev;
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await proxy?.close();
    await server.close();
  });

  it('a pull the server answered before a push of the same record, taken in after that push was acknowledged, neither reports a replay nor takes the device back to the older version', async () => {
    const admin = await start();
    const a = await newDevice('a', key, proxy!.url, admin, { collections: ['notes', 'conflicts'] });
    devices.push(a);
    const id = await a.notes.idOf('session-s1', 'client-p');
    await a.sync.start();
    await settled(a);
    // Every version the pull writes here, as RxDB stores it.
    const pulled: [number | undefined, number][] = [];
    const watching = a.db.notes.eventBulks$.subscribe((bulk) => {
      if (bulk.context.startsWith('replication-downstream')) for (const e of bulk.events) if (e.documentId === id) pulled.push([(e.previousDocumentData as { rev?: number } | undefined)?.rev, (e.documentData as { rev: number }).rev]);
    });
    try {
      // The pull that the first version's change starts reads that version; its answer waits.
      proxy!.arm('hold', 'pull');
      await a.notes.saveDraft(target('client-p'), { fields: { goal: 'Goal of the first version' } });
      await expect.poll(() => proxy!.applied(), { timeout: 10_000 }).toBe(1);
      // Meanwhile the second version is pushed and acknowledged: RxDB records it as the server's.
      await a.notes.saveDraft(target('client-p'), { fields: { plan: 'Plan of the second version' } });
      await expect.poll(() => serverRev(id), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => a.sync.status$.value.pending, { timeout: 10_000 }).toBe(0);
      // Now the first version arrives.
      proxy!.release();
      await expect.poll(() => a.sync.status$.value.received, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      await settled(a);
    } finally {
      watching.unsubscribe();
    }
    expect(a.sync.status$.value.failures).toEqual([]);
    expect(pulled.filter(([before, after]) => before !== undefined && after < before)).toEqual([]);
    expect((await a.db.notes.findOne(id).exec())?.rev).toBe(2);
    expect((await a.notes.forClient('client-p'))[0]!.data.note.fields).toMatchObject({ goal: 'Goal of the first version', plan: 'Plan of the second version' });
  });

  it('a draft made again where its deletion stands continues its revisions: every device takes it, none reports a replay', async () => {
    const admin = await start();
    const member = await enrolDevice({ url }, admin.token);
    const a = await newDevice('a', key, url, admin, { collections: ['notes', 'conflicts'] });
    const b = await newDevice('b', key, url, member, { collections: ['notes', 'conflicts'] });
    devices.push(a, b);
    const id = await a.notes.idOf('session-s1', 'client-d');
    await a.notes.saveDraft(target('client-d'), { fields: { goal: 'Goal of the discarded draft' } });
    await a.sync.start();
    await b.sync.start();
    await settled(a);
    await expect.poll(async () => (await b.notes.forClient('client-d')).length, { timeout: 10_000 }).toBe(1);
    // b discards the draft (the tombstone is revision 2); a receives the deletion.
    await (await b.db.notes.findOne(id).exec())!.remove();
    await settled(b);
    await expect.poll(async () => (await a.notes.forClient('client-d')).length, { timeout: 10_000 }).toBe(0);
    // The same session and client: the same id, written where the tombstone stands.
    await a.notes.saveDraft(target('client-d'), { fields: { plan: 'Plan of the draft made again' } });
    expect((await a.db.notes.findOne(id).exec())?.rev).toBe(3);
    await settled(a);
    await settled(b);
    await expect.poll(async () => (await b.notes.forClient('client-d'))[0]?.data.note.fields.plan, { timeout: 10_000 }).toBe('Plan of the draft made again');
    expect(await serverRev(id)).toBe(3);
    for (const d of [a, b]) {
      expect(d.sync.status$.value.failures).toEqual([]);
      expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
    }
  });

  it('an edit made from a version that another device changed and changed back goes above that device\'s revision: the server never goes back a revision', async () => {
    const admin = await start();
    const member = await enrolDevice({ url }, admin.token);
    const a = await newDevice('a', key, url, admin, { collections: ['notes', 'conflicts'] });
    const b = await newDevice('b', key, url, member, { collections: ['notes', 'conflicts'] });
    devices.push(a, b);
    const id = await a.notes.idOf('session-s1', 'client-u');
    await a.notes.saveDraft(target('client-u'), { fields: { goal: 'Goal as first written' } });
    await a.sync.start();
    await b.sync.start();
    await settled(a);
    await expect.poll(async () => (await b.notes.forClient('client-u')).length, { timeout: 10_000 }).toBe(1);
    // a works offline on revision 1; b changes the goal and changes it back (revision 3 holds revision 1's content).
    await a.sync.stop();
    await a.notes.saveDraft(target('client-u'), { fields: { goal: 'Goal as first written', plan: 'Plan written offline' } });
    expect((await a.db.notes.findOne(id).exec())?.rev).toBe(2);
    await b.notes.saveDraft(target('client-u'), { fields: { goal: 'Goal changed for a moment' } });
    await b.notes.saveDraft(target('client-u'), { fields: { goal: 'Goal as first written' } });
    await settled(b);
    expect(await serverRev(id)).toBe(3);
    // a's edit stands over b's revision 3 (the ancestor's content): as a revision above it, which b takes.
    await a.sync.start();
    await settled(a);
    await expect.poll(async () => (await b.notes.forClient('client-u'))[0]?.data.note.fields.plan, { timeout: 10_000 }).toBe('Plan written offline');
    expect(await serverRev(id)).toBe(4);
    for (const d of [a, b]) {
      expect(d.sync.status$.value.failures).toEqual([]);
      expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
      expect((await d.db.notes.findOne(id).exec())?.rev).toBe(4);
    }
  });

  it('a version pulled just as the device stops is stored as the server\'s state: an edit made from it before the next start is pushed as made from it, no conflict', async () => {
    const admin = await start();
    const member = await enrolDevice({ url }, admin.token);
    const a = await newDevice('a', key, proxy!.url, admin, { collections: ['notes', 'conflicts'] });
    const b = await newDevice('b', key, url, member, { collections: ['notes', 'conflicts'] });
    devices.push(a, b);
    await a.sync.start();
    await b.sync.start();
    const goal = async (d: Device, client: string) => (await d.notes.forClient(client))[0]?.data.note.fields.goal;
    // Where the stop lands in the pull's write depends on the turns of the event loop between them: each of the first
    // few, the sync stopped (toggled off: what it keeps in memory stays) or the app restarted (nothing stays in memory).
    let editedOverB = 0;
    for (let turns = 0; turns < 10; turns++) {
      const client = `client-stop-${turns}`;
      await a.notes.saveDraft(target(client), { fields: { goal: 'Goal as a wrote it' } });
      await settled(a);
      await expect.poll(() => goal(b, client), { timeout: 10_000 }).toBe('Goal as a wrote it');
      // b changes the goal; the pull that brings it to a waits at the proxy.
      proxy!.arm('hold', 'pull');
      await b.notes.saveDraft(target(client), { fields: { goal: 'Goal as b changed it' } });
      await settled(b);
      await expect.poll(() => proxy!.applied(), { timeout: 10_000 }).toBe(turns + 1);
      const received = a.sync.status$.value.received;
      const stopped = firstValueFrom(a.sync.status$.pipe(filter((s) => s.received > received))).then(async () => {
        for (let i = 0; i < turns; i++) await turn();
        if (turns % 2 === 0) await a.sync.stop();
        else await a.restart();
      });
      proxy!.release();
      await stopped;
      // a changes the goal again over b's version, if the stop let the pull write it (a concurrent edit otherwise).
      const overB = (await goal(a, client)) === 'Goal as b changed it';
      if (overB) {
        editedOverB += 1;
        await a.notes.saveDraft(target(client), { fields: { goal: 'Goal as a changed it over b' } });
      }
      await a.sync.start();
      await settled(a);
      if (overB) await expect.poll(() => goal(b, client), { timeout: 10_000 }).toBe('Goal as a changed it over b');
      await settled(b);
    }
    // The window was met: most stops came after the pull was taken in.
    expect(editedOverB).toBeGreaterThanOrEqual(5);
    for (const d of [a, b]) {
      expect(d.sync.status$.value.failures).toEqual([]);
      expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
    }
  }, 120_000);
});
