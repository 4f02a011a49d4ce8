/**
 * A push whose answer was lost, then another device's edit of the same field made from the
 * version pushed: the server's history of a record is one line, so the other device's version
 * descends from the lost one and replaces it on the device that pushed it, with no conflict for a
 * person. The device cannot tell that from the two versions alone (both changed the field since
 * the ancestor it assumed): the server says it held the version pushed (docs/SERVER.md, push).
 * A server that says so of a version made apart from its own is not believed.
 * Real devices (the app's SyncService and repositories on RxDB), a real server over HTTP on
 * PGlite and PostgreSQL, a proxy that loses the answer.
 */
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createPracticeKey } from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { startFaultyProxy, type FaultyProxy } from './support/faulty-proxy';
import { enrolDevice, registerPractice, startServer, type TestServer } from './support/server';

const target = { sessionId: 'session-s1', clientId: 'client-lost', date: '2026-11-20', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-1' };

describe.each(BACKENDS)('a lost push answer, then another device edits the same field on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer;
  let proxy: FaultyProxy;
  const devices: Device[] = [];
  /** A server, a practice with an administrator's and a member's device credentials, and the proxy in front of the server. */
  const practice = async () => {
    server = await startServer(backend.storage);
    const { url } = server;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    proxy = await startFaultyProxy(Number(new URL(url).port));
    return { url, key: (await createPracticeKey()).dataKey, admin, member };
  };
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await proxy.close();
    await server.close();
  });

  it('the other device built on the version pushed: it replaces it on the device that pushed it, no conflict on either', async () => {
    const { url, key, admin, member } = await practice();
    // RxDB would retry after a minute: a's lost answer stays lost until it syncs again.
    const a = await newDevice('a', key, proxy.url, admin, { retryTime: 60_000 });
    const b = await newDevice('b', key, url, member);
    devices.push(a, b);
    const goal = async (d: Device) => (await d.notes.forClient('client-lost'))[0]?.data.note.fields.goal;

    // v1 on both devices.
    await a.notes.saveDraft(target, { fields: { goal: 'Goal both devices hold' } });
    const id = await a.notes.idOf('session-s1', 'client-lost');
    await a.sync.start();
    await b.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await expect.poll(() => goal(b), { timeout: 10_000 }).toBe('Goal both devices hold');

    // v2: a's edit reaches the server, its answer never comes back, and a goes offline.
    proxy.arm('drop', 'push');
    await a.notes.saveDraft(target, { fields: { goal: 'Goal whose answer was lost' } });
    await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(1);
    await a.sync.stop();
    expect(a.sync.status$.value.pending).toBe(1);

    // v3: b receives v2 and edits the same field over it.
    await expect.poll(() => goal(b), { timeout: 10_000 }).toBe('Goal whose answer was lost');
    await b.notes.saveDraft(target, { fields: { goal: 'Goal written on the other device over it' } });
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    const [v3] = await backend.storage.query<{ doc: SyncDocument }>('SELECT doc FROM documents WHERE id = $1', [id]);

    // a pushes v2 again (its assumed state is still v1) and meets v3.
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    for (const d of [a, b]) {
      expect(await firstValueFrom(d.conflicts.open$()), `conflicts kept on ${d.name}`).toEqual([]);
      await expect.poll(() => goal(d), { timeout: 10_000 }).toBe('Goal written on the other device over it');
    }
    // v3 stands as b wrote it: a took it as it is, with nothing of its own to push.
    const [row] = await backend.storage.query<{ doc: SyncDocument }>('SELECT doc FROM documents WHERE id = $1', [id]);
    expect(row!.doc).toEqual(v3!.doc);
    expect((await a.db.notes.findOne(id).exec())?.sealed).toBe(v3!.doc.sealed);
  });

  it('a server that names a concurrent edit superseded is not believed: both versions are kept for a person', async () => {
    const { url, key, admin, member } = await practice();
    const a = await newDevice('a', key, proxy.url, admin);
    const b = await newDevice('b', key, url, member);
    devices.push(a, b);
    await a.notes.saveDraft(target, { fields: { goal: 'Goal both devices hold' } });
    await a.sync.start();
    await b.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await expect.poll(async () => (await b.notes.forClient('client-lost'))[0]?.data.note.fields.goal, { timeout: 10_000 }).toBe('Goal both devices hold');
    await a.sync.stop();
    await b.sync.stop();
    // Made apart from the same version: the same revision on both, neither made from the other.
    await a.notes.saveDraft(target, { fields: { goal: 'Goal written on a' } });
    await b.notes.saveDraft(target, { fields: { goal: 'Goal written on b' } });
    await b.sync.start();
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    // The server claims a's version came before b's: a descendant would have a higher revision, so a does not take b's silently.
    proxy.arm('claim-superseded', 'push');
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
    expect(proxy.applied()).toBe(1);
    const [kept] = await firstValueFrom(a.conflicts.open$());
    expect(kept, 'a conflict kept on a').toBeDefined();
    expect(JSON.stringify(kept?.data)).toContain('Goal written on a');
    expect(JSON.stringify(kept?.data)).toContain('Goal written on b');
  });

  /**
   * a's retry of the version whose answer was lost (RxDB retries the same row) reaches the server
   * after a changed the record again, and after b built on the version pushed (`superseded`: the
   * server held it) or before (`acknowledged`: b then builds on it before a's later version is
   * pushed). RxDB cannot record the retry's answer as the server's state, the record having
   * changed here, so a's later version is pushed assuming the version before the lost one.
   */
  const fields = async (d: Device) => (await d.notes.forClient('client-lost'))[0]?.data.note.fields;

  /** a (through the proxy, with `options`) and b (straight to the server) syncing, both holding the note's first version. */
  async function bothHoldTheNote(options: Parameters<typeof newDevice>[4]): Promise<{ a: Device; b: Device }> {
    const { url, key, admin, member } = await practice();
    const a = await newDevice('a', key, proxy.url, admin, options);
    const b = await newDevice('b', key, url, member);
    devices.push(a, b);
    await a.notes.saveDraft(target, { fields: { goal: 'Goal both devices hold', plan: 'Plan both devices hold' } });
    await a.sync.start();
    await b.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await expect.poll(async () => (await fields(b))?.goal, { timeout: 10_000 }).toBe('Goal both devices hold');
    return { a, b };
  }

  /** b's goal and a's plan on both, with no conflict kept and no failure. */
  async function expectMerged({ a, b }: { a: Device; b: Device }): Promise<void> {
    for (const d of [a, b]) {
      await expect.poll(() => fields(d), { timeout: 10_000 }).toMatchObject({ goal: 'Goal written on the other device over it', plan: 'Plan written after the lost answer' });
      expect(await firstValueFrom(d.conflicts.open$()), `conflicts kept on ${d.name}`).toEqual([]);
      expect(d.sync.status$.value.failures).toEqual([]);
    }
  }

  /** a keeps a conflict holding both goals for a person. */
  async function expectGoalConflictKept({ a }: { a: Device }): Promise<void> {
    const [kept] = await firstValueFrom(a.conflicts.open$());
    expect(kept, 'a conflict kept on a').toBeDefined();
    expect(JSON.stringify(kept?.data)).toContain('Goal written again after the lost answer');
    expect(JSON.stringify(kept?.data)).toContain('Goal written on the other device over it');
  }

  describe.each([
    { answer: 'superseded', stalls: 1 },
    { answer: 'acknowledged', stalls: 2 },
  ])('a lost answer, an edit here before the retry, and b\'s edit of the goal over the version pushed; the retry $answer', ({ stalls }) => {
    const run = async (edit: { goal?: string; plan?: string }) => {
      const { a, b } = await bothHoldTheNote({ retryTime: 100, maxBackoffMs: 1 });

      // v2 reaches the server and its answer is lost; the retry (and, when acknowledged, the push after it) wait at the proxy.
      proxy.arm('drop', 'push');
      for (let i = 0; i < stalls; i++) proxy.arm('stall', 'push');
      await a.notes.saveDraft(target, { fields: { goal: 'Goal whose answer was lost' } });
      await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(2);
      // v3 here, made from v2.
      await a.notes.saveDraft(target, { fields: edit });
      if (stalls === 2) {
        // The retry is acknowledged (the server holds v2); a's push of v3 waits.
        proxy.release();
        await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(3);
      }
      // b's edit of the goal over v2 reaches the server before a's next push does.
      await expect.poll(async () => (await fields(b))?.goal, { timeout: 10_000 }).toBe('Goal whose answer was lost');
      await b.notes.saveDraft(target, { fields: { goal: 'Goal written on the other device over it' } });
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      proxy.release();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      return { a, b };
    };

    it('an edit of the plan there: merged with b\'s goal on both, no conflict (b built on the goal a pushed)', async () => {
      await expectMerged(await run({ plan: 'Plan written after the lost answer' }));
    });

    it('an edit of the goal again there: a true conflict (b\'s edit and a\'s second one were made apart), kept for a person', async () => {
      await expectGoalConflictKept(await run({ goal: 'Goal written again after the lost answer' }));
    });
  });

  /**
   * As above, but a stops before RxDB retries the lost row (a lock, or the app quits): at the next
   * start RxDB pushes a's later version, not the lost one, so its conflict answer says nothing of
   * the lost one. a asks the server about it (a push of it assuming no state: a question the server
   * answers with a conflict and never writes, the record being there).
   */
  describe('a lost answer, a stop before the retry, an edit here, and b\'s edit of the goal over the version pushed', () => {
    const run = async (edit: { goal?: string; plan?: string }) => {
      // RxDB would retry after a minute: the stop comes first.
      const { a, b } = await bothHoldTheNote({ retryTime: 60_000 });

      proxy.arm('drop', 'push');
      await a.notes.saveDraft(target, { fields: { goal: 'Goal whose answer was lost' } });
      await expect.poll(() => proxy.applied(), { timeout: 10_000 }).toBe(1);
      // The app quits: nothing of the run stays in memory.
      await a.restart();
      await a.notes.saveDraft(target, { fields: edit });
      await expect.poll(async () => (await fields(b))?.goal, { timeout: 10_000 }).toBe('Goal whose answer was lost');
      await b.notes.saveDraft(target, { fields: { goal: 'Goal written on the other device over it' } });
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      await a.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0, 20_000);
      return { a, b };
    };

    it('an edit of the plan there: merged with b\'s goal on both, no conflict', async () => {
      await expectMerged(await run({ plan: 'Plan written after the lost answer' }));
    });

    it('an edit of the goal again there: a true conflict, kept for a person', async () => {
      await expectGoalConflictKept(await run({ goal: 'Goal written again after the lost answer' }));
    });
  });
});
