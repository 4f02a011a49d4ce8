import pg from 'pg';
import type { Queryable, Storage } from './types';

export interface PostgresOptions {
  connectionString: string;
  /** Logged, never thrown: an idle pooled connection can fail between requests. */
  onIdleError?: (error: Error) => void;
}

/** PostgreSQL through a `pg` pool: one pooled connection per transaction. */
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
  await pool.query('SELECT 1');

  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (await client.query(sql, params as unknown[] | undefined)).rows as Row[];

  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
