import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Storage } from './types';

/**
 * Embedded PostgreSQL (WASM) in a data directory. PGlite has a single connection and runs every
 * query and transaction one at a time, so code inside `transaction` must use only its `tx` (a
 * top-level query there would wait for the transaction that waits for it). One process per
 * data directory.
 */
export async function openPglite(dataDir: string): Promise<Storage> {
  const db = await PGlite.create(dataDir);
  const run = async <Row>(target: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (await target.query<Row>(sql, params as unknown[] | undefined)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (work) => db.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) })),
    close: () => db.close(),
  };
}
