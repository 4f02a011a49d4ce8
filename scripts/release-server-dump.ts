/**
 * Writes a release's sync-server database as PostgreSQL holds it: that release's own server
 * (started from its source tree, over HTTP) against a throw-away PostgreSQL cluster, the release's
 * fixture device (test/fixtures/releases/<version>/indexeddb.json, written by
 * scripts/release-fixtures.ts) pushes every record and tombstone as its replication would, then
 * `pg_dump` writes the database as plain SQL:
 *
 *   server.sql   pg_dump --column-inserts --no-owner --no-privileges (loads into PostgreSQL with psql, into PGlite with exec)
 *   server.json  the fixture device's token (the server keeps only its SHA-256), so a test can sync as that device
 *
 *   npx tsx scripts/release-server-dump.ts <release source tree> <fixture dir>
 *
 * e.g. `git worktree add --detach ../waypoint-0.1.0 d2a6395`, `npm ci` there, then
 * `npx tsx scripts/release-server-dump.ts ../waypoint-0.1.0 test/fixtures/releases/0.1.0`.
 *
 * It imports none of the release's code: it speaks the sync protocol (v1) to the release's server
 * process, so it runs unchanged for every release of that protocol. The tree needs its node_modules.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromDexieToStorage, getBooleanIndexes } from 'rxdb/plugins/storage-dexie';
import { postgresTool } from './lib/postgres';
import { freePort, startPostgres } from '../test/server/support/postgres';

/** What every release of protocol v1 accepts; a push batch of 0.1.0's limit. */
const API_PREFIX = '/v1';
const PUSH_BATCH = 200;
const DEXIE_DATABASE = /^rxdb-dexie-.+--\d+--([A-Za-z_]+)$/;

interface IndexedDbDump {
  name: string;
  stores: { name: string; records: { value: Record<string, unknown> }[] }[];
}

/**
 * The replicated collections' documents as the device's replication pushes them: turned back from
 * Dexie's stored form (boolean indexes as '0'/'1') with RxDB's own code and each collection's schema
 * as the dump's RxDB metadata holds it, storage fields other than _deleted left out.
 */
function deviceDocuments(fixtureDir: string): Map<string, Record<string, unknown>[]> {
  const expected = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as { records: Record<string, unknown>; tombstones: string[] };
  const replicated = new Set([...Object.keys(expected.records), ...expected.tombstones].map((path) => path.split('/')[0]!));
  const dump = JSON.parse(readFileSync(join(fixtureDir, 'indexeddb.json'), 'utf8')) as IndexedDbDump[];
  const docsOf = (database: IndexedDbDump) => database.stores.find((s) => s.name === 'docs')!.records.map(({ value }) => value);
  const metadata = docsOf(dump.find((d) => DEXIE_DATABASE.exec(d.name)?.[1] === '_rxdb_internal')!);
  const out = new Map<string, Record<string, unknown>[]>();
  for (const database of dump) {
    const collection = DEXIE_DATABASE.exec(database.name)?.[1];
    if (!collection || !replicated.has(collection)) continue;
    const schema = (metadata.find((m) => m['context'] === 'collection' && (m['data'] as { name: string }).name === collection)!['data'] as { schema: Parameters<typeof getBooleanIndexes>[0] }).schema;
    const docs = docsOf(database).map((stored) => {
      const doc = fromDexieToStorage(getBooleanIndexes(schema), stored) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(doc).filter(([key]) => key === '_deleted' || !key.startsWith('_')));
    });
    out.set(collection, docs);
  }
  const missing = [...replicated].filter((c) => !out.has(c));
  if (missing.length > 0) throw new Error(`${fixtureDir}/indexeddb.json has no documents for ${missing.join(', ')}`);
  return out;
}

async function waitUntilReady(url: string, exited: () => string | null): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    const failure = exited();
    if (failure) throw new Error(failure);
    const reply = await fetch(`${url}/readyz`).catch(() => null);
    if (reply?.ok) return;
    await sleep(500);
  }
  throw new Error(`the release's server at ${url} was not ready after two minutes`);
}

async function main(): Promise<void> {
  const [tree, fixtureArg] = process.argv.slice(2);
  if (!tree || !fixtureArg) throw new Error('usage: npx tsx scripts/release-server-dump.ts <release source tree> <fixture dir>');
  const releaseTree = resolve(tree);
  const fixtureDir = resolve(fixtureArg);
  const documents = deviceDocuments(fixtureDir);
  const cluster = await startPostgres();
  try {
    const databaseUrl = await cluster.createDatabase();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawn(join(releaseTree, 'node_modules', '.bin', 'tsx'), ['src/server/main.ts'], {
      cwd: releaseTree,
      env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', WAYPOINT_REGISTRATION_SECRET: '' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let exit: string | null = null;
    server.on('exit', (code, signal) => (exit = `the release's server exited (${code ?? signal})`));
    try {
      await waitUntilReady(url, () => exit);
      const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
        const reply = await fetch(`${url}${API_PREFIX}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
        if (!reply.ok) throw new Error(`POST ${path}: ${reply.status} ${await reply.text()}`);
        return (await reply.json()) as T;
      };
      const { token } = await post<{ token: string }>('/practices', { deviceName: 'Synthetic fixture laptop' });
      let pushed = 0;
      for (const [collection, docs] of documents) {
        for (let i = 0; i < docs.length; i += PUSH_BATCH) {
          const { conflicts } = await post<{ conflicts: unknown[] }>(`/sync/${collection}/push`, docs.slice(i, i + PUSH_BATCH).map((doc) => ({ newDocumentState: doc })), token);
          if (conflicts.length > 0) throw new Error(`${collection}: ${conflicts.length} conflicts on a first push`);
        }
        pushed += docs.length;
      }
      writeFileSync(join(fixtureDir, 'server.json'), `${JSON.stringify({ token })}\n`);
      console.log(`Pushed ${pushed} documents of ${documents.size} collections to the server of ${releaseTree}`);
    } finally {
      server.kill('SIGTERM');
      if (exit === null) await new Promise((done) => server.once('exit', done));
    }
    // The client tools of the cluster's own version; the database is local and trusts its user.
    execFileSync(postgresTool('pg_dump'), ['--column-inserts', '--no-owner', '--no-privileges', '--file', join(fixtureDir, 'server.sql'), databaseUrl], { stdio: 'inherit' });
    console.log(`Wrote ${join(fixtureDir, 'server.sql')}`);
  } finally {
    cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
