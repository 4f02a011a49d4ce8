/**
 * Mixed releases in one practice, on PGlite and PostgreSQL over real HTTP: the server states its
 * protocol version and the practice's minimum app version (set by an administrator device or the
 * server's command line, kept in the database); an app below it cannot push but keeps pulling; a
 * device of release 0.1.0 (which states no version and reads only w1 envelopes) is never sent a
 * record it cannot read, and is never moved past one.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../src/server';
import { createPracticeKey } from '../../src/shared/crypto';
import { APP_VERSION_HEADER } from '../../src/shared/sync/app-version';
import { API_PREFIX, type PullResponse, type SyncDocument } from '../../src/shared/sync/protocol';
import { SyncClient } from '../../src/renderer/src/sync/sync-client';
import { describeSync } from '../../src/renderer/src/features/sync/describeSync';
import { BACKENDS, useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { spawnServer, startServerProcess, type Running } from './support/process';
import { b64, call, enrolDevice, errorCode, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

const CLIENT = { firstName: 'Versiona', lastName: 'Mixwell', dateOfBirth: '1981-02-03' };
const as = (version: string) => ({ [APP_VERSION_HEADER]: version });
/** A record sealed by a release after 0.1.0 (the server only checks its shape). */
const w2Doc = (id: string, rev = 1): SyncDocument => ({ ...sealedDoc(id, rev), sealed: `w2.A256GCM.testkey01.2.${b64(12)}.${b64(40)}` }) as SyncDocument;

describe.each(BACKENDS)('mixed app versions on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer | undefined;
  const devices: Device[] = [];
  const processes: Running[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server?.close();
    server = undefined;
    for (const { child } of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('states the protocol and the minimum; only an administrator sets it, to a version, and it is kept in the database', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const member = await enrolDevice(server, admin.token);
    const practice = `${API_PREFIX}/practice`;
    expect((await call(server, 'GET', practice, { token: member.token, headers: as('0.2.0') })).body).toEqual({ protocolVersion: 'v1', minAppVersion: null });
    expect((await call(server, 'GET', practice)).status).toBe(401);

    const set = (token: string, body: unknown, version = '0.2.0') => call(server!, 'PUT', `${practice}/min-app-version`, { token, body, headers: as(version) });
    const byMember = await set(member.token, { minAppVersion: '0.2.0' });
    expect([byMember.status, errorCode(byMember)]).toEqual([403, 'forbidden']);
    for (const bad of [{ minAppVersion: 'soon' }, { minAppVersion: 'v0.2' }, { minAppVersion: 2 }, {}]) {
      const reply = await set(admin.token, bad);
      expect([reply.status, errorCode(reply)]).toEqual([400, 'bad_request']);
    }
    // An administrator cannot lock out the device it is using.
    const aboveOwn = await set(admin.token, { minAppVersion: '0.3.0' });
    expect([aboveOwn.status, errorCode(aboveOwn)]).toEqual([409, 'conflict']);

    expect((await set(admin.token, { minAppVersion: '0.2.0' })).body).toEqual({ protocolVersion: 'v1', minAppVersion: '0.2.0' });
    expect((await call(server, 'GET', practice, { token: member.token, headers: as('0.2.0') })).body).toEqual({ protocolVersion: 'v1', minAppVersion: '0.2.0' });
    expect(await backend.storage.query('SELECT min_app_version FROM practices')).toEqual([{ min_app_version: '0.2.0' }]);

    // A header that is not a version is refused, not guessed at.
    const garbled = await call(server, 'GET', practice, { token: member.token, headers: as('banana') });
    expect([garbled.status, errorCode(garbled)]).toEqual([400, 'bad_request']);

    expect((await set(admin.token, { minAppVersion: null })).body).toEqual({ protocolVersion: 'v1', minAppVersion: null });
  });

  it('refuses pushes of apps below the minimum with 426, writing nothing, and still lets them pull', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const member = await enrolDevice(server, admin.token);
    const pushAs = (version: string | null, id: string) =>
      call(server!, 'POST', `${API_PREFIX}/sync/clients/push`, { token: member.token, body: [{ newDocumentState: sealedDoc(id) }], headers: version === null ? {} : as(version) });
    expect((await pushAs('0.1.5', 'c-before')).status).toBe(200);
    expect((await call(server, 'PUT', `${API_PREFIX}/practice/min-app-version`, { token: admin.token, body: { minAppVersion: '0.2.0' }, headers: as('0.2.0') })).status).toBe(200);

    for (const version of ['0.1.5', '0.2.0-rc.1', null]) {
      const refused = await pushAs(version, `c-refused`);
      expect([refused.status, errorCode(refused)]).toEqual([426, 'update_required']);
      expect((refused.body as { error: { message: string } }).error.message).toMatch(/needs Waypoint 0\.2\.0 or later/);
    }
    expect((await backend.storage.query('SELECT id FROM documents ORDER BY id')).map((row) => (row as { id: string }).id)).toEqual(['c-before']);
    expect((await pushAs('0.2.0', 'c-after')).status).toBe(200);
    expect((await pushAs('1.0.0', 'c-later')).status).toBe(200);

    const pulled = await call<PullResponse>(server, 'GET', `${API_PREFIX}/sync/clients/pull?seq=0`, { token: member.token, headers: as('0.1.5') });
    expect(pulled.status).toBe(200);
    expect(pulled.body.documents.map((d) => d.id)).toEqual(['c-before', 'c-after', 'c-later']);
  });

  it('sends a device of 0.1.0 (no version stated) w1 envelopes only, and never moves its checkpoint past a newer record', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const old = await enrolDevice(server, admin.token);
    const rows = [sealedDoc('a1'), sealedDoc('a2'), w2Doc('b1'), sealedDoc('a3')].map((doc) => ({ newDocumentState: doc }));
    expect((await call(server, 'POST', `${API_PREFIX}/sync/clients/push`, { token: admin.token, body: rows, headers: as('0.2.0') })).status).toBe(200);

    const first = await call<PullResponse>(server, 'GET', `${API_PREFIX}/sync/clients/pull?seq=0`, { token: old.token });
    expect(first.status).toBe(200);
    expect(first.body.documents.map((d) => d.id)).toEqual(['a1', 'a2']);
    const blocked = await call(server, 'GET', `${API_PREFIX}/sync/clients/pull?seq=${first.body.checkpoint.seq}`, { token: old.token });
    expect([blocked.status, errorCode(blocked)]).toEqual([426, 'update_required']);
    expect((blocked.body as { error: { message: string } }).error.message).toMatch(/newer version of Waypoint/);
    // Once updated, the same checkpoint brings the newer record and what came after it.
    const updated = await call<PullResponse>(server, 'GET', `${API_PREFIX}/sync/clients/pull?seq=${first.body.checkpoint.seq}`, { token: old.token, headers: as('0.2.0') });
    expect(updated.body.documents.map((d) => d.id)).toEqual(['b1', 'a3']);

    // A 0.1.0 push still lands; one whose conflict answer would hold a w2 record is refused whole.
    const seqBefore = await backend.storage.query('SELECT seq FROM practices');
    const conflicting = await call(server, 'POST', `${API_PREFIX}/sync/clients/push`, {
      token: old.token,
      body: [{ newDocumentState: sealedDoc('a4') }, { newDocumentState: sealedDoc('b1', 2), assumedMasterState: null }],
    });
    expect([conflicting.status, errorCode(conflicting)]).toEqual([426, 'update_required']);
    expect(await backend.storage.query('SELECT seq FROM practices')).toEqual(seqBefore);
    expect(await backend.storage.query("SELECT id FROM documents WHERE id = 'a4'")).toEqual([]);
    const plain = await call(server, 'POST', `${API_PREFIX}/sync/clients/push`, { token: old.token, body: [{ newDocumentState: sealedDoc('a4') }] });
    expect(plain.body).toEqual({ conflicts: [] });
  });

  it('an app below the minimum says "Update needed", keeps its change and keeps receiving; once updated it sends the change', async () => {
    const app: SyncServer = createSyncServer({ storage: backend.storage, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    server = { app, url, logs: [], close: () => app.close() };
    const { dataKey } = await createPracticeKey();
    const adminCredentials = await registerPractice(server);
    const memberCredentials = await enrolDevice(server, adminCredentials.token);
    const admin = await newDevice('admin', dataKey, url, adminCredentials, { appVersion: '0.2.0' });
    const behind = await newDevice('behind', dataKey, url, memberCredentials, { appVersion: '0.1.9' });
    devices.push(admin, behind);
    const seen = await admin.clients!.create(CLIENT);
    await admin.sync.start();
    await behind.sync.start();
    await expect.poll(async () => (await behind.clients!.get(seen.id))?.data.lastName, { timeout: 15_000 }).toBe('Mixwell');

    await new SyncClient({ serverUrl: url, token: adminCredentials.token, appVersion: '0.2.0' }).setMinAppVersion('0.2.0');
    await behind.clients!.update(seen.id, { ...CLIENT, preferredName: 'Written while behind' });
    const told = await behind.until((s) => s.phase === 'update-needed');
    expect(describeSync(told)).toMatchObject({ label: 'Update needed' });
    expect(told.message).toMatch(/needs Waypoint 0\.2\.0 or later.*runs 0\.1\.9/);
    await behind.until((s) => s.phase === 'update-needed' && s.pending === 1);

    // It keeps receiving: a new record from the administrator arrives; its own change has not left.
    const later = await admin.clients!.create({ ...CLIENT, firstName: 'Laterina' });
    await expect.poll(async () => (await behind.clients!.get(later.id))?.data.firstName, { timeout: 15_000 }).toBe('Laterina');
    expect(JSON.stringify(await backend.storage.query('SELECT doc FROM documents'))).not.toContain(String((await behind.db.clients.findOne(seen.id).exec())?.get('sealed')));
    expect((await admin.clients!.get(seen.id))?.data.preferredName).not.toBe('Written while behind');
    expect(behind.sync.status$.value.phase).toBe('update-needed');

    // Updated: the same database under a new version; the change waiting on it goes out.
    await behind.restart('0.2.0');
    await behind.sync.start();
    await behind.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    await expect.poll(async () => (await admin.clients!.get(seen.id))?.data.preferredName, { timeout: 15_000 }).toBe('Written while behind');
  });

  it('the server command line lists practices and sets their minimum; the server states it afterwards', async () => {
    const env = await backend.separateDatabaseEnv();
    const cli = async (...args: string[]) => {
      const run = spawnServer(env, ['--import', 'tsx', 'src/server/main.ts', ...args]);
      return { code: await run.exited, output: run.output() };
    };
    const first = await startServerProcess(env);
    processes.push(first);
    const admin = await registerPractice(first);
    // PGlite serves one process per data directory: stop the server first (docs/SERVER.md).
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    expect(await cli('min-app-version')).toMatchObject({ code: 0, output: expect.stringMatching(new RegExp(`${admin.practiceId}\\s+1 active devices\\s+minimum none`)) });
    expect(await cli('min-app-version', admin.practiceId, 'soon')).toMatchObject({ code: 1, output: expect.stringContaining('"soon" is not a version') });
    expect(await cli('min-app-version', 'no-such-practice', '0.2.0')).toMatchObject({ code: 1, output: expect.stringContaining('No practice no-such-practice') });
    expect(await cli('max-app-version')).toMatchObject({ code: 1, output: expect.stringContaining('Unknown command') });
    expect(await cli('min-app-version', admin.practiceId, '0.2.0')).toMatchObject({ code: 0, output: expect.stringContaining(`practice ${admin.practiceId}: 0.2.0`) });

    const second = await startServerProcess(env);
    processes.push(second);
    expect((await call(second, 'GET', `${API_PREFIX}/practice`, { token: admin.token, headers: as('0.2.0') })).body).toEqual({ protocolVersion: 'v1', minAppVersion: '0.2.0' });
    const refused = await call(second, 'POST', `${API_PREFIX}/sync/clients/push`, { token: admin.token, body: [{ newDocumentState: sealedDoc('c1') }], headers: as('0.1.0') });
    expect(refused.status).toBe(426);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await cli('min-app-version', 'all', 'none')).toMatchObject({ code: 0, output: expect.stringContaining('of 1 practices: none') });
    // Eight processes, each opening the database.
  }, 240_000);
});
