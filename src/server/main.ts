/**
 * `npm run server`: reads the environment, opens and migrates the database, serves, and shuts
 * down gracefully on SIGTERM/SIGINT (stop accepting, close streams, finish in-flight requests,
 * close the database). A second signal exits at once.
 */
import { readFileSync } from 'node:fs';
import { createSyncServer, type SyncServer } from './app';
import { loadConfig } from './config';
import { migrate, openStorage } from './storage';

const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The logger is the server's, which needs the storage first: an idle-connection error logs through it.
  const late: { log?: SyncServer['log'] } = {};
  const storage = await openStorage({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.WAYPOINT_DATA_DIR,
    onIdleError: (error) => late.log?.error({ err: { type: error.name, message: error.message } }, 'database connection failed'),
  });
  const applied = await migrate(storage);
  const server = createSyncServer({
    storage,
    logger: { level: config.LOG_LEVEL },
    registrationSecret: config.WAYPOINT_REGISTRATION_SECRET,
    corsOrigins: config.corsOrigins,
    tls: config.TLS_CERT_FILE && config.TLS_KEY_FILE ? { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) } : undefined,
  });
  late.log = server.log;
  server.log.info({ storage: storage.kind, migrationsApplied: applied, registration: config.WAYPOINT_REGISTRATION_SECRET ? 'secret' : 'first practice only' }, 'database ready');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      server.log.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    server
      .close()
      .then(() => storage.close())
      .then(
        () => {
          server.log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          server.log.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await server.listen({ host: config.HOST, port: config.PORT });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
