/**
 * Every release opens the sync-server database of earlier ones: each release's pg_dump
 * (test/fixtures/releases/<version>/server.sql, written by scripts/release-server-dump.ts with
 * that release's own server on PostgreSQL) is restored into a fresh PostgreSQL cluster (psql, as an
 * administrator restores it) and into PGlite; this server's migrations upgrade its schema, and a
 * device of this release, syncing as the device that pushed it all, pulls every record with its
 * original content field by field, flags nothing as tampered, and pushes a new edit; the server
 * then knows the dumped version it replaced (by digest, migration 4).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStorage, type Storage } from '../../src/server';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { openPayload } from '../../src/shared/records';
import type { WaypointCollections } from '../../src/renderer/src/db/database';
import { APP_VERSION_HEADER } from '../../src/shared/sync/app-version';
import { API_PREFIX, type SyncDocument } from '../../src/shared/sync/protocol';
import { postgresTool } from '../../scripts/lib/postgres';
import { EDITED, expectContent, expectEditsSave, expectNothingTampered, fixturePracticeKey, storedDocuments } from '../renderer/support/release-content';
import { fixtureReleases, readFixture } from '../renderer/support/release-fixtures';
import { BACKENDS } from './support/backends';
import { DEVICE_APP_VERSION, newDevice } from './support/devices';
import { startPostgres } from './support/postgres';
import { call, startServer } from './support/server';

/** psql's meta-commands (pg_dump writes \restrict and \unrestrict): PGlite runs SQL only. */
const withoutPsqlCommands = (sql: string): string =>
  sql
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');

describe.each(fixtureReleases())('the sync-server database of release %s', (release) => {
  const fixture = readFixture(release);
  let cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  /** The dump restored into a fresh database of the backend, opened as this server opens it. */
  async function restore(backend: (typeof BACKENDS)[number]): Promise<Storage> {
    if (backend === 'postgres') {
      const cluster = await startPostgres();
      cleanup.push(() => cluster.stop());
      const databaseUrl = await cluster.createDatabase();
      execFileSync(postgresTool('psql'), ['--no-psqlrc', '--quiet', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '--file', '-', databaseUrl], { input: fixture.server.sql, stdio: ['pipe', 'ignore', 'pipe'] });
      return openStorage({ databaseUrl, dataDir: '' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'waypoint-release-dump-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const pglite = await PGlite.create(dir);
    await pglite.exec(withoutPsqlCommands(fixture.server.sql));
    await pglite.close();
    return openStorage({ dataDir: dir });
  }

  it.each(BACKENDS)('restored into %s: upgraded by this server, every record pulls as written, nothing flagged, a new edit pushes', async (backend) => {
    const storage = await restore(backend);
    cleanup.push(() => storage.close());
    const dumped = (await storage.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version));
    expect(dumped.length).toBeGreaterThan(0);
    expect(await migrate(storage)).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => !dumped.includes(v)));
    const server = await startServer(storage);
    cleanup.push(() => server.close());

    const dumpedDocs = new Map((await storage.query<{ collection: string; id: string; doc: SyncDocument }>('SELECT collection, id, doc FROM documents')).map((row) => [`${row.collection}/${row.id}`, row.doc]));
    const devices = await storage.query<{ id: string; practice_id: string }>('SELECT id, practice_id FROM devices');
    expect(devices).toHaveLength(1);
    const key = await fixturePracticeKey(fixture);
    const { expected } = fixture;
    const collections = [...new Set([...Object.keys(expected.records), ...expected.tombstones].map((path) => path.split('/')[0]!))] as (keyof WaypointCollections)[];
    const device = await newDevice('current-release', key, server.url, { practiceId: devices[0]!.practice_id, deviceId: devices[0]!.id, token: fixture.server.token }, { collections });
    cleanup.push(() => device.close());
    await device.sync.start();
    await device.until((s) => s.phase === 'up-to-date' && s.pending === 0, 60_000);

    await expectContent(key, await storedDocuments(device.db), expected, { tombstones: true });
    await expectNothingTampered(device.db, device.keys);
    expect(device.sync.status$.value.failures).toEqual([]);

    const edited = await expectEditsSave(device.db, device.keys, expected);
    await device.until((s) => s.phase === 'up-to-date' && s.pending === 0, 30_000);
    const onServer = async (path: string) => {
      const [collection, id] = path.split('/') as [string, string];
      const [row] = await storage.query<{ doc: SyncDocument }>('SELECT doc FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
      return { rev: row!.doc.rev, value: (await openPayload<Record<string, unknown>>(key, collection, row!.doc)).value };
    };
    const client = await onServer(edited.client);
    expect(client.rev).toBe((expected.records[edited.client]!.plain['rev'] as number) + 1);
    expect(client.value).toEqual({ ...(expected.records[edited.client]!.data as object), phone: EDITED.phone });
    const draft = await onServer(edited.draft);
    expect(draft.rev).toBe((expected.records[edited.draft]!.plain['rev'] as number) + 1);
    expect((draft.value as { note: { fields: Record<string, string> } }).note.fields['data']).toBe(EDITED.draft);
    expect(device.sync.status$.value.failures).toEqual([]);

    // A dumped row's version is remembered once replaced (migration 4): by digest, as the oldest, and a retry of it is named superseded.
    const original = dumpedDocs.get(edited.client)!;
    const [replaced] = await storage.query<{ doc: SyncDocument; earlier: string[] }>("SELECT doc, earlier FROM documents WHERE collection = 'clients' AND id = $1", [original.id]);
    expect(replaced!.earlier.at(-1)).toBe(createHash('sha256').update(JSON.stringify([original.rev, original._deleted, original.sealed])).digest('base64url'));
    const retry = await call(server, 'POST', `${API_PREFIX}/sync/clients/push`, { token: fixture.server.token, body: [{ newDocumentState: original }], headers: { [APP_VERSION_HEADER]: DEVICE_APP_VERSION } });
    expect(retry.body).toEqual({ conflicts: [replaced!.doc], superseded: [original.id] });
  });
});
