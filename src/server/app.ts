/**
 * The sync server as a fastify instance, built from its dependencies so that tests run the real
 * thing against a real database: `createSyncServer({ storage })` then `listen`. It never decrypts
 * anything: it checks shapes and sizes, scopes every request to the practice of its device token,
 * and stores sealed documents as they come.
 */
import type { Server as HttpsServer } from 'node:https';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import { API_PREFIX } from '../shared/sync/protocol';
import { authenticate } from './auth';
import { DESKTOP_APP_ORIGIN } from './config';
import { corsHook } from './cors';
import { errorBody, handleClientError, handleError, HttpError, notFound } from './errors';
import { ConcurrencyGate, DEFAULT_DEVICE_LIMITS, type DeviceLimits } from './limits';
import { deviceRoutes, enrolmentRoutes } from './practices';
import { keyRelayRoutes } from './key-relay';
import { isMigrated, type Storage } from './storage';
import { NOTIFY_CHANNEL, StreamHub } from './stream-hub';
import { syncRoutes } from './sync';

export interface SyncServerOptions {
  /** Opened and migrated by the caller, who also closes it after the server (see main.ts). */
  storage: Storage;
  /** Structured JSON logs (pino); `false` for none; or a logger made with `loggerOptions` (main.ts logs before the server exists). */
  logger?: false | { level?: string; stream?: { write(line: string): void } } | FastifyBaseLogger;
  now?: () => number;
  /** When set, registering a practice requires it; when not, only the first practice may register. */
  registrationSecret?: string;
  heartbeatMs?: number;
  /** Longest time to answer a request (streams excepted). */
  handlerTimeoutMs?: number;
  /** Longest time to receive a request, body included (slow rural links). */
  requestTimeoutMs?: number;
  /** Origins answered with CORS headers; default: the desktop app's. */
  corsOrigins?: readonly string[];
  /** A directory served read-only at /updates/ (the desktop app's update feed). */
  updatesDir?: string;
  deviceLimits?: Partial<DeviceLimits>;
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

/** pino's options for the server's logs. */
export function loggerOptions(level: string): LoggerOptions {
  // Belt and braces: nothing logs headers, but a token must never reach a log.
  return { level, redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' } };
}

const isLogger = (logger: SyncServerOptions['logger']): logger is FastifyBaseLogger => typeof logger === 'object' && 'child' in logger;

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { storage } = options;
  const context: ServerContext = { storage, now: options.now ?? Date.now, registrationSecret: options.registrationSecret };
  const limits: DeviceLimits = { ...DEFAULT_DEVICE_LIMITS, ...options.deviceLimits };
  const { logger } = options;
  const app = fastify({
    // null serves plain HTTP (behind a TLS-terminating reverse proxy).
    https: options.tls ?? null,
    ...(isLogger(logger)
      ? { loggerInstance: logger }
      : { logger: logger === false ? false : { ...loggerOptions(logger?.level ?? 'info'), ...(logger?.stream ? { stream: logger.stream } : {}) } }),
    // fastify's own request lines carry the raw URL; ours carry the route template and the practice.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: SMALL_BODY_BYTES,
    handlerTimeout: options.handlerTimeoutMs ?? 30_000,
    requestTimeout: options.requestTimeoutMs ?? 120_000,
    frameworkErrors: handleError,
    clientErrorHandler: handleClientError,
  });

  app.decorateRequest('device', null);
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => handleError(notFound('No such endpoint'), request, reply));
  app.addHook('onRequest', corsHook(new Set(options.corsOrigins ?? [DESKTOP_APP_ORIGIN])));
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

  const hub = new StreamHub(options.heartbeatMs ?? 15_000, () => app.log.error('unreadable change notification'));
  let stopListening: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopListening = await storage.listen(
      NOTIFY_CHANNEL,
      (payload) => hub.receive(payload),
      () => {
        app.log.warn('change notifications resumed after a database outage: live streams closed, devices reconnect and pull');
        hub.closeAll();
      },
    );
  });
  app.addHook('onClose', async () => stopListening?.());
  const gate = new ConcurrencyGate(limits.concurrentRequests);
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
  // A request leaves the set (and its device's count) once, however it ends (answered, aborted, or handed to the hub).
  const finished = (request: FastifyRequest) => {
    gate.leave(request);
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

  if (options.updatesDir !== undefined) {
    // electron-updater's generic provider: latest*.yml and the installers, as files. No listing,
    // no dotfiles, nothing outside the directory (`send` refuses traversal); feeds revalidate.
    void app.register(fastifyStatic, { root: options.updatesDir, prefix: '/updates/', index: false, list: false, dotfiles: 'deny', decorateReply: false, maxAge: 0 });
  }

  void app.register(
    async (api) => {
      enrolmentRoutes(api, context);
      await api.register(async (authenticated) => {
        authenticated.addHook('onRequest', async (request) => {
          request.device = await authenticate(storage, request, context.now());
          gate.enter(request, request.device.id);
        });
        // Counted before the body is read, so refused requests cost no parsing.
        await authenticated.register(rateLimit, {
          max: limits.requestsPerMinute,
          timeWindow: 60_000,
          hook: 'preParsing',
          keyGenerator: (request) => request.device!.id,
          errorResponseBuilder: (_request, context) => new HttpError(429, 'rate_limited', `At most ${context.max} requests a minute per device; retry in ${context.after}`),
        });
        deviceRoutes(authenticated, { ...context, hub });
        keyRelayRoutes(authenticated, context);
        syncRoutes(authenticated, { ...context, hub, streamTakenOver, streamsPerDevice: limits.streams });
      });
    },
    { prefix: API_PREFIX },
  );
  return app;
}
