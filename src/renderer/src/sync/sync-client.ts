/**
 * The device's side of the sync protocol (src/shared/sync/protocol.ts) over HTTP: every request has
 * a timeout, every answer is parsed against the protocol, and failures say what went wrong in
 * words a person can act on. Nothing here knows about RxDB; replication.ts builds on it.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { z } from 'zod';
import {
  deviceKeysResponseSchema,
  relaysResponseSchema,
  API_PREFIX,
  createEnrolmentResponseSchema,
  devicesResponseSchema,
  errorBodySchema,
  practiceInfoSchema,
  fetchResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  redeemEnrolmentResponseSchema,
  registerResponseSchema,
  streamEventSchema,
  type Checkpoint,
  type DeviceInfo,
  type PracticeInfo,
  type StreamEvent,
  type PullResponse,
  type PushResponse,
  type PushRow,
  type SyncCollection,
  type SyncDocument,
} from '../../../shared/sync/protocol';
import { APP_VERSION_HEADER } from '../../../shared/sync/app-version';
import { normaliseServerUrl } from '../../../shared/sync/server-url';
import type { WaypointBridge } from '../../../shared/bridge';
import { st } from '../i18n/staff';

/** The typed address, normalised, once the desktop app agreed to let the window reach it. */
export async function chooseServer(bridge: Pick<WaypointBridge, 'useSyncServer'>, input: string): Promise<string> {
  const serverUrl = normaliseServerUrl(input);
  if (!(await bridge.useSyncServer(serverUrl))) throw new Error(st('services.sync.serverKept'));
  return serverUrl;
}

/** Rural links are slow: generous, but never unbounded. */
export const REQUEST_TIMEOUT_MS = 30_000;

export class SyncHttpError extends Error {
  override readonly name = 'SyncHttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
  /** 401/403: this device's token is no longer accepted (revoked or unknown). Retrying will not help. */
  get refused(): boolean {
    return this.status === 401 || this.status === 403;
  }
  /** 426: this app is older than the practice allows; an update will help. */
  get updateRequired(): boolean {
    return this.code === 'update_required';
  }
}

/** The server could not be reached (offline, DNS, TLS, timeout). */
export class SyncOfflineError extends Error {
  override readonly name = 'SyncOfflineError';
}

export interface SyncEndpoint {
  /** e.g. https://sync.example.org — no trailing slash needed. */
  serverUrl: string;
  token?: string;
  /** Stated on every request (APP_VERSION_HEADER): the server refuses pushes of apps below the practice's minimum. */
  appVersion: string;
}

export class SyncClient {
  private readonly base: string;

  constructor(private readonly endpoint: SyncEndpoint) {
    this.base = `${normaliseServerUrl(endpoint.serverUrl)}${API_PREFIX}`;
  }

  /** `schema` null: the answer's body is not needed (e.g. 204 No Content). */
  /** `signal`: ends the request early (the caller stopped); it then fails as unreachable. */
  private async request<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', [APP_VERSION_HEADER]: this.endpoint.appVersion };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // eslint-disable-next-line no-restricted-syntax -- an HTTP authentication scheme, not words
    if (this.endpoint.token) headers['authorization'] = `Bearer ${this.endpoint.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal === undefined ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), signal]),
      });
    } catch (error) {
            throw new SyncOfflineError(error instanceof DOMException && error.name === 'TimeoutError' ? st('services.sync.serverTimedOut') : st('services.sync.serverUnreachable'));
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(safeJson(text));
      throw parsed.success
        ? new SyncHttpError(parsed.data.error.message, response.status, parsed.data.error.code)
        : new SyncHttpError(st('services.sync.serverAnswered', { status: response.status }), response.status, 'http_error');
    }
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) throw new SyncHttpError(st('services.sync.serverNotUnderstood'), response.status, 'bad_response');
    return parsed.data;
  }

  register(deviceName: string, registrationSecret?: string) {
    return this.request('POST', '/practices', registerResponseSchema, { deviceName, ...(registrationSecret ? { registrationSecret } : {}) });
  }

  createEnrolment(input: { lookupId: string; verifier: string; wrappedKey: string; expiresAt: number; role: 'admin' | 'member' }) {
    return this.request('POST', '/enrolments', createEnrolmentResponseSchema, input);
  }

  redeemEnrolment(input: { lookupId: string; verifier: string; deviceName: string }) {
    return this.request('POST', '/enrol', redeemEnrolmentResponseSchema, input);
  }

  async devices(): Promise<DeviceInfo[]> {
    return (await this.request('GET', '/devices', devicesResponseSchema)).devices;
  }

  async revokeDevice(deviceId: string): Promise<void> {
    await this.request('DELETE', `/devices/${encodeURIComponent(deviceId)}`, null);
  }

  /** Key epochs (`key-relay.ts`): this device's public key and its attestation. */
  async publishDeviceKey(publicKey: string, attestation: string): Promise<void> {
    await this.request('PUT', '/devices/self/key', null, { publicKey, attestation });
  }

  async deviceKeys(): Promise<{ deviceId: string; publicKey: string; attestation: string }[]> {
    return (await this.request('GET', '/devices/keys', deviceKeysResponseSchema)).devices;
  }

  async publishEpoch(keyId: string, previous: string, relays: { deviceId: string; relay: string }[]): Promise<void> {
    await this.request('POST', '/epochs', null, { keyId, previous, relays });
  }

  /** The key epochs relayed to this device, oldest first. */
  async relays(): Promise<{ keyId: string; relay: string }[]> {
    return (await this.request('GET', '/epochs', relaysResponseSchema)).relays;
  }

  /** The server's protocol version and the practice's minimum app version. */
  practice(): Promise<PracticeInfo> {
    return this.request('GET', '/practice', practiceInfoSchema);
  }

  setMinAppVersion(minAppVersion: string | null): Promise<PracticeInfo> {
    return this.request('PUT', '/practice/min-app-version', practiceInfoSchema, { minAppVersion });
  }

  /** `count: false`: the server leaves out how many remain (counting costs it a read of every later row). */
  pull(collection: SyncCollection, checkpoint: Checkpoint | undefined, limit: number, { count = true, signal }: { count?: boolean; signal?: AbortSignal } = {}): Promise<PullResponse> {
    return this.request('GET', `/sync/${collection}/pull?seq=${checkpoint?.seq ?? 0}&limit=${limit}${count ? '' : '&count=false'}`, pullResponseSchema, undefined, signal);
  }

  /** The conflicts (the server's versions), and which of them descend from the version pushed. */
  push(collection: SyncCollection, rows: PushRow[]): Promise<PushResponse> {
    return this.request('POST', `/sync/${collection}/push`, pushResponseSchema, rows);
  }

  /** The server's current versions of these ids (docs/RETENTION.md: bringing back). */
  async fetch(collection: SyncCollection, ids: readonly string[]): Promise<SyncDocument[]> {
    return (await this.request('POST', `/sync/${collection}/fetch`, fetchResponseSchema, { ids })).documents;
  }

  /**
   * Opens the live stream of changes to every collection. EventSource cannot send an Authorization header, so the
   * stream is read with fetch. Resolves when the stream ends (server restart, network drop);
   * rejects on refusal. `onOpen` runs once connected: the caller resyncs then, since changes
   * made while it was away are not replayed.
   */
  async stream(onEvent: (event: StreamEvent) => void, onOpen: () => void, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/sync/stream`, {
        // eslint-disable-next-line no-restricted-syntax -- an HTTP authentication scheme, not words
        headers: { accept: 'text/event-stream', [APP_VERSION_HEADER]: this.endpoint.appVersion, ...(this.endpoint.token ? { authorization: `Bearer ${this.endpoint.token}` } : {}) },
        signal,
      });
    } catch {
      throw new SyncOfflineError(st('services.sync.serverUnreachable'));
    }
    if (!response.ok || !response.body) {
      const parsed = errorBodySchema.safeParse(safeJson(await response.text().catch(() => '')));
      throw new SyncHttpError(parsed.success ? parsed.data.error.message : st('services.sync.serverAnswered', { status: response.status }), response.status, parsed.success ? parsed.data.error.code : 'http_error');
    }
    onOpen();
    // Heartbeats (`:` lines) and events without data are the parser's to skip; `data:` carries the JSON.
    const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const parsed = streamEventSchema.safeParse(safeJson(value.data));
        if (parsed.success) onEvent(parsed.data);
      }
    } catch (error) {
      if (signal.aborted) return;
      throw new SyncOfflineError(error instanceof Error ? st('services.sync.liveDroppedBecause', { error: error.message }) : st('services.sync.liveDropped'));
    } finally {
      reader.releaseLock();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
