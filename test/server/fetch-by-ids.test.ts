/**
 * Bringing archived clients back (docs/RETENTION.md): POST /sync/:collection/fetch answers the
 * server's current versions of the ids asked for, of the caller's practice only, over real HTTP on
 * PGlite and PostgreSQL; malformed requests are refused with 400 and unknown collections with 404.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_PREFIX, LIMITS, type FetchResponse } from '../../src/shared/sync/protocol';
import { BACKENDS, useBackend } from './support/backends';
import { call, errorCode, push, registerPractice, sealedDoc, startServer, type TestServer } from './support/server';

describe.each(BACKENDS)('fetch by ids on %s', (name) => {
  const backend = useBackend(name);
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const serve = async (): Promise<TestServer> => {
    const server = await startServer(backend.storage, { registrationSecret: 'synthetic-registration-secret-0123' });
    servers.push(server);
    return server;
  };
  const fetchIds = (server: TestServer, token: string, collection: string, body: unknown) =>
    call<FetchResponse>(server, 'POST', `${API_PREFIX}/sync/${collection}/fetch`, { token, body });

  it('answers the current versions, tombstones included, and leaves out ids the practice never held', async () => {
    const server = await serve();
    const practice = await registerPractice(server, { registrationSecret: 'synthetic-registration-secret-0123' });
    const other = await registerPractice(server, { registrationSecret: 'synthetic-registration-secret-0123' });
    const v1 = sealedDoc('episode-a');
    const v2 = sealedDoc('episode-a', 2);
    const b1 = sealedDoc('episode-b');
    const gone = { ...sealedDoc('episode-b', 2), _deleted: true };
    await push(server, practice.token, 'episodes', [{ newDocumentState: v1 }, { newDocumentState: b1 }, { newDocumentState: sealedDoc('episode-c') }]);
    await push(server, practice.token, 'episodes', [{ assumedMasterState: v1, newDocumentState: v2 }, { assumedMasterState: b1, newDocumentState: gone }]);
    await push(server, other.token, 'episodes', [{ newDocumentState: sealedDoc('episode-z') }]);

    const reply = await fetchIds(server, practice.token, 'episodes', { ids: ['episode-b', 'episode-a', 'episode-z', 'episode-never'] });
    expect(reply.status).toBe(200);
    expect(reply.body.documents).toEqual([v2, gone]);
    // Another practice's ids are not there for it, nor another collection's.
    expect((await fetchIds(server, other.token, 'episodes', { ids: ['episode-a'] })).body.documents).toEqual([]);
    expect((await fetchIds(server, practice.token, 'clients', { ids: ['episode-a'] })).body.documents).toEqual([]);
  });

  it('refuses malformed requests with 400, an unknown collection with 404, no token with 401', async () => {
    const server = await serve();
    const practice = await registerPractice(server, { registrationSecret: 'synthetic-registration-secret-0123' });
    const tooMany = Array.from({ length: LIMITS.pullBatch + 1 }, (_, i) => `id-${i}`);
    for (const body of [{}, { ids: [] }, { ids: 'episode-a' }, { ids: [42] }, { ids: ['has space'] }, { ids: ['x'.repeat(LIMITS.idChars + 1)] }, { ids: tooMany }, { ids: ['a'], extra: 1 }, []]) {
      const reply = await fetchIds(server, practice.token, 'episodes', body);
      expect(reply.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(errorCode(reply)).toBe('bad_request');
    }
    const unknown = await fetchIds(server, practice.token, 'nope', { ids: ['a'] });
    expect(unknown.status).toBe(404);
    expect((await call(server, 'POST', `${API_PREFIX}/sync/episodes/fetch`, { body: { ids: ['a'] } })).status).toBe(401);
  });
});
