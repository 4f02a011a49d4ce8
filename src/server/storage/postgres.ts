import pg from 'pg';
import { DatabaseUnavailableError, type Queryable, type Storage } from './types';

export interface PostgresOptions {
  connectionString: string;
  /** Logged, never thrown: an idle pooled connection can fail between requests. */
  onIdleError?: (error: Error) => void;
}

/** Connection failures of the socket (Node) and PostgreSQL's classes 08 (connection) and 57P (shutting down, starting up). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03']);
const UNREACHABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed/i;

export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return UNREACHABLE_MESSAGES.test(error.message);
}

/** Rethrows a connection failure as DatabaseUnavailableError; keeps its reason (never a query value). */
function classify(error: unknown): never {
  if (isUnreachable(error)) throw new DatabaseUnavailableError(`PostgreSQL is unreachable: ${(error as Error).message}`, { cause: error });
  throw error;
}

/** host:port/database of a URL, for messages (never the password). */
export function describeDatabase(connectionString: string): string {
  const url = new URL(connectionString);
  return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

const LISTEN_RETRY_MS = [250, 500, 1_000, 2_000, 5_000];

/** PostgreSQL through a `pg` pool: one pooled connection per transaction, and one more connection for LISTEN. */
export async function openPostgres(options: PostgresOptions): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: 10,
    connectionTimeoutMillis: 5_000,
    // A stuck statement or an abandoned transaction must not hold the practice lock for ever.
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  // Fail at start-up, not on the first request, when the database cannot be reached.
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    classify(error);
  }

  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (await client.query(sql, params as unknown[] | undefined).catch(classify)).rows as Row[];
  const listeners = new Set<() => Promise<void>>();

  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch(classify);
      let broken = false;
      try {
        await run(client, 'BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await run(client, 'COMMIT');
        return result;
      } catch (error) {
        broken = error instanceof DatabaseUnavailableError;
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A connection that failed goes, instead of back to the pool.
        client.release(broken);
      }
    },
    async listen(channel, onMessage, onGap) {
      let stopped = false;
      let client: pg.Client | undefined;
      let attempt = 0;
      let reconnecting = false;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: options.connectionString });
        next.on('notification', (message) => {
          if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
        });
        // The error is followed by 'end', where reconnection starts.
        next.on('error', (error) => options.onIdleError?.(error));
        next.on('end', () => {
          if (stopped || client !== next) return;
          client = undefined;
          void reconnect();
        });
        client = next;
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      };
      const reconnect = async (): Promise<void> => {
        if (reconnecting) return;
        reconnecting = true;
        while (!stopped) {
          await new Promise((resolve) => setTimeout(resolve, LISTEN_RETRY_MS[Math.min(attempt++, LISTEN_RETRY_MS.length - 1)]));
          if (stopped) return;
          try {
            await connect();
            attempt = 0;
            reconnecting = false;
            // Whatever was notified while no connection listened is lost: tell the caller.
            onGap();
            return;
          } catch {
            const failed = client;
            client = undefined;
            await failed?.end().catch(() => undefined);
          }
        }
      };
      await connect().catch(classify);
      const stop = async (): Promise<void> => {
        stopped = true;
        listeners.delete(stop);
        await client?.end().catch(() => undefined);
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
