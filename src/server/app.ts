/**
 * The sync server as a fastify instance, built from its dependencies so that tests run the real
 * thing against a real database: `createSyncServer({ storage })` then `listen`. It never decrypts
 * anything: it checks shapes and sizes, scopes every request to the practice of its device token,
 * and stores sealed documents as they come.
 */
import type { Server as HttpsServer } from 'node:https';
import fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { API_PREFIX, LIMITS } from '../shared/sync/protocol';
import { authenticate } from './auth';
import { corsHook } from './cors';
import { errorBody, handleError, notFound } from './errors';
import { deviceRoutes, enrolmentRoutes } from './practices';
import { isMigrated, type Storage } from './storage';
import { StreamHub } from './stream-hub';
import { pullAllChanges, pullChanges, syncRoutes } from './sync';

export interface SyncServerOptions {
  /** Opened and migrated by the caller, who also closes it after the server (see main.ts). */
  storage: Storage;
  /** Structured JSON logs (pino); `false` for none. */
  logger?: false | { level?: string; stream?: { write(line: string): void } };
  now?: () => number;
  /** When set, registering a practice requires it; when not, only the first practice may register. */
  registrationSecret?: string;
  heartbeatMs?: number;
  /** Longest time to answer a request (streams excepted). */
  handlerTimeoutMs?: number;
  /** Longest time to receive a request, body included (slow rural links). */
  requestTimeoutMs?: number;
  corsOrigins?: readonly string[];
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface ServerContext {
  storage: Storage;
  now: () => number;
  registrationSecret: string | undefined;
}

/** Bodies other than pushes are a few hundred bytes. */
const SMALL_BODY_BYTES = 64 * 1024;

export type SyncServer = FastifyInstance<HttpsServer>;

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { storage } = options;
  const context: ServerContext = { storage, now: options.now ?? Date.now, registrationSecret: options.registrationSecret };
  const app = fastify({
    // null serves plain HTTP (behind a TLS-terminating reverse proxy).
    https: options.tls ?? null,
    logger:
      options.logger === false
        ? false
        : {
            level: options.logger?.level ?? 'info',
            ...(options.logger?.stream ? { stream: options.logger.stream } : {}),
            // Belt and braces: nothing logs headers, but a token must never reach a log.
            redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
          },
    // fastify's own request lines carry the raw URL; ours carry the route template and the practice.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: SMALL_BODY_BYTES,
    handlerTimeout: options.handlerTimeoutMs ?? 30_000,
    requestTimeout: options.requestTimeoutMs ?? 120_000,
    frameworkErrors: handleError,
  });

  app.decorateRequest('device', null);
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => handleError(notFound('No such endpoint'), request, reply));
  if (options.corsOrigins && options.corsOrigins.length > 0) app.addHook('onRequest', corsHook(new Set(options.corsOrigins)));
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        practiceId: request.device?.practiceId,
        deviceId: request.device?.id,
      },
      'request',
    );
  });

  const hub = new StreamHub(
    (practiceId, collection, afterSeq) => pullChanges(storage, practiceId, collection, afterSeq, LIMITS.pullBatch),
    (practiceId, afterSeq) => pullAllChanges(storage, practiceId, afterSeq, LIMITS.pullBatch),
    options.heartbeatMs ?? 15_000,
    (error) => app.log.error({ err: { type: (error as Error).name, message: (error as Error).message } }, 'stream failed'),
  );
  // Shutdown: streams never end by themselves, so close them; requests still in flight (pushes
  // included) finish, and their connections close with them instead of idling in keep-alive,
  // which would hold the server open.
  // Connections a client opened but has not used yet are neither idle nor busy to Node, and would
  // hold close() for the keep-alive timeout (72 s): once the last request in flight has answered,
  // every remaining connection is closed.
  let closing = false;
  const inFlight = new Set<FastifyRequest>();
  const closeWhenDrained = () => {
    if (closing && inFlight.size === 0) app.server.closeAllConnections();
  };
  // A request leaves the set once, however it ends (answered, aborted, or handed to the hub).
  const finished = (request: FastifyRequest) => {
    inFlight.delete(request);
    closeWhenDrained();
  };
  app.addHook('onRequest', async (request) => {
    inFlight.add(request);
  });
  app.addHook('onResponse', async (request) => finished(request));
  app.addHook('onRequestAbort', async (request) => finished(request));
  // A stream hands its connection to the hub, which ends it at shutdown: it is no longer in flight.
  const streamTakenOver = finished;
  app.addHook('preClose', async () => {
    closing = true;
    hub.shutdown();
    closeWhenDrained();
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await isMigrated(storage).catch(() => false);
    return ready ? { status: 'ready' } : reply.code(503).send(errorBody('unavailable', 'The database is not reachable or not migrated'));
  });

  void app.register(
    async (api) => {
      enrolmentRoutes(api, context);
      await api.register(async (authenticated) => {
        authenticated.addHook('onRequest', async (request) => {
          request.device = await authenticate(storage, request, context.now());
        });
        deviceRoutes(authenticated, { ...context, hub });
        syncRoutes(authenticated, { ...context, hub, streamTakenOver });
      });
    },
    { prefix: API_PREFIX },
  );
  return app;
}
