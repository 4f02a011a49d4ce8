/**
 * Bad input never causes a 5xx and never writes a document. fast-check sends thousands of
 * malformed requests across every endpoint (broken JSON, wrong types, huge and negative numbers,
 * wrong content types, missing, forged and revoked tokens, unknown collections, oversize bodies);
 * every answer must be a 4xx (or a 2xx for a harmless read) with the protocol's error shape, and
 * the documents table must be byte for byte what it was.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { API_PREFIX, LIMITS, SYNC_COLLECTIONS } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import { b64, call, enrolDevice, errorCode, newEnrolmentCode, push, registerPractice, sealedDoc, startServer, type DeviceCredentials, type TestServer } from './support/server';

const SECRET = 'synthetic-registration-secret-fuzz';
/** CI's size; FUZZ_RUNS=20000 for a longer run on demand. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2_000);
/** A fixed seed, so a CI failure replays; FUZZ_SEED=random draws a new one, FUZZ_SEED=<n> replays a report. */
const SEED_SETTING = process.env['FUZZ_SEED'] ?? '20261207';
const SEED = SEED_SETTING === 'random' ? Date.now() % 2 ** 31 : Number(SEED_SETTING);

interface Actors {
  adminA: DeviceCredentials;
  memberA: DeviceCredentials;
  revoked: DeviceCredentials;
  adminB: DeviceCredentials;
}

/** Values of the wrong type or size for most fields. */
const badValue = fc.oneof(
  fc.constantFrom(null, true, -1, 0, 1.5, -1e308, 1e308, 2 ** 53 + 2, '', 'x'.repeat(70_000), [], {}, { nested: { deeper: [1] } }, '1', 'NaN', '-0'),
  fc.string({ maxLength: 8 }).map((text) => ({ text })),
);

/** For each document field, values that are wrong there whatever the rest of the document. */
const INVALID: Record<string, unknown[]> = {
  id: [null, 1, '', '-leading-dash', 'x'.repeat(LIMITS.idChars + 1), 'a b', 'é', {}, []],
  rev: [0, -1, 1.5, '1', null, 1e10, 2 ** 53 + 2, []],
  updatedAt: [-1, 1.5, '5', null, 1e300, 8.64e15 + 2, true],
  sealed: ['', 'plaintext', 'w2.abc', 'w1.a b', 1, null, {}],
  _deleted: ['false', 0, 1, null, []],
  kind: [1, null, true, {}, [], 'x'.repeat(LIMITS.metadataChars + 1), 'nul\u0000', 'lone\ud800'],
  'Not-A-Key!': ['x'],
};

/** A push batch of valid rows with exactly one field of one row made invalid. */
function brokenPush(): fc.Arbitrary<unknown> {
  const mutation = fc.constantFrom(...Object.keys(INVALID)).chain((field) => fc.tuple(fc.constant(field), fc.constantFrom(...INVALID[field]!)));
  return fc.record({ size: fc.integer({ min: 1, max: 5 }), at: fc.nat(), mutation, inAssumed: fc.boolean() }).map(({ size, at, mutation: [field, value], inAssumed }) => {
    const rows: Array<Record<string, unknown>> = Array.from({ length: size }, (_, i) => ({ newDocumentState: sealedDoc(`fuzz-${i}`) }));
    const row = rows[at % size]!;
    row[inAssumed ? 'assumedMasterState' : 'newDocumentState'] = { ...(row['newDocumentState'] as object), [field]: value };
    return rows;
  });
}

function bodies(): fc.Arbitrary<{ raw?: string; json?: unknown }> {
  return fc.oneof(
    fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
    fc.string({ unit: 'binary', maxLength: 100 }).map((raw) => ({ raw })),
    fc.constantFrom('{', '[{', '{"a":}', 'nul', '[1,2', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '[' + '['.repeat(5_000)).map((raw) => ({ raw })),
    fc.jsonValue({ maxDepth: 4 }).map((json) => ({ json })),
    brokenPush().map((json) => ({ json })),
    fc.record({ deviceName: fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 20 }), badValue), registrationSecret: fc.oneof(fc.string({ maxLength: 300 }), badValue) }, { requiredKeys: [] }).map((json) => ({ json })),
    fc.record({ lookupId: fc.oneof(fc.constant(b64(16)), badValue), verifier: fc.oneof(fc.constant(b64(32)), badValue), deviceName: fc.oneof(fc.constant('Fuzz laptop'), badValue) }).map((json) => ({ json })),
    fc.record({ ...newEnrolmentCodeArb(), expiresAt: fc.oneof(badValue, fc.integer({ min: -1e15, max: 0 }), fc.constant(8.64e15)), role: fc.oneof(fc.constantFrom('admin', 'member', 'owner'), badValue) }).map((json) => ({ json })),
    fc.constant({ raw: 'x'.repeat(LIMITS.bodyBytes / 64 + 1) }),
  );
}

function newEnrolmentCodeArb() {
  const code = newEnrolmentCode();
  return { lookupId: fc.oneof(fc.constant(code.lookupId), badValue), verifier: fc.oneof(fc.constant(code.verifier), badValue), wrappedKey: fc.oneof(fc.constant(code.wrappedKey), badValue) };
}

const collection = fc.oneof(fc.constantFrom(...SYNC_COLLECTIONS), fc.constantFrom('nope', 'Clients', '..', '%2e%2e', 'clients%00', 'x'.repeat(300), '__proto__'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
const queryValue = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.constantFrom('1e400', '-1', '9007199254740993', '0x10', ''));
const query = fc.array(fc.tuple(fc.constantFrom('seq', 'limit', 'other'), queryValue), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

function requests(actors: () => Actors) {
  const auth = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('adminA', 'memberA', 'revoked', 'adminB').map((who) => `Bearer ${actors()[who as keyof Actors].token}`),
    fc.constant(`Bearer ${b64(32)}`),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer   x', `Bearer ${'A'.repeat(43)} extra`),
    fc.stringMatching(/^[ -~]{0,60}$/).map((text) => `Bearer ${text}`),
  );
  const path = fc.oneof(
    fc.constantFrom('/healthz', '/readyz', `${API_PREFIX}/practices`, `${API_PREFIX}/enrolments`, `${API_PREFIX}/enrol`, `${API_PREFIX}/devices`, `${API_PREFIX}/`, '/', `${API_PREFIX}/sync`),
    fc.oneof(fc.string({ maxLength: 70 }).map(encodeURIComponent), fc.constant(b64(8))).map((id) => `${API_PREFIX}/devices/${id}`),
    fc.tuple(collection, fc.constantFrom('pull', 'push', 'stream', 'other'), query).map(([c, op, q]) => `${API_PREFIX}/sync/${c}/${op}${q}`),
  );
  const method = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') }, fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'HEAD'));
  const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=latin1');
  return fc.record({ method, path, auth, contentType, body: fc.option(bodies(), { nil: undefined }) });
}

async function snapshot(storage: { query<R>(sql: string): Promise<R[]> }): Promise<string> {
  const rows = await storage.query<{ row: string }>('SELECT d::text AS row FROM documents d ORDER BY practice_id, collection, id');
  return rows.map((row) => row.row).join('\n');
}

describe.each(BACKENDS)('bad input on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer;
  let actors: Actors;
  let before: string;

  afterAll(async () => server?.close());

  /** Two practices with documents, a member and a revoked device (the database is emptied before each test). */
  async function world(): Promise<void> {
    server = await startServer(backend.storage, { registrationSecret: SECRET, logger: false, handlerTimeoutMs: 10_000 });
    const adminA = await registerPractice(server, { registrationSecret: SECRET });
    const memberA = await enrolDevice(server, adminA.token);
    const revoked = await enrolDevice(server, adminA.token);
    expect((await call(server, 'DELETE', `${API_PREFIX}/devices/${revoked.deviceId}`, { token: adminA.token })).status).toBe(204);
    const adminB = await registerPractice(server, { registrationSecret: SECRET });
    actors = { adminA, memberA, revoked, adminB };
    for (const [token, prefix] of [
      [adminA.token, 'a'],
      [adminB.token, 'b'],
    ] as const) {
      expect((await push(server, token, 'clients', [0, 1, 2].map((i) => ({ newDocumentState: sealedDoc(`${prefix}-${i}`, 1, { kind: 'client' }) })))).status).toBe(200);
    }
    before = await snapshot(backend.storage);
    expect(before.split('\n')).toHaveLength(6);
  }

  it(`answers ${RUNS} malformed requests with 4xx and writes nothing`, async () => {
    await world();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests(() => actors), async (request) => {
        const headers: Record<string, string> = {};
        if (request.auth !== undefined) headers['authorization'] = request.auth;
        if (request.contentType !== undefined) headers['content-type'] = request.contentType;
        const canHaveBody = request.method !== 'GET' && request.method !== 'HEAD';
        const body = canHaveBody && request.body ? (request.body.raw ?? JSON.stringify(request.body.json)) : undefined;
        const controller = new AbortController();
        // A request the server never answers is a failure too, reported with its counterexample.
        const timer = setTimeout(() => controller.abort(new Error('no answer within 10 s')), 10_000);
        const response = await fetch(`${server.url}${request.path}`, { method: request.method, headers, body, signal: controller.signal }).finally(() => clearTimeout(timer));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${request.method} ${request.path.slice(0, 120)}`).toBeLessThan(500);
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
          controller.abort();
          return;
        }
        const text = await response.text();
        if (response.status >= 400 && request.method !== 'HEAD') errorCode({ status: response.status, body: JSON.parse(text), headers: response.headers });
      }),
      // endOnFailure: report the first counterexample at once rather than shrinking past the timeout.
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The fuzz reached the handlers, not only the front door.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 401, 404, 413, 415]));
    expect(await snapshot(backend.storage)).toBe(before);
    expect((await call(server, 'GET', '/readyz')).status).toBe(200);
  }, 60_000 * Math.max(1, RUNS / 2_000));

  it('refuses a body over the limit, an over-long envelope and deep nesting without writing', async () => {
    await world();
    const oversize = [{ newDocumentState: sealedDoc('big', 1, { sealed: `w1.${'A'.repeat(LIMITS.bodyBytes)}` }) }];
    const big = await push(server, actors.adminA.token, 'clients', oversize);
    expect(big.status).toBe(413);
    expect(errorCode(big)).toBe('payload_too_large');
    const sealedTooLong = await push(server, actors.adminA.token, 'clients', [{ newDocumentState: sealedDoc('long', 1, { sealed: `w1.${'A'.repeat(LIMITS.sealedChars)}` }) }]);
    expect(sealedTooLong.status).toBe(400);
    const deep = await call(server, 'POST', `${API_PREFIX}/sync/clients/push`, { token: actors.adminA.token, rawBody: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, headers: { 'content-type': 'application/json' } });
    expect(deep.status).toBe(400);
    expect(await snapshot(backend.storage)).toBe(before);
  });

  it('refuses text PostgreSQL cannot store (NUL, lone surrogates) instead of failing', async () => {
    await world();
    for (const text of ['nul\u0000byte', 'lone\ud800high', 'lone\udc00low']) {
      const pushed = await push(server, actors.adminA.token, 'clients', [{ newDocumentState: sealedDoc('text-1', 1, { kind: text }) }]);
      expect(pushed.status).toBe(400);
      const code = newEnrolmentCode();
      const enrolment = await call(server, 'POST', `${API_PREFIX}/enrolments`, { token: actors.adminA.token, body: { ...code, wrappedKey: text, expiresAt: Date.now() + 60_000 } });
      expect(enrolment.status).toBe(400);
      const registered = await call(server, 'POST', `${API_PREFIX}/practices`, { body: { deviceName: text, registrationSecret: SECRET } });
      expect(registered.status).toBe(400);
    }
    expect(await snapshot(backend.storage)).toBe(before);
  });
});
