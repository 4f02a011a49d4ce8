/**
 * The server under abuse from one client: refusals by Node's parser and fastify in the protocol's
 * error shape (over raw sockets, since fetch cannot send malformed requests), per-device caps,
 * push bodies refused while they arrive, CORS for the desktop app, and the update feed. These do
 * not depend on the database, so they run on PGlite only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, errorBodySchema } from '../../src/shared/sync/protocol';
import { useBackend } from './support/backends';
import { call, enrolDevice, errorCode, openStream, pull, push, registerPractice, sealedDoc, startServer, type EventStream, type TestServer } from './support/server';

const backend = useBackend('pglite');
const servers: TestServer[] = [];
const streams: EventStream[] = [];
afterEach(async () => {
  streams.splice(0).forEach((stream) => stream.close());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof startServer>[1] = {}): Promise<TestServer> {
  const server = await startServer(backend.storage, { logger: false, ...options });
  servers.push(server);
  return server;
}

interface RawReply {
  status: number;
  headers: string;
  body: string;
}

/** Writes `parts` to a fresh connection (in order, `pauseMs` apart), half-closes unless told not to, and reads the answer. */
function raw(server: TestServer, parts: Array<string | Buffer>, options: { halfClose?: boolean; pauseMs?: number } = {}): Promise<RawReply> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', async () => {
      for (const part of parts) {
        if (socket.destroyed) break;
        socket.write(part);
        if (options.pauseMs) await new Promise((wait) => setTimeout(wait, options.pauseMs));
      }
      if (options.halfClose !== false && !socket.destroyed) socket.end();
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      // One answer is enough: the server may keep the connection open.
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.slice(0, head));
      if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const head = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!status || head < 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      resolve({ status: Number(status[1]), headers: text.slice(0, head).toLowerCase(), body: text.slice(head + 4) });
    });
  });
}

function shape(reply: RawReply): string {
  return errorBodySchema.parse(JSON.parse(reply.body)).error.code;
}

const post = (path: string, headers: string[], body = ''): string => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;

describe('refusals before any route, in the documented shape', () => {
  it.each([
    ['a malformed request line', ['GARBAGE / NOT-HTTP\r\n\r\n'], 400, 'bad_request'],
    ['headers over 16 KiB', [`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Synthetic: ${'a'.repeat(20_000)}\r\n\r\n`], 431, 'bad_request'],
    ['two Content-Length headers that disagree', [post('/v1/practices', ['Content-Type: application/json', 'Content-Length: 2', 'Content-Length: 3'], '{}')], 400, 'bad_request'],
    ['Content-Length with chunked Transfer-Encoding', [post('/v1/practices', ['Content-Type: application/json', 'Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\n')], 400, 'bad_request'],
    ['a body cut short by the client', [post('/v1/practices', ['Content-Type: application/json', 'Content-Length: 100'], '{"deviceName":')], 400, 'bad_request'],
    ['a body over the limit', [post('/v1/practices', ['Content-Type: application/json', 'Content-Length: 70000'], 'a'.repeat(70_000))], 413, 'payload_too_large'],
    ['a body that is not JSON', [post('/v1/practices', ['Content-Type: text/plain', 'Content-Length: 2'], 'hi')], 415, 'unsupported_media_type'],
    ['a path that climbs out of the update feed', ['GET /updates/../package.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'], 404, 'not_found'],
  ])('%s', async (_name, parts, status, code) => {
    const server = await serve();
    const reply = await raw(server, parts);
    expect(reply.status).toBe(status);
    expect(reply.headers).toContain('content-type: application/json');
    expect(shape(reply)).toBe(code);
  });
});

describe('per-device caps', () => {
  it('refuses requests over the rate with 429 and Retry-After, per device', async () => {
    const server = await serve({ deviceLimits: { requestsPerMinute: 3 } });
    const admin = await registerPractice(server);
    // The enrolment is the administrator's first request of the minute.
    const member = await enrolDevice(server, admin.token);
    for (let i = 0; i < 2; i++) expect((await pull(server, admin.token, 'clients')).status).toBe(200);
    const refused = await pull(server, admin.token, 'clients');
    expect([refused.status, errorCode(refused)]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another device of the practice is not affected.
    expect((await pull(server, member.token, 'clients')).status).toBe(200);
  });

  it('refuses more requests at once than allowed, and takes them again once one has answered', async () => {
    const server = await serve({ deviceLimits: { concurrentRequests: 1 } });
    const admin = await registerPractice(server);
    const body = JSON.stringify([{ newDocumentState: sealedDoc('slow-1') }]);
    // A push whose body trickles in holds the device's one slot while it arrives.
    const headers = [`Authorization: Bearer ${admin.token}`, 'Content-Type: application/json', `Content-Length: ${body.length}`];
    const slow = raw(server, [post(`${API_PREFIX}/sync/clients/push`, headers), body.slice(0, 10), body.slice(10)], { pauseMs: 700 });
    await new Promise((wait) => setTimeout(wait, 300));
    const refused = await pull(server, admin.token, 'clients');
    expect([refused.status, errorCode(refused)]).toEqual([429, 'rate_limited']);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect((await slow).status).toBe(200);
    expect((await pull(server, admin.token, 'clients')).body.documents.map((doc) => doc.id)).toEqual(['slow-1']);
  });

  it('refuses a stream over the per-device cap, and accepts one again when another closes', async () => {
    const server = await serve({ deviceLimits: { streams: 2 } });
    const admin = await registerPractice(server);
    streams.push(await openStream(server, admin.token, null), await openStream(server, admin.token, 'clients'));
    const refused = await call(server, 'GET', `${API_PREFIX}/sync/stream`, { token: admin.token });
    expect([refused.status, errorCode(refused)]).toEqual([429, 'rate_limited']);
    streams[0]!.close();
    await streams[0]!.ended;
    let again: EventStream | undefined;
    await expect
      .poll(async () => {
        again = await openStream(server, admin.token, null).catch(() => undefined);
        return again !== undefined;
      })
      .toBe(true);
    streams.push(again!);
  });
});

describe('push bodies are refused while they arrive', () => {
  it.each([
    ['deep nesting', '['.repeat(16 * 1024 * 1024 - 16), 'nested deeper than'],
    ['millions of tiny values', `[${'1,'.repeat(8 * 1024 * 1024 - 16)}1]`, 'too many values'],
  ])('%s: 400 at once, while the server keeps answering', async (_name, body, message) => {
    const server = await serve();
    const admin = await registerPractice(server);
    const reply = await call(server, 'POST', `${API_PREFIX}/sync/clients/push`, { token: admin.token, rawBody: body, headers: { 'content-type': 'application/json' } });
    expect([reply.status, errorCode(reply)]).toEqual([400, 'bad_request']);
    expect((reply.body as { error: { message: string } }).error.message).toContain(message);
    // The rest of the body is still on its way: the connection closes rather than carry another request.
    expect(reply.headers.get('connection')).toBe('close');
    // A well-formed push still goes through.
    expect((await push(server, admin.token, 'clients', [{ newDocumentState: sealedDoc('after-attack') }])).status).toBe(200);
  });
});

describe('CORS', () => {
  it("answers the desktop app's origin by default, and neither null nor unlisted origins", async () => {
    const server = await serve();
    const preflight = (origin: string) => call(server, 'OPTIONS', `${API_PREFIX}/sync/stream`, { headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const allowed = await preflight('app://waypoint');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('app://waypoint');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await call(server, 'GET', '/healthz', { headers: { origin: 'app://waypoint' } })).headers.get('access-control-allow-origin')).toBe('app://waypoint');
    for (const origin of ['null', 'http://unlisted.example', 'app://waypoint.example']) {
      const refused = await preflight(origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect((await call(server, 'GET', '/healthz', { headers: { origin } })).headers.get('access-control-allow-origin')).toBeNull();
    }
    // A configured list replaces the default (main.ts always includes the app's origin).
    const other = await serve({ corsOrigins: ['http://127.0.0.1:5199'] });
    expect((await call(other, 'GET', '/healthz', { headers: { origin: 'http://127.0.0.1:5199' } })).headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5199');
  });
});

describe('the update feed', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'waypoint-updates-'));
    mkdirSync(join(dir, 'feed'));
    writeFileSync(join(dir, 'feed', 'latest.yml'), 'version: 0.2.0\npath: Waypoint-Setup-0.2.0.exe\n');
    writeFileSync(join(dir, 'feed', 'Waypoint-Setup-0.2.0.exe'), Buffer.alloc(4096, 7));
    writeFileSync(join(dir, 'feed', '.env'), 'SYNTHETIC_SECRET=1');
    writeFileSync(join(dir, 'outside.txt'), 'not part of the feed');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the files of its directory read-only, and nothing else', async () => {
    const server = await serve({ updatesDir: join(dir, 'feed') });
    const feed = await call(server, 'GET', '/updates/latest.yml');
    expect([feed.status, feed.body]).toEqual([200, 'version: 0.2.0\npath: Waypoint-Setup-0.2.0.exe\n']);
    expect(feed.headers.get('cache-control')).toContain('max-age=0');
    const installer = await fetch(`${server.url}/updates/Waypoint-Setup-0.2.0.exe`);
    expect([installer.status, (await installer.arrayBuffer()).byteLength]).toEqual([200, 4096]);
    expect((await call(server, 'HEAD', '/updates/latest.yml')).status).toBe(200);
    for (const path of ['/updates/', '/updates/missing.yml', '/updates/.env', '/updates/%2e%2e/outside.txt', '/updates/..%2foutside.txt', '/updates/%2e%2e%5coutside.txt', '/updates/latest.yml%00.txt']) {
      const reply = await call(server, 'GET', path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.status, path).toBeLessThan(500);
      expect(() => errorCode(reply), path).not.toThrow();
      expect(JSON.stringify(reply.body)).not.toContain('not part of the feed');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await call(server, method, '/updates/latest.yml', { body: {} })).status).toBe(404);
    expect((await raw(server, ['GET /updates/../outside.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'])).body).not.toContain('not part of the feed');
  });

  it('is absent unless configured', async () => {
    const server = await serve();
    expect(errorCode(await call(server, 'GET', '/updates/latest.yml'))).toBe('not_found');
  });
});
