/**
 * Replication endpoints (RxDB's protocol): pull by checkpoint, push with the assumed master state,
 * and a server-sent-events stream. The server stores of a document only its routing fields (id,
 * rev, updatedAt, _deleted) and its envelope, which it never opens and which states the payload
 * version; query fields a device of release 0.1.0 still sends are kept on its w1 rows only (docs/SERVER.md).
 */
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  LIMITS,
  fetchRequestSchema,
  pullQuerySchema,
  type FetchResponse,
  pushRequestSchema,
  syncCollectionSchema,
  wireDocument,
  type PullResponse,
  type PushResponse,
  type PushRow,
  type SyncCollection,
  type SyncDocument,
} from '../shared/sync/protocol';
import { UNSTATED_APP_VERSION, isBelowMinimum, readsNewerEnvelopes, updateNeededMessage } from '../shared/sync/app-version';
import type { AuthenticatedDevice } from './auth';
import { HttpError, notFound, parse } from './errors';
import type { Queryable, Storage } from './storage';
import { toNumber } from './storage/types';
import { JsonShapeGuard, type JsonShapeLimits } from './json-guard';
import { notify, type StreamHub } from './stream-hub';
import type { ServerContext } from './app';

/**
 * A push is an array of rows holding two documents of at most 5 + metadataFields fields: nesting
 * of 3, and about this many separators. Anything beyond is refused while it arrives.
 */
const PUSH_SHAPE: JsonShapeLimits = { depth: 4, separators: LIMITS.pushBatch * (2 * 2 * (5 + LIMITS.metadataFields) + 3) + LIMITS.pushBatch };

function collectionOf(params: unknown): SyncCollection {
  const result = syncCollectionSchema.safeParse((params as { collection?: unknown }).collection);
  if (!result.success) throw notFound('Unknown collection');
  return result.data;
}

/**
 * Documents changed after `afterSeq`, oldest first; the checkpoint is the last one's sequence.
 * `remaining` counts what a full batch left behind, so a device can show its progress. Counting
 * reads every later row, so a device walking many pages asks for it once (`count: false` after):
 * counted on every page, a one-year initial sync spent most of its server time counting.
 */
export async function pullChanges(
  db: Queryable,
  practiceId: string,
  collection: SyncCollection,
  afterSeq: number,
  limit: number,
  { onlyW1 = false, count = true }: { onlyW1?: boolean; count?: boolean } = {},
): Promise<PullResponse> {
  let rows = await db.query<{ seq: unknown; doc: SyncDocument }>(
    'SELECT seq, doc FROM documents WHERE practice_id = $1 AND collection = $2 AND seq > $3 ORDER BY seq LIMIT $4',
    [practiceId, collection, afterSeq, limit],
  );
  if (onlyW1) {
    // Up to the first record this device cannot read, never past it: its checkpoint stays before
    // that record, so once updated it receives it and everything after.
    const unreadable = rows.findIndex((row) => !isW1(row.doc));
    if (unreadable === 0) throw newerRecordsWaiting();
    if (unreadable > 0) rows = rows.slice(0, unreadable);
  }
  const last = rows[rows.length - 1];
  const seq = last ? toNumber(last.seq) : afterSeq;
  const documents = rows.map((row) => row.doc);
  if (rows.length < limit) return { documents, checkpoint: { seq }, remaining: 0 };
  if (!count) return { documents, checkpoint: { seq } };
  const [counted] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM documents WHERE practice_id = $1 AND collection = $2 AND seq > $3', [practiceId, collection, seq]);
  return { documents, checkpoint: { seq }, remaining: toNumber(counted?.n ?? 0) };
}

const isW1 = (doc: SyncDocument): boolean => doc.sealed.startsWith('w1.');

/**
 * What a row keeps: the routing fields and the envelope. A w1 record (written by release 0.1.0)
 * keeps the query fields its device sent in clear: it cannot carry them sealed, and without them
 * neither 0.1.0 devices nor this release could index it, so records written on a laptop not yet
 * updated would vanish from every other one. They go when an updated device re-seals it (w3).
 */
const stored = (doc: SyncDocument): SyncDocument => (isW1(doc) ? doc : wireDocument(doc));

const newerRecordsWaiting = (): HttpError =>
  new HttpError(426, 'update_required', 'This practice has records made by a newer version of Waypoint. Update Waypoint to receive them and the changes after them.');

/** A push from an app below the practice's minimum is refused as a whole. */
function requirePushAllowed(device: AuthenticatedDevice): void {
  const version = device.appVersion ?? UNSTATED_APP_VERSION;
  if (isBelowMinimum(version, device.minAppVersion)) throw new HttpError(426, 'update_required', updateNeededMessage(device.minAppVersion!, version));
}

const sameState = (a: SyncDocument, b: SyncDocument): boolean => a.rev === b.rev && a.sealed === b.sealed && a._deleted === b._deleted;

/**
 * Earlier versions remembered per document: a retry of an older one (many edits made elsewhere
 * since its answer was lost) is answered as before, a conflict the device decides without it.
 */
export const EARLIER_VERSIONS = 16;

/** A version as sameState tells it apart: SHA-256 of its rev, deletion and envelope (every seal has a fresh IV and tag). */
export const versionDigest = (doc: SyncDocument): string => createHash('sha256').update(JSON.stringify([doc.rev, doc._deleted, doc.sealed])).digest('base64url');

/**
 * Writes the rows whose assumed master state matches the server's document (or that are new) and
 * returns the server's document for every other row; among those, `superseded` names the rows
 * whose version the server held before (their answer lost): the current one descends from it.
 * Each write keeps the digest of the version it replaces (`earlier`, newest first, bounded).
 *
 * Checkpoints must never skip a row. With a plain sequence, two concurrent pushes could take
 * numbers 5 and 6 and commit 6 first; a pull in between would move its checkpoint to 6 and never
 * see 5. So writes of one practice are serialised: the push locks the practice row (FOR UPDATE)
 * before it reads or numbers anything, takes its numbers from that row's counter, and holds the
 * lock until commit. A transaction can therefore only obtain numbers after every lower number of
 * its practice has committed, and any snapshot a pull reads holds a gap-free prefix. The same lock
 * makes the conflict check and the write atomic. Other practices are not blocked.
 */
export async function pushRows(storage: Storage, practiceId: string, collection: SyncCollection, rows: PushRow[], onlyW1 = false): Promise<PushResponse> {
  const ids = rows.map((row) => row.newDocumentState.id);
  if (new Set(ids).size !== ids.length) throw new HttpError(400, 'bad_request', 'A push may contain each document once');
  return storage.transaction(async (tx) => {
    const locked = await tx.query<{ seq: unknown }>('SELECT seq FROM practices WHERE id = $1 FOR UPDATE', [practiceId]);
    let seq = toNumber(locked[0]!.seq);
    const current = new Map(
      (
        await tx.query<{ id: string; doc: SyncDocument; earlier: string[] }>('SELECT id, doc, earlier FROM documents WHERE practice_id = $1 AND collection = $2 AND id = ANY($3::text[])', [
          practiceId,
          collection,
          ids,
        ])
      ).map((row) => [row.id, row]),
    );
    const conflicts: SyncDocument[] = [];
    const superseded: string[] = [];
    const params: unknown[] = [practiceId, collection];
    const values: string[] = [];
    for (const { assumedMasterState, newDocumentState: doc } of rows) {
      const held = current.get(doc.id);
      const master = held?.doc;
      if (master && !(assumedMasterState && sameState(assumedMasterState, master))) {
        // A conflict answer it cannot read would stall the device: refuse the push (nothing is
        // written; its change waits on the device until it is updated).
        if (onlyW1 && !isW1(master)) throw newerRecordsWaiting();
        conflicts.push(master);
        if (held.earlier.includes(versionDigest(doc))) superseded.push(doc.id);
        continue;
      }
      const earlier = held === undefined ? [] : [versionDigest(held.doc), ...held.earlier].slice(0, EARLIER_VERSIONS);
      seq += 1;
      const at = params.push(doc.id, seq, doc.rev, doc.updatedAt, doc._deleted, JSON.stringify(stored(doc)), earlier) - 7;
      values.push(`($1, $2, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}::jsonb, $${at + 7}::text[])`);
    }
    if (values.length > 0) {
      await tx.query(
        `INSERT INTO documents (practice_id, collection, id, seq, rev, updated_at, deleted, doc, earlier) VALUES ${values.join(', ')}
         ON CONFLICT (practice_id, collection, id) DO UPDATE
         SET seq = excluded.seq, rev = excluded.rev, updated_at = excluded.updated_at, deleted = excluded.deleted, doc = excluded.doc, earlier = excluded.earlier`,
        params,
      );
      await tx.query('UPDATE practices SET seq = $2 WHERE id = $1', [practiceId, seq]);
      await notify(tx, { kind: 'changed', practiceId, collection, seq });
    }
    return { conflicts, ...(superseded.length > 0 && { superseded }) };
  });
}

export function syncRoutes(
  app: FastifyInstance,
  { storage, hub, streamTakenOver, streamsPerDevice }: ServerContext & { hub: StreamHub; streamTakenOver: (request: FastifyRequest) => void; streamsPerDevice: number },
): void {
  app.get('/sync/:collection/pull', async (request) => {
    const collection = collectionOf(request.params);
    const query = parse(pullQuerySchema, request.query, 'query');
    const device = request.device!;
    return pullChanges(storage, device.practiceId, collection, query.seq, query.limit, { onlyW1: !readsNewerEnvelopes(device.appVersion), count: query.count });
  });

  app.post(
    '/sync/:collection/push',
    { bodyLimit: LIMITS.bodyBytes, preParsing: async (_request, _reply, payload) => payload.pipe(new JsonShapeGuard(PUSH_SHAPE, payload)) },
    async (request): Promise<PushResponse> => {
      const collection = collectionOf(request.params);
      const device = request.device!;
      requirePushAllowed(device);
      // The whole batch is validated before anything is written: one bad row refuses it all.
      const rows = parse(pushRequestSchema, request.body, 'push');
      return pushRows(storage, device.practiceId, collection, rows, !readsNewerEnvelopes(device.appVersion));
    },
  );

  // Bringing archived clients back (docs/RETENTION.md): current versions by id, this practice's only.
  app.post('/sync/:collection/fetch', async (request): Promise<FetchResponse> => {
    const collection = collectionOf(request.params);
    const { ids } = parse(fetchRequestSchema, request.body, 'fetch');
    const rows = await storage.query<{ doc: SyncDocument }>('SELECT doc FROM documents WHERE practice_id = $1 AND collection = $2 AND id = ANY($3::text[]) ORDER BY id', [
      request.device!.practiceId,
      collection,
      ids,
    ]);
    return { documents: rows.map((row) => row.doc) };
  });

  // No HEAD variant: a stream's headers go out with its first bytes, which HEAD never sends.
  app.get('/sync/:collection/stream', { exposeHeadRoute: false }, (request, reply) => openStream(request, reply, collectionOf(request.params)));
  // Every collection in one stream: browsers open at most six connections per server over HTTP/1.1.
  app.get('/sync/stream', { exposeHeadRoute: false }, (request, reply) => openStream(request, reply, null));

  async function openStream(request: FastifyRequest, reply: FastifyReply, collection: SyncCollection | null): Promise<void> {
    const device = request.device!;
    // Counted and registered with no await in between: two simultaneous opens cannot both pass.
    if (hub.streamsOf(device.id) >= streamsPerDevice) throw new HttpError(429, 'rate_limited', `At most ${streamsPerDevice} live streams per device; close one first`);
    reply.hijack();
    streamTakenOver(request);
    reply.raw.writeHead(200, {
      // Headers set by hooks (CORS) are not sent for a hijacked reply unless passed on.
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Reverse proxies must not buffer the stream; the socket closes with it (revocation, shutdown).
      'x-accel-buffering': 'no',
      connection: 'close',
    });
    reply.raw.write(': connected\n\n');
    const logged = { route: request.routeOptions.url, practiceId: device.practiceId, deviceId: device.id };
    request.log.info(logged, 'stream opened');
    reply.raw.on('close', () => request.log.info(logged, 'stream closed'));
    hub.open(reply.raw, { practiceId: device.practiceId, collection, deviceId: device.id });
    // A revocation that committed after this request was authenticated, and closed the device's
    // streams before this one was registered, is seen here: either way the stream does not survive.
    // (The reply is hijacked, so a failed check cannot become an error reply: it closes the stream.)
    const revoked = await storage.query<{ revoked_at: unknown }>('SELECT revoked_at FROM devices WHERE id = $1', [device.id]).then(
      ([row]) => row?.revoked_at !== null,
      () => true,
    );
    if (revoked) hub.closeDevice(device.id);
  }
}
