/** A real server on 127.0.0.1:<free port>, and a small client speaking the protocol over fetch. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createSyncServer, type Storage, type SyncServer, type SyncServerOptions } from '../../../src/server';
import { API_PREFIX, errorBodySchema, streamEventSchema, type PullResponse, type StreamEvent, type SyncCollection, type SyncDocument } from '../../../src/shared/sync/protocol';

export interface TestServer {
  app: SyncServer;
  url: string;
  /** Every log line the server wrote (JSON). */
  logs: string[];
  close(): Promise<void>;
}

export async function startServer(storage: Storage, options: Partial<SyncServerOptions> = {}): Promise<TestServer> {
  const logs: string[] = [];
  const app = createSyncServer({ storage, logger: { level: 'info', stream: { write: (line) => void logs.push(line) } }, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, instead of JSON of `body`. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/** One HTTP request; the body is parsed as JSON when it is JSON. */
export async function call<T = unknown>(server: { url: string }, method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Asserts the protocol's error shape and returns its code. */
export function errorCode(reply: Reply): string {
  const parsed = errorBodySchema.safeParse(reply.body);
  if (!parsed.success) throw new Error(`not an ErrorBody (status ${reply.status}): ${JSON.stringify(reply.body).slice(0, 200)}`);
  return parsed.data.error.code;
}

export const b64 = (bytes: number): string => randomBytes(bytes).toString('base64url');

export interface DeviceCredentials {
  practiceId: string;
  deviceId: string;
  token: string;
}

export async function registerPractice(server: { url: string }, body: Record<string, unknown> = {}): Promise<DeviceCredentials> {
  const reply = await call<DeviceCredentials>(server, 'POST', `${API_PREFIX}/practices`, { body: { deviceName: 'Synthetic admin laptop', ...body } });
  if (reply.status !== 201) throw new Error(`registration failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export interface EnrolmentCode {
  lookupId: string;
  verifier: string;
  wrappedKey: string;
}

export function newEnrolmentCode(): EnrolmentCode {
  return { lookupId: b64(16), verifier: b64(32), wrappedKey: `wrapped.${b64(48)}` };
}

export async function createEnrolment(server: { url: string }, adminToken: string, code: EnrolmentCode, extra: Record<string, unknown> = {}): Promise<Reply> {
  return call(server, 'POST', `${API_PREFIX}/enrolments`, { token: adminToken, body: { ...code, expiresAt: Date.now() + 60_000, ...extra } });
}

export async function redeem(server: { url: string }, code: EnrolmentCode, deviceName = 'Synthetic member laptop'): Promise<Reply> {
  return call(server, 'POST', `${API_PREFIX}/enrol`, { body: { lookupId: code.lookupId, verifier: code.verifier, deviceName } });
}

/** A device of an existing practice, enrolled through the real endpoints. */
export async function enrolDevice(server: { url: string }, adminToken: string, role: 'admin' | 'member' = 'member'): Promise<DeviceCredentials> {
  const code = newEnrolmentCode();
  const created = await createEnrolment(server, adminToken, code, { role });
  if (created.status !== 201) throw new Error(`enrolment failed: ${created.status}`);
  const reply = await redeem(server, code);
  if (reply.status !== 201) throw new Error(`redeem failed: ${reply.status}`);
  return reply.body as DeviceCredentials;
}

/**
 * A document with an envelope of the right shape (random bytes: the server never opens it).
 * The cast: zod's inferred type (string index signature beside numeric fields) admits no literal.
 */
export function sealedDoc(id: string, rev = 1, extra: Record<string, unknown> = {}): SyncDocument {
  return { id, rev, updatedAt: 1_700_000_000_000 + rev, sealed: `w1.A256GCM.testkey01.${b64(12)}.${b64(40)}`, _deleted: false, ...extra } as SyncDocument;
}

export async function push(server: { url: string }, token: string, collection: SyncCollection, rows: unknown): Promise<Reply> {
  return call(server, 'POST', `${API_PREFIX}/sync/${collection}/push`, { token, body: rows });
}

export async function pull(server: { url: string }, token: string, collection: SyncCollection, seq = 0, limit?: number): Promise<Reply<PullResponse>> {
  return call<PullResponse>(server, 'GET', `${API_PREFIX}/sync/${collection}/pull?seq=${seq}${limit === undefined ? '' : `&limit=${limit}`}`, { token });
}

export interface EventStream {
  /** The next `data:` event, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Number of heartbeat comments seen. */
  heartbeats(): number;
  close(): void;
}

/** Opens an SSE stream with fetch (an EventSource cannot send an Authorization header); `null`: every collection. */
export async function openStream(server: { url: string }, token: string, collection: SyncCollection | null): Promise<EventStream> {
  const controller = new AbortController();
  const path = collection === null ? '/sync/stream' : `/sync/${collection}/stream`;
  const response = await fetch(`${server.url}${API_PREFIX}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`stream refused: ${response.status} ${await response.text()}`);
  const events: StreamEvent[] = [];
  const waiters: Array<() => void> = [];
  let heartbeats = 0;
  let connected: () => void = () => undefined;
  const isConnected = new Promise<void>((resolve) => (connected = resolve));
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (message === ': connected') connected();
          else if (message === ': ping') heartbeats += 1;
          else if (message.startsWith('data: ')) events.push(streamEventSchema.parse(JSON.parse(message.slice(6))));
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by close()
    }
    waiters.splice(0).forEach((wake) => wake());
  })();
  let done = false;
  void ended.then(() => (done = true));
  await isConnected;
  return {
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length === 0) {
        if (done) throw new Error('the stream ended');
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error('no event in time');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return events.shift()!;
    },
    ended,
    heartbeats: () => heartbeats,
    close: () => controller.abort(),
  };
}
