/**
 * The sync server's endpoints over real HTTP against PGlite and PostgreSQL: registration,
 * enrolment, devices and revocation, practice isolation, pull/push/stream and shutdown.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Queryable, Storage } from '../../src/server';
import { EARLIER_VERSIONS } from '../../src/server/sync';
import { API_PREFIX, LIMITS, registerResponseSchema, type PullResponse, type SyncDocument } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import {
  call,
  createEnrolment,
  enrolDevice,
  errorCode,
  newEnrolmentCode,
  openStream,
  pull,
  push,
  redeem,
  registerPractice,
  sealedDoc,
  startServer,
  type DeviceCredentials,
  type TestServer,
} from './support/server';

const SECRET = 'synthetic-registration-secret-0123';

describe.each(BACKENDS)('sync server on %s', (name) => {
  const backend = useBackend(name);
  const servers: TestServer[] = [];
  const serve = async (options: Parameters<typeof startServer>[1] = {}): Promise<TestServer> => {
    const server = await startServer(backend.storage, options);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** A practice with an administrator and a member device. */
  async function practice(server: TestServer, secret?: string): Promise<{ admin: DeviceCredentials; member: DeviceCredentials }> {
    const admin = await registerPractice(server, secret ? { registrationSecret: secret } : {});
    return { admin, member: await enrolDevice(server, admin.token) };
  }

  describe('health', () => {
    it('is live and ready when the database is migrated, not ready when it is not', async () => {
      const server = await serve();
      expect((await call(server, 'GET', '/healthz')).status).toBe(200);
      expect(await call(server, 'GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
      await backend.storage.query('DROP TABLE schema_migrations');
      const notReady = await call(server, 'GET', '/readyz');
      expect(notReady.status).toBe(503);
      expect(errorCode(notReady)).toBe('unavailable');
    });
  });

  describe('registration', () => {
    it('without a configured secret, allows only the first practice', async () => {
      const server = await serve();
      const first = await call(server, 'POST', `${API_PREFIX}/practices`, { body: { deviceName: 'Synthetic admin laptop' } });
      expect(first.status).toBe(201);
      expect(registerResponseSchema.parse(first.body).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const second = await call(server, 'POST', `${API_PREFIX}/practices`, { body: { deviceName: 'Another laptop', registrationSecret: 'anything-at-all-here' } });
      expect(second.status).toBe(403);
      expect(errorCode(second)).toBe('registration_refused');
    });

    it('without a secret, simultaneous first registrations let exactly one through', async () => {
      const server = await serve();
      const replies = await Promise.all(Array.from({ length: 6 }, () => call(server, 'POST', `${API_PREFIX}/practices`, { body: { deviceName: 'Racing laptop' } })));
      expect(replies.map((reply) => reply.status).sort()).toEqual([201, 403, 403, 403, 403, 403]);
      expect(await backend.storage.query('SELECT id FROM practices')).toHaveLength(1);
    });

    it('with a configured secret, requires it and then allows many practices', async () => {
      const server = await serve({ registrationSecret: SECRET });
      for (const body of [{}, { registrationSecret: 'wrong-secret-of-same-kind-0123' }, { registrationSecret: `${SECRET}x` }, { registrationSecret: '' }]) {
        const reply = await call(server, 'POST', `${API_PREFIX}/practices`, { body: { deviceName: 'Synthetic laptop', ...body } });
        expect(reply.status).toBe(403);
        expect(errorCode(reply)).toBe('registration_refused');
      }
      const a = await registerPractice(server, { registrationSecret: SECRET });
      const b = await registerPractice(server, { registrationSecret: SECRET });
      expect(a.practiceId).not.toBe(b.practiceId);
    });

    it('stores only the SHA-256 of a device token', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const rows = await backend.storage.query<{ row: string; token_sha256: string }>('SELECT d::text AS row, token_sha256 FROM devices d');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_sha256).toBe(createHash('sha256').update(admin.token).digest('hex'));
      expect(rows[0]!.row).not.toContain(admin.token);
    });
  });

  describe('enrolment', () => {
    it('redeems once: the device gets a token and the wrapped key; a replay is refused', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const code = newEnrolmentCode();
      expect((await createEnrolment(server, admin.token, code)).status).toBe(201);
      const redeemed = await redeem(server, code);
      expect(redeemed.status).toBe(201);
      expect(redeemed.body).toMatchObject({ practiceId: admin.practiceId, wrappedKey: code.wrappedKey });
      const member = redeemed.body as DeviceCredentials;
      expect((await pull(server, member.token, 'clients')).status).toBe(200);

      const replay = await redeem(server, code, 'Replaying laptop');
      expect(replay.status).toBe(410);
      expect(errorCode(replay)).toBe('enrolment_used');
      // The server forgets the wrapped key once it has been delivered.
      expect(await backend.storage.query('SELECT wrapped_key FROM enrolments')).toEqual([{ wrapped_key: '' }]);
      expect(await backend.storage.query('SELECT id FROM devices')).toHaveLength(2);
    });

    it('refuses an unknown lookup id or a wrong verifier alike', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const code = newEnrolmentCode();
      await createEnrolment(server, admin.token, code);
      for (const attempt of [{ ...code, verifier: newEnrolmentCode().verifier }, { ...code, lookupId: newEnrolmentCode().lookupId }]) {
        const reply = await redeem(server, attempt);
        expect(reply.status).toBe(403);
        expect(errorCode(reply)).toBe('enrolment_invalid');
      }
      // A wrong verifier does not use the enrolment up.
      expect((await redeem(server, code)).status).toBe(201);
    });

    it('refuses an expired enrolment', async () => {
      let clock = Date.now();
      const server = await serve({ now: () => clock });
      const admin = await registerPractice(server);
      const code = newEnrolmentCode();
      expect((await createEnrolment(server, admin.token, code, { expiresAt: clock + 1_000 })).status).toBe(201);
      clock += 1_000;
      const reply = await redeem(server, code);
      expect(reply.status).toBe(410);
      expect(errorCode(reply)).toBe('enrolment_expired');
      expect(await backend.storage.query('SELECT id FROM devices')).toHaveLength(1);
    });

    it('checks who publishes an enrolment and what it says', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const code = newEnrolmentCode();
      const byMember = await createEnrolment(server, member.token, code);
      expect(byMember.status).toBe(403);
      expect(errorCode(byMember)).toBe('forbidden');
      expect((await createEnrolment(server, admin.token, code, { expiresAt: Date.now() - 1 })).status).toBe(400);
      expect((await createEnrolment(server, admin.token, code, { expiresAt: Date.now() + LIMITS.enrolmentLifetimeMs + 60_000 })).status).toBe(400);
      expect((await createEnrolment(server, admin.token, code)).status).toBe(201);
      const duplicate = await createEnrolment(server, admin.token, code);
      expect(duplicate.status).toBe(409);
      expect(errorCode(duplicate)).toBe('conflict');
      expect((await call(server, 'POST', `${API_PREFIX}/enrolments`, { body: { ...newEnrolmentCode(), expiresAt: Date.now() + 1000 } })).status).toBe(401);
    });

    it('gives the device the role of its enrolment', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const secondAdmin = await enrolDevice(server, admin.token, 'admin');
      expect((await call(server, 'GET', `${API_PREFIX}/devices`, { token: secondAdmin.token })).status).toBe(200);
    });
  });

  describe('devices and revocation', () => {
    it('lists the practice devices to administrators only', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const list = await call<{ devices: Array<{ id: string; role: string; revokedAt: number | null }> }>(server, 'GET', `${API_PREFIX}/devices`, { token: admin.token });
      expect(list.status).toBe(200);
      expect(list.body.devices.map((device) => [device.id, device.role, device.revokedAt])).toEqual([
        [admin.deviceId, 'admin', null],
        [member.deviceId, 'member', null],
      ]);
      const byMember = await call(server, 'GET', `${API_PREFIX}/devices`, { token: member.token });
      expect(byMember.status).toBe(403);
      expect((await call(server, 'DELETE', `${API_PREFIX}/devices/${admin.deviceId}`, { token: member.token })).status).toBe(403);
    });

    it('refuses a revoked device at once, closing its open stream', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const stream = await openStream(server, member.token, 'clients');
      const revoked = await call(server, 'DELETE', `${API_PREFIX}/devices/${member.deviceId}`, { token: admin.token });
      expect(revoked.status).toBe(204);
      await stream.ended;
      for (const reply of [await pull(server, member.token, 'clients'), await push(server, member.token, 'clients', [{ newDocumentState: sealedDoc('c1') }])]) {
        expect(reply.status).toBe(401);
        expect(errorCode(reply)).toBe('device_revoked');
      }
      const streamAgain = await call(server, 'GET', `${API_PREFIX}/sync/clients/stream`, { token: member.token });
      expect(streamAgain.status).toBe(401);
      expect((await pull(server, admin.token, 'clients')).body.documents).toEqual([]);
      // Idempotent, and listed as revoked.
      expect((await call(server, 'DELETE', `${API_PREFIX}/devices/${member.deviceId}`, { token: admin.token })).status).toBe(204);
      const list = await call<{ devices: Array<{ id: string; revokedAt: number | null }> }>(server, 'GET', `${API_PREFIX}/devices`, { token: admin.token });
      expect(list.body.devices.find((device) => device.id === member.deviceId)?.revokedAt).toEqual(expect.any(Number));
    });

    it('keeps the last administrator and voids enrolments published by a revoked device', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const self = await call(server, 'DELETE', `${API_PREFIX}/devices/${admin.deviceId}`, { token: admin.token });
      expect(self.status).toBe(409);
      const second = await enrolDevice(server, admin.token, 'admin');
      const pending = newEnrolmentCode();
      expect((await createEnrolment(server, second.token, pending)).status).toBe(201);
      expect((await call(server, 'DELETE', `${API_PREFIX}/devices/${second.deviceId}`, { token: admin.token })).status).toBe(204);
      const reply = await redeem(server, pending);
      expect(reply.status).toBe(410);
      expect(errorCode(reply)).toBe('enrolment_expired');
    });

    it('answers 404 for a device that does not exist', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      expect((await call(server, 'DELETE', `${API_PREFIX}/devices/no-such-device`, { token: admin.token })).status).toBe(404);
    });
  });

  describe('practice isolation', () => {
    it('practice B can neither read, write, stream nor revoke anything of practice A', async () => {
      const server = await serve({ registrationSecret: SECRET });
      const a = await practice(server, SECRET);
      const b = await practice(server, SECRET);
      const streamB = await openStream(server, b.admin.token, 'clients');

      expect((await push(server, a.admin.token, 'clients', [{ newDocumentState: sealedDoc('shared-id', 3) }])).body).toEqual({ conflicts: [] });
      // The same id in B is a different document: no conflict with A's, and B never sees A's.
      expect((await push(server, b.member.token, 'clients', [{ newDocumentState: sealedDoc('shared-id', 1) }])).body).toEqual({ conflicts: [] });
      const pulledB = await pull(server, b.admin.token, 'clients');
      expect(pulledB.body.documents.map((doc) => [doc.id, doc.rev])).toEqual([['shared-id', 1]]);
      const pulledA = await pull(server, a.member.token, 'clients');
      expect(pulledA.body.documents.map((doc) => [doc.id, doc.rev])).toEqual([['shared-id', 3]]);
      // B's stream hears only of B's push.
      expect(await streamB.next()).toEqual({ collection: 'clients', seq: pulledB.body.checkpoint.seq });
      await expect(streamB.next(300)).rejects.toThrow('no event in time');
      streamB.close();

      for (const target of [a.admin.deviceId, a.member.deviceId]) {
        const reply = await call(server, 'DELETE', `${API_PREFIX}/devices/${target}`, { token: b.admin.token });
        expect(reply.status).toBe(404);
      }
      const listB = await call<{ devices: Array<{ id: string }> }>(server, 'GET', `${API_PREFIX}/devices`, { token: b.admin.token });
      expect(listB.body.devices.map((device) => device.id).sort()).toEqual([b.admin.deviceId, b.member.deviceId].sort());
      expect((await pull(server, a.member.token, 'clients')).status).toBe(200);
    });
  });

  describe('pull and push', () => {
    it('pages by checkpoint, oldest change first, and moves an edited document to the end', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const ids = Array.from({ length: 25 }, (_, i) => `client-${String(i).padStart(2, '0')}`);
      for (let i = 0; i < ids.length; i += 10) {
        expect((await push(server, admin.token, 'clients', ids.slice(i, i + 10).map((id) => ({ newDocumentState: sealedDoc(id) })))).body).toEqual({ conflicts: [] });
      }
      await push(server, admin.token, 'sessions', [{ newDocumentState: sealedDoc('session-1') }]);

      const pages: PullResponse[] = [];
      let seq = 0;
      for (;;) {
        const page = await pull(server, member.token, 'clients', seq, 10);
        expect(page.status).toBe(200);
        pages.push(page.body);
        if (page.body.documents.length === 0) break;
        expect(page.body.checkpoint.seq).toBeGreaterThan(seq);
        seq = page.body.checkpoint.seq;
      }
      expect(pages.map((page) => page.documents.length)).toEqual([10, 10, 5, 0]);
      expect(pages.flatMap((page) => page.documents.map((doc) => doc.id))).toEqual(ids);
      expect(pages[3]!.checkpoint.seq).toBe(seq);

      const [first] = pages[0]!.documents as [SyncDocument];
      const edited = { ...sealedDoc(first.id, 2) };
      expect((await push(server, member.token, 'clients', [{ assumedMasterState: first, newDocumentState: edited }])).body).toEqual({ conflicts: [] });
      const after = await pull(server, admin.token, 'clients', seq);
      expect(after.body.documents).toEqual([edited]);
      expect((await pull(server, admin.token, 'sessions')).body.documents.map((doc) => doc.id)).toEqual(['session-1']);
    });

    it('detects conflicts by the assumed master state and writes nothing for them', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      // Pushed with a query field and a w1 envelope, as release 0.1.0 did: accepted, the field kept (docs/SERVER.md).
      const v1 = sealedDoc('note-1', 1, { kind: 'progress' });
      expect((await push(server, admin.token, 'notes', [{ newDocumentState: v1 }])).body).toEqual({ conflicts: [] });
      const v2 = sealedDoc('note-1', 2, { kind: 'progress' });
      expect((await push(server, admin.token, 'notes', [{ assumedMasterState: v1, newDocumentState: v2 }])).body).toEqual({ conflicts: [] });

      const stale = sealedDoc('note-1', 2, { kind: 'progress' });
      const cases: unknown[] = [
        { assumedMasterState: v1, newDocumentState: stale },
        { newDocumentState: stale },
        { assumedMasterState: null, newDocumentState: stale },
        { assumedMasterState: { ...v2, sealed: stale.sealed }, newDocumentState: stale },
        { assumedMasterState: { ...v2, _deleted: true }, newDocumentState: stale },
      ];
      for (const row of cases) expect((await push(server, member.token, 'notes', [row])).body).toEqual({ conflicts: [v2] });

      // A mixed batch: the conflicting row is answered, the others are written.
      const fresh = sealedDoc('note-2');
      const assumedUnknown = sealedDoc('note-3');
      const mixed = await push(server, member.token, 'notes', [
        { assumedMasterState: v1, newDocumentState: stale },
        { newDocumentState: fresh },
        { assumedMasterState: sealedDoc('note-3', 7), newDocumentState: assumedUnknown },
      ]);
      expect(mixed.body).toEqual({ conflicts: [v2] });
      const docs = (await pull(server, admin.token, 'notes')).body.documents;
      expect(docs).toEqual([v2, fresh, assumedUnknown]);
      expect(docs[0]).toHaveProperty('kind', 'progress');
      // A deletion is a write like any other.
      const deleted = { ...sealedDoc('note-2', 2), _deleted: true };
      expect((await push(server, admin.token, 'notes', [{ assumedMasterState: fresh, newDocumentState: deleted }])).body).toEqual({ conflicts: [] });
      expect((await pull(server, admin.token, 'notes')).body.documents.at(-1)).toEqual(deleted);
    });

    it('tells a retried push of a version it held before that its current version descends from it, keeping digests only, bounded', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const digest = (doc: SyncDocument) => createHash('sha256').update(JSON.stringify([doc.rev, doc._deleted, doc.sealed])).digest('base64url');
      const earlier = async (id: string) => (await backend.storage.query<{ earlier: string[] }>('SELECT earlier FROM documents WHERE id = $1', [id]))[0]!.earlier;
      const v1 = sealedDoc('note-1', 1);
      const v2 = sealedDoc('note-1', 2);
      const v3 = sealedDoc('note-1', 3);
      expect((await push(server, admin.token, 'notes', [{ newDocumentState: v1 }])).body).toEqual({ conflicts: [] });
      // The admin's answer to this push is lost; the member pulls v2 and builds v3 on it.
      expect((await push(server, admin.token, 'notes', [{ assumedMasterState: v1, newDocumentState: v2 }])).body).toEqual({ conflicts: [] });
      expect((await push(server, member.token, 'notes', [{ assumedMasterState: v2, newDocumentState: v3 }])).body).toEqual({ conflicts: [] });
      expect(await earlier('note-1')).toEqual([digest(v2), digest(v1)]);

      // The retry: still a conflict (nothing is written, the device receives v3), named as superseded. So is v1 pushed again.
      const fresh = sealedDoc('note-2');
      const retry = await push(server, admin.token, 'notes', [{ assumedMasterState: v1, newDocumentState: v2 }, { newDocumentState: fresh }]);
      expect(retry.body).toEqual({ conflicts: [v3], superseded: ['note-1'] });
      expect((await push(server, member.token, 'notes', [{ newDocumentState: v1 }])).body).toEqual({ conflicts: [v3], superseded: ['note-1'] });
      // A version it never held, the same rev or a deletion of a held one, is a plain conflict.
      for (const other of [sealedDoc('note-1', 2), { ...v2, _deleted: true }, { ...v2, rev: 4 }]) {
        expect((await push(server, member.token, 'notes', [{ assumedMasterState: v1, newDocumentState: other }])).body).toEqual({ conflicts: [v3] });
      }
      expect((await pull(server, admin.token, 'notes')).body.documents).toEqual([v3, fresh]);
      expect(await earlier('note-2')).toEqual([]);

      // Bounded: the oldest digests go; a retry of a version older than those kept is a plain conflict again.
      const versions = [v1, v2, v3];
      for (let rev = 4; versions.length <= EARLIER_VERSIONS + 2; rev++) {
        const next = sealedDoc('note-1', rev);
        expect((await push(server, admin.token, 'notes', [{ assumedMasterState: versions.at(-1), newDocumentState: next }])).body).toEqual({ conflicts: [] });
        versions.push(next);
      }
      const kept = await earlier('note-1');
      expect(kept).toEqual(versions.slice(0, -1).reverse().slice(0, EARLIER_VERSIONS).map(digest));
      const current = versions.at(-1)!;
      expect((await push(server, admin.token, 'notes', [{ newDocumentState: versions[1]! }])).body).toEqual({ conflicts: [current] });
      expect((await push(server, admin.token, 'notes', [{ newDocumentState: versions[2]! }])).body).toEqual({ conflicts: [current], superseded: ['note-1'] });
      // What is kept of earlier versions tells nothing of their content: no envelope, nor any part of one.
      const row = JSON.stringify(await backend.storage.query('SELECT earlier FROM documents'));
      for (const version of versions) expect(row).not.toContain(version.sealed.split('.').at(-1)!.slice(0, 16));

      // Forged: a document smuggling history or an answer's fields, or a body that is not a list of rows, refused whole.
      for (const forged of [[{ newDocumentState: { ...sealedDoc('note-3'), earlier: [digest(v1)] } }], { conflicts: [], superseded: ['note-1'] }, [{ newDocumentState: { ...v2, superseded: ['note-1'] } }]]) {
        const reply = await push(server, member.token, 'notes', forged);
        expect(reply.status, JSON.stringify(forged)).toBe(400);
        expect(errorCode(reply)).toBe('bad_request');
      }
      expect(await earlier('note-1')).toEqual(kept);
    });

    it('refuses a whole batch when one row is invalid, and duplicate ids', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const good = { newDocumentState: sealedDoc('c1') };
      for (const bad of [
        { newDocumentState: { ...sealedDoc('c2'), sealed: 'plaintext name' } },
        { newDocumentState: { ...sealedDoc('c2'), note: 'x'.repeat(LIMITS.metadataChars + 1) } },
        { newDocumentState: { ...sealedDoc('c2'), nested: { a: 1 } } },
        { newDocumentState: { ...sealedDoc('c2'), rev: -1 } },
        good,
      ]) {
        const reply = await push(server, admin.token, 'clients', [good, bad]);
        expect(reply.status).toBe(400);
        expect(errorCode(reply)).toBe('bad_request');
      }
      const tooMany = Array.from({ length: LIMITS.pushBatch + 1 }, (_, i) => ({ newDocumentState: sealedDoc(`c${i}`) }));
      expect((await push(server, admin.token, 'clients', tooMany)).status).toBe(400);
      expect(await backend.storage.query('SELECT id FROM documents')).toEqual([]);
    });

    it('refuses unknown collections and bad checkpoints', async () => {
      const server = await serve();
      const admin = await registerPractice(server);
      const unknown = await pull(server, admin.token, 'nope' as never);
      expect(unknown.status).toBe(404);
      expect(errorCode(unknown)).toBe('not_found');
      for (const query of ['seq=-1', 'seq=abc', 'seq=1.5', 'seq=1e400', `limit=${LIMITS.pullBatch + 1}`, 'limit=0', 'count=no', 'count=']) {
        const reply = await call(server, 'GET', `${API_PREFIX}/sync/clients/pull?${query}`, { token: admin.token });
        expect(reply.status, query).toBe(400);
        expect(errorCode(reply)).toBe('bad_request');
      }
    });
  });

  describe('live stream', () => {
    it('delivers what another device pushes after connecting, and sends heartbeats', async () => {
      const server = await serve({ heartbeatMs: 50 });
      const { admin, member } = await practice(server);
      await push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('before-connect') }]);
      const stream = await openStream(server, member.token, 'clients');
      const doc = sealedDoc('after-connect', 1);
      await push(server, admin.token, 'sessions', [{ newDocumentState: sealedDoc('other-collection') }]);
      await push(server, admin.token, 'clients', [{ newDocumentState: doc }]);
      // The event names the change; the documents come from the pull it prompts. (On PostgreSQL the
      // notification of the push before connecting may arrive after it: a device then pulls nothing new.)
      const pulled = await pull(server, member.token, 'clients');
      let event = await stream.next();
      if (event.seq < pulled.body.checkpoint.seq) event = await stream.next();
      expect(event).toEqual({ collection: 'clients', seq: pulled.body.checkpoint.seq });
      expect(pulled.body.documents.at(-1)).toEqual(doc);
      // A conflict writes nothing and sends nothing.
      await push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('after-connect', 5) }]);
      await expect(stream.next(300)).rejects.toThrow('no event in time');
      expect(stream.heartbeats()).toBeGreaterThan(0);
      stream.close();
    });

    it('one stream carries every collection, in order, each event with the sequence a pull of that collection reaches', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const stream = await openStream(server, member.token, null);
      await push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('client-1') }]);
      await push(server, admin.token, 'notes', [{ newDocumentState: sealedDoc('note-1') }, { newDocumentState: sealedDoc('note-2') }]);
      const first = await stream.next();
      const second = await stream.next();
      expect(first).toEqual({ collection: 'clients', seq: (await pull(server, member.token, 'clients')).body.checkpoint.seq });
      const notes = await pull(server, member.token, 'notes');
      expect(second).toEqual({ collection: 'notes', seq: notes.body.checkpoint.seq });
      expect(notes.body.documents.map((d) => d.id)).toEqual(['note-1', 'note-2']);
      stream.close();
    });

    it('a full pull says how many documents remain, so a device can show its progress', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      await push(server, admin.token, 'clients', Array.from({ length: 5 }, (_, i) => ({ newDocumentState: sealedDoc(`client-${i}`) })));
      const firstPage = await pull(server, member.token, 'clients', 0, 2);
      expect([firstPage.body.documents.length, firstPage.body.remaining]).toEqual([2, 3]);
      const lastPage = await pull(server, member.token, 'clients', firstPage.body.checkpoint.seq, 3);
      expect([lastPage.body.documents.length, lastPage.body.remaining]).toEqual([3, 0]);
    });

    it('leaves the count out of a full pull when asked to (count=false), and still says when nothing remains', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      await push(server, admin.token, 'clients', Array.from({ length: 5 }, (_, i) => ({ newDocumentState: sealedDoc(`client-${i}`) })));
      const page = (seq: number, limit: number) => call<PullResponse>(server, 'GET', `${API_PREFIX}/sync/clients/pull?seq=${seq}&limit=${limit}&count=false`, { token: member.token });
      const first = await page(0, 2);
      expect(first.status).toBe(200);
      expect(first.body.documents.map((d) => d.id)).toEqual(['client-0', 'client-1']);
      expect(first.body).not.toHaveProperty('remaining');
      const last = await page(first.body.checkpoint.seq, 5);
      expect([last.body.documents.length, last.body.remaining]).toEqual([3, 0]);
    });

    it('closes streams on shutdown and finishes an in-flight push before the database closes', async () => {
      let hold: { entered: () => void; gate: Promise<void> } | null = null;
      // The real database, with the next transaction held open (after its work) while `hold` is set.
      const held: Storage = {
        kind: backend.storage.kind,
        query: (sql, params) => backend.storage.query(sql, params),
        transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
          backend.storage.transaction(async (tx) => {
            const result = await work(tx);
            const current = hold;
            hold = null;
            current?.entered();
            await current?.gate;
            return result;
          }),
        listen: (channel, onMessage, onGap) => backend.storage.listen(channel, onMessage, onGap),
        close: async () => undefined,
      };
      const server = await startServer(held);
      const admin = await registerPractice(server);
      const stream = await openStream(server, admin.token, 'clients');
      let release: () => void = () => undefined;
      const entered = new Promise<void>((resolve) => (hold = { entered: resolve, gate: new Promise<void>((open) => (release = open)) }));

      const inFlight = push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('in-flight') }]);
      await entered;
      const closing = server.close();
      await stream.ended;
      // No new work is taken on while closing.
      const late = await fetch(`${server.url}/healthz`).then(
        (response) => response.status,
        () => 'refused',
      );
      expect(['refused', 503]).toContain(late);
      release();
      const reply = await inFlight;
      expect(reply).toMatchObject({ status: 200, body: { conflicts: [] } });
      await closing;
      expect(await backend.storage.query('SELECT id FROM documents')).toEqual([{ id: 'in-flight' }]);
    });
  });

  describe('logs and CORS', () => {
    it('logs route, status and practice as JSON, never tokens or document contents', async () => {
      const server = await serve();
      const { admin, member } = await practice(server);
      const doc = sealedDoc('c1', 1, { kind: 'client' });
      await push(server, member.token, 'clients', [{ newDocumentState: doc }]);
      await pull(server, admin.token, 'clients');
      await call(server, 'GET', `${API_PREFIX}/devices`, { token: 'forged-token-of-the-right-length-0123456789' });
      const lines = server.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: 'request', method: 'POST', route: `${API_PREFIX}/sync/:collection/push`, status: 200, practiceId: admin.practiceId, durationMs: expect.any(Number) }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', route: `${API_PREFIX}/devices`, status: 401 }));
      const all = server.logs.join('\n');
      for (const secret of [admin.token, member.token, doc.sealed, 'forged-token', 'Synthetic member laptop']) expect(all).not.toContain(secret);
    });

    it('answers CORS only for configured origins', async () => {
      const server = await serve({ corsOrigins: ['http://127.0.0.1:5199'] });
      const preflight = (origin: string) =>
        fetch(`${server.url}${API_PREFIX}/sync/clients/pull`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      const allowed = await preflight('http://127.0.0.1:5199');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5199');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      const other = await preflight('http://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
