/**
 * The server as an operator runs it: real processes, a real PostgreSQL cluster that is stopped
 * and started again under the server, and more than one process per database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStorage, type Storage } from '../../src/server';
import { startPostgres, type PostgresCluster } from './support/postgres';
import { spawnServer, startServerProcess, type Spawned } from './support/process';
import { call, enrolDevice, errorCode, openStream, pull, push, registerPractice, sealedDoc, startServer, type EventStream, type TestServer } from './support/server';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(() => cluster?.stop());

const processes: Array<Pick<Spawned, 'child' | 'exited'>> = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const { child } of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('more than one process', () => {
  it('a second process refuses a PGlite data directory in use, saying why; after a crash the next one starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'waypoint-pglite-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startServerProcess({ WAYPOINT_DATA_DIR: dataDir });
    processes.push(first);
    const second = spawnServer({ WAYPOINT_DATA_DIR: dataDir });
    processes.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`The data directory ${dataDir} is in use by another Waypoint server process`);
    expect(second.output()).not.toContain('Server listening');
    // The first one was not disturbed.
    expect((await call(first, 'GET', '/readyz')).status).toBe(200);
    const admin = await registerPractice(first);
    expect((await push(first, admin.token, 'clients', [{ newDocumentState: sealedDoc('kept-across-crash') }])).status).toBe(200);

    // A crash leaves the lock behind; it goes stale, and the next process takes the directory.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = await startServerProcess({ WAYPOINT_DATA_DIR: dataDir });
    processes.push(third);
    expect((await pull(third, admin.token, 'clients')).body.documents.map((doc) => doc.id)).toEqual(['kept-across-crash']);
    // Three process starts (PGlite's start-up is seconds each on a busy machine) and a stale lock's expiry.
  }, 180_000);

  it('two processes on one PostgreSQL database: a push to one reaches a stream on the other within a second', async () => {
    const env = { DATABASE_URL: await cluster.createDatabase() };
    const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    processes.push(a, b);
    const admin = await registerPractice(a);
    const member = await enrolDevice(a, admin.token);
    const stream = await openStream(b, member.token, null);
    cleanups.push(() => stream.close());
    expect((await push(a, admin.token, 'notes', [{ newDocumentState: sealedDoc('note-from-a') }])).status).toBe(200);
    // Within a second, or next() rejects.
    const event = await stream.next(1_000);
    const pulled = await pull(b, member.token, 'notes');
    expect(event).toEqual({ collection: 'notes', seq: pulled.body.checkpoint.seq });
    expect(pulled.body.documents.map((doc) => doc.id)).toEqual(['note-from-a']);
    // Revoking the device through one process closes its stream on the other.
    expect((await call(a, 'DELETE', `/v1/devices/${member.deviceId}`, { token: admin.token })).status).toBe(204);
    await stream.ended;
  });
});

describe('a PostgreSQL outage', () => {
  it('answers 503 unavailable with Retry-After while the database is down, and recovers when it returns', async () => {
    const storage: Storage = await openStorage({ databaseUrl: await cluster.createDatabase(), dataDir: '' });
    cleanups.push(() => storage.close());
    await migrate(storage);
    const server: TestServer = await startServer(storage, { logger: false });
    cleanups.push(() => server.close());
    const admin = await registerPractice(server);
    const stream: EventStream = await openStream(server, admin.token, null);
    cleanups.push(() => stream.close());

    cluster.pause();
    cleanups.push(() => cluster.resume());
    for (const reply of [await push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('during-outage') }]), await pull(server, admin.token, 'clients')]) {
      expect([reply.status, errorCode(reply)]).toEqual([503, 'unavailable']);
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await call(server, 'GET', '/readyz')).status).toBe(503);
    expect((await call(server, 'GET', '/healthz')).status).toBe(200);

    cleanups.pop();
    cluster.resume();
    await expect.poll(async () => (await push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('after-outage') }])).status, { timeout: 20_000, interval: 250 }).toBe(200);
    // Notifications may have been missed: the stream was closed, so the device reconnects and pulls.
    await stream.ended;
    const again = await openStream(server, admin.token, null);
    cleanups.push(() => again.close());
    await push(server, admin.token, 'notes', [{ newDocumentState: sealedDoc('live-again') }]);
    // The notice of the push above may reach the new stream too, when the listening connection came back just before
    // that push committed (notices are hints: one more costs a pull); nothing else may come before the notes.
    const before: string[] = [];
    for (let event = await again.next(); event.collection !== 'notes'; event = await again.next()) before.push(event.collection);
    expect(before.filter((collection) => collection !== 'clients')).toEqual([]);
    expect((await pull(server, admin.token, 'clients')).body.documents.map((doc) => doc.id)).toEqual(['after-outage']);
  });

  it('start-up waits for the database, says what it waits for, and serves once it is there', async () => {
    const url = await cluster.createDatabase();
    cluster.pause();
    cleanups.push(() => cluster.resume());
    const server = spawnServer({ DATABASE_URL: url });
    processes.push(server);
    const [line] = await server.waitFor(/"msg":"waiting for the database: PostgreSQL at 127\.0\.0\.1:\d+\/waypoint_test_\d+"/);
    expect(line).toBeDefined();
    cleanups.pop();
    cluster.resume();
    const listening = await server.waitFor(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
    expect((await call({ url: listening[1]! }, 'GET', '/readyz')).status).toBe(200);
  });

  it('start-up explains a malformed DATABASE_URL and exits', async () => {
    const server = spawnServer({ DATABASE_URL: 'not-a-url' });
    processes.push(server);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(server.output()).not.toContain('ENOTFOUND');
  });
});
