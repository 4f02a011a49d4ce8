/**
 * The backup build workers' test page (backup-worker.test.ts): the app's own modules on Chromium's
 * real IndexedDB and WebCrypto. Two collections of synthetic sealed documents (so both workers
 * write), built into a backup on this thread and in the workers; then built again in the workers
 * while documents are rewritten.
 */
import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { checkBackup, openBackup, type BackupKeyring, type BackupMeta } from '../../../src/shared/backup';
import { createPracticeKey, generateRecoveryCode, MIN_ARGON2, sealJson, wrapWithPassphrase, wrapWithRecoveryCode, type DataKey } from '../../../src/shared/crypto';
import type { SyncDocument } from '../../../src/shared/sync/protocol';
import { openDatabase, type WaypointDatabase } from '../../../src/renderer/src/db/database';
import { insertStored, readStored, storedTable, withoutStorageFields, writeStored } from '../../../src/renderer/src/db/storage';
import { finishBackup, writeLines } from '../../../src/renderer/src/backup/build-backup';
import { buildInWorkers } from '../../../src/renderer/src/backup/build-in-worker';

const COST = { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 };
const COLLECTIONS = ['settings', 'clients'] as const;

async function keyring(): Promise<{ key: DataKey; keyring: BackupKeyring }> {
  const { dataKey, raw } = await createPracticeKey();
  const ring: BackupKeyring = {
    practice: { id: 'practice-synthetic', name: 'Synthetic Worker Practice', keyId: dataKey.id, createdAt: 1_800_000_000_000 },
    argon2: COST,
    profiles: [{ id: 'staff-admin', displayName: 'Admin Synthetic', role: 'administrator', wrap: await wrapWithPassphrase(raw, dataKey.id, 'copper lantern drizzle atlas', COST) }],
    recovery: await wrapWithRecoveryCode(raw, dataKey.id, generateRecoveryCode()),
  };
  raw.fill(0);
  return { key: dataKey, keyring: ring };
}

const plain = (collection: string): Record<string, string> => (collection === 'clients' ? { kind: 'client', status: 'active', clientId: '' } : {});

async function sealed(key: DataKey, collection: string, i: number): Promise<SyncDocument> {
  const id = `${collection}-${String(i).padStart(6, '0')}`;
  // Every 50th a tombstone: a backup keeps them.
  return { id, rev: 1, updatedAt: 1_800_000_000_000 + i, _deleted: i % 50 === 7, ...plain(collection), sealed: await sealJson(key, { collection, id, schemaVersion: 0 }, { n: i, text: `Synthetic text ${i}` }) };
}

/** What the window's storage holds, through RxDB: every document as a backup should hold it, by id. */
async function held(db: WaypointDatabase): Promise<Record<string, SyncDocument[]>> {
  const out: Record<string, SyncDocument[]> = {};
  for (const name of COLLECTIONS) {
    const { documents } = await getChangedDocumentsSince(db[name].storageInstance as never, 1_000_000);
    out[name] = documents.map(withoutStorageFields).sort((a, b) => a.id.localeCompare(b.id));
  }
  return out;
}

/** The file checked as a restore checks it (digest, shapes, counts, seal) and its documents by collection, in file order. */
async function opened(bytes: Uint8Array, key: DataKey, schemaVersions: Record<string, number>): Promise<Record<string, SyncDocument[]>> {
  const backup = await openBackup(bytes, { schemaVersions });
  await backup.verifySeal(key);
  const out: Record<string, SyncDocument[]> = { settings: [], clients: [] };
  for (const chunk of backup.chunks()) out[chunk.collection]!.push(...chunk.documents);
  return out;
}

async function run(perCollection: number) {
  const db = await openDatabase({ name: `backup-worker-${crypto.randomUUID()}`, validate: false, only: [...COLLECTIONS] });
  try {
    const { key, keyring: ring } = await keyring();
    for (const name of COLLECTIONS) {
      const docs = await Promise.all(Array.from({ length: perCollection }, (_, i) => sealed(key, name, i)));
      await insertStored(db[name] as never, docs, 'test');
    }
    const schemaVersions = { settings: db.settings.schema.version, clients: db.clients.schema.version };
    const meta: BackupMeta = { appVersion: '0.0.0-test', createdAt: 1_800_000_100_000, backupId: 'backup-worker-0001', keyring: ring, schemaVersions };
    const tables = await Promise.all(COLLECTIONS.map(async (name) => ({ name, ...(await storedTable(db[name].storageInstance as never)) })));

    const connections = new Map(tables.map(({ table, connection }) => [table.database, connection]));
    const here = await finishBackup(await writeLines(meta, tables.map(({ name, table }) => [name, table] as const), async (name) => connections.get(name)!), key);
    const inWorkers = await buildInWorkers(meta, tables, key);
    const [checkedHere, checkedInWorkers] = [await checkBackup(here.data, { schemaVersions }), await checkBackup(inWorkers.data, { schemaVersions })];
    // Everything before the trailer (whose seal has a random IV) is compared byte for byte.
    const body = (bytes: Uint8Array, end: number) => Array.from(bytes.subarray(0, end));
    const sameBody = JSON.stringify(body(here.data, checkedHere.documentLines.at(-1)!.end)) === JSON.stringify(body(inWorkers.data, checkedInWorkers.documentLines.at(-1)!.end));
    const storage = await held(db);
    const fromWorkers = await opened(inWorkers.data, key, schemaVersions);

    // Built again while documents across both collections are rewritten (rev 2), each as its write lands.
    const rewritten = COLLECTIONS.flatMap((name) => Array.from({ length: 20 }, (_, i) => ({ name, id: `${name}-${String(Math.floor((i * perCollection) / 20) + 3).padStart(6, '0')}` })));
    const building = buildInWorkers({ ...meta, backupId: 'backup-worker-0002' }, tables, key);
    let writtenDuring = 0;
    let settled = false;
    void building.finally(() => (settled = true));
    for (const { name, id } of rewritten) {
      const previous = (await readStored(db[name].storageInstance as never, [id])).get(id)!;
      await writeStored(db[name].storageInstance as never, [{ previous, doc: { ...withoutStorageFields(previous), rev: 2 } }], 'test');
      if (!settled) writtenDuring++;
    }
    const during = await opened((await building).data, key, schemaVersions);
    return {
      documents: { here: here.documents, inWorkers: inWorkers.documents },
      sameBody,
      storage,
      fromWorkers,
      rewritten: rewritten.map((r) => r.id),
      writtenDuring,
      during,
    };
  } finally {
    await db.remove();
  }
}

(window as unknown as { backupWorker: { run: typeof run } }).backupWorker = { run };
document.title = 'ready';
