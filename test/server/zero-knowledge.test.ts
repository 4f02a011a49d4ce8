/**
 * The server never holds a patient's name, nor a clinical fact: records sealed with real AES-GCM
 * on the "device" are pushed over HTTP, then every row of every table is dumped as text and the
 * raw database files are scanned. The scan must be able to fail: a control string the server
 * stores in clear (a document id) has to be found by the very same scan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPracticeKey, generateRecoveryCode, sealJson, unsealJson, wrapWithRecoveryCode } from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import { dumpAllRows, filesContaining } from './support/scan';
import { createEnrolment, newEnrolmentCode, pull, push, redeem, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

const SYNTHETIC_NAME = 'Zyxa Testperson-Qwv';
const CONTROL = 'PlaintextControl-Kq7Vw';

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
    // The control: a document id, which the server stores in clear.
    docs.push(sealedDoc(CONTROL, 1, { sealed: docs[0]!.sealed }));
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
