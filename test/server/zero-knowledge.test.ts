/**
 * The server never holds a patient's name: records sealed with real AES-GCM on the "device" are
 * pushed over HTTP, then every row of every table is dumped as text and the raw database files
 * are scanned. The scan must be able to fail: a control string deliberately sent in plaintext
 * metadata has to be found by the very same scan.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPracticeKey, generateRecoveryCode, sealJson, unsealJson, wrapWithRecoveryCode } from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import { createEnrolment, newEnrolmentCode, pull, push, redeem, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

const SYNTHETIC_NAME = 'Zyxa Testperson-Qwv';
const CONTROL = 'PlaintextControl-Kq7Vw';

/** Every row of every table in the public schema, as PostgreSQL renders it in text. */
async function dumpAllRows(storage: { query<R>(sql: string): Promise<R[]> }): Promise<string> {
  const tables = await storage.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
  expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['documents', 'devices', 'enrolments', 'practices']));
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await storage.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
    parts.push(`${name}:`, ...rows.map((row) => row.row));
  }
  return parts.join('\n');
}

/** Files under `dir` that contain `needle` as raw bytes (UTF-8 or, for a WASM heap dump, UTF-16LE). */
function filesContaining(dir: string, needle: string): string[] {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const hits: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && patterns.some((pattern) => readFileSync(full).includes(pattern))) hits.push(full);
    }
  };
  walk(dir);
  return hits;
}

describe.each(BACKENDS)('zero knowledge on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('stores sealed records without the plaintext, and the scan finds a plaintext control', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server, { deviceName: 'Front desk laptop' });
    const { dataKey, raw } = await createPracticeKey();
    // The enrolment relays a real key wrap the server cannot open.
    const code = newEnrolmentCode();
    const wrap = await wrapWithRecoveryCode(raw, dataKey.id, generateRecoveryCode());
    raw.fill(0);
    expect((await createEnrolment(server, admin.token, { ...code, wrappedKey: JSON.stringify(wrap) })).status).toBe(201);
    expect((await redeem(server, code, 'Group room laptop')).status).toBe(201);

    const record = { name: SYNTHETIC_NAME, dateOfBirth: '1971-02-03', notes: `${SYNTHETIC_NAME} reports sleeping better.` };
    const docs: SyncDocument[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `client-${i}`;
      const sealed = await sealJson(dataKey, { collection: 'clients', id, schemaVersion: 0 }, record);
      docs.push(sealedDoc(id, 1, { sealed, kind: 'client', status: 'active', clientId: '' }));
    }
    // The control: plaintext in a metadata field, exactly what the server must be able to see.
    docs.push(sealedDoc('control-1', 1, { sealed: docs[0]!.sealed, controlMarker: CONTROL }));
    expect((await push(server, admin.token, 'clients', docs.map((doc) => ({ newDocumentState: doc })))).body).toEqual({ conflicts: [] });

    // The envelope really holds the name: the device can open what the server stores.
    const stored = (await pull(server, admin.token, 'clients')).body.documents[0]!;
    expect(await unsealJson(dataKey, { collection: 'clients', id: stored.id, schemaVersion: 0 }, stored.sealed)).toEqual(record);

    const dump = await dumpAllRows(backend.storage);
    expect(dump).toContain(CONTROL);
    for (const fragment of [SYNTHETIC_NAME, 'Testperson', 'Zyxa', 'sleeping better', '1971-02-03']) expect(dump).not.toContain(fragment);

    // The files on disk, after a checkpoint has written the pages.
    await backend.storage.query('CHECKPOINT');
    expect(filesContaining(backend.dataDir, CONTROL)).not.toEqual([]);
    expect(filesContaining(backend.dataDir, 'Testperson')).toEqual([]);
    // The server's own log says nothing either.
    expect(server.logs.join('\n')).not.toContain('Testperson');
  });
});
