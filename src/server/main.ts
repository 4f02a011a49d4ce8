/**
 * `npm run server` (or `node dist-server/main.mjs` once built): reads the environment, waits for
 * the database and migrates it, serves, and shuts down gracefully on SIGTERM/SIGINT (stop
 * accepting, close streams, finish in-flight requests, close the database). A second signal
 * exits at once.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { ADMIN_COMMANDS, runAdminCommand, UsageError } from './admin-cli';
import { createSyncServer, loggerOptions } from './app';
import { loadConfig, type ServerConfig } from './config';
import { DatabaseUnavailableError, describeDatabase, migrate, openStorage, type Storage } from './storage';

const SHUTDOWN_GRACE_MS = 30_000;
const DATABASE_RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

/** Opens and migrates the database, waiting (with backoff, saying so) while PostgreSQL cannot be reached. */
async function openDatabase(config: ServerConfig, log: Logger): Promise<{ storage: Storage; applied: number[] }> {
  const what = config.DATABASE_URL ? describeDatabase(config.DATABASE_URL) : `PGlite in ${config.WAYPOINT_DATA_DIR}`;
  const deadline = Date.now() + config.WAYPOINT_DB_WAIT_SECONDS * 1_000;
  for (let attempt = 0; ; attempt++) {
    let storage: Storage | undefined;
    try {
      storage = await openStorage({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.WAYPOINT_DATA_DIR,
        onIdleError: (error) => log.error({ err: { type: error.name, message: error.message } }, 'database connection failed'),
        onLockLost: (error) => {
          log.fatal({ err: { message: error.message } }, 'lost the lock on the data directory (the process stalled?): exiting before another process writes to it');
          process.exit(1);
        },
      });
      return { storage, applied: await migrate(storage) };
    } catch (error) {
      await storage?.close().catch(() => undefined);
      const retryInMs = DATABASE_RETRY_MS[Math.min(attempt, DATABASE_RETRY_MS.length - 1)]!;
      if (!(error instanceof DatabaseUnavailableError) || Date.now() + retryInMs > deadline) throw error;
      log.warn({ waitingFor: what, reason: error.message, retryInMs }, `waiting for the database: ${what}`);
      await sleep(retryInMs);
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino(loggerOptions(config.LOG_LEVEL));
  const { storage, applied } = await openDatabase(config, log).catch((error: unknown) => {
    throw error instanceof DatabaseUnavailableError ? new Error(`${error.message}; gave up after WAYPOINT_DB_WAIT_SECONDS=${config.WAYPOINT_DB_WAIT_SECONDS}`) : error;
  });
  const args = process.argv.slice(2);
  if (args.length > 0) {
    // An administrative command (admin-cli.ts) instead of serving.
    try {
      if (!(ADMIN_COMMANDS as readonly string[]).includes(args[0]!)) throw new UsageError(`Unknown command "${args[0]}"; commands: ${ADMIN_COMMANDS.join(', ')}`);
      console.log(await runAdminCommand(storage, args));
    } finally {
      await storage.close();
    }
    return;
  }
  const server = createSyncServer({
    storage,
    logger: log,
    registrationSecret: config.WAYPOINT_REGISTRATION_SECRET,
    corsOrigins: config.corsOrigins,
    updatesDir: config.WAYPOINT_UPDATES_DIR,
    deviceLimits: config.deviceLimits,
    tls: config.TLS_CERT_FILE && config.TLS_KEY_FILE ? { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) } : undefined,
  });
  log.info({ storage: storage.kind, migrationsApplied: applied, registration: config.WAYPOINT_REGISTRATION_SECRET ? 'secret' : 'first practice only' }, 'database ready');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    server
      .close()
      .then(() => storage.close())
      .then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await server.listen({ host: config.HOST, port: config.PORT });
}

main().then(
  () => {
    // An administrative command is done; a serving process is ended by its signal handlers.
    if (process.argv.length > 2) process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
