import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import type { Storage } from './types';

/** How long a lock nobody refreshes counts as held: a process killed with SIGKILL leaves one behind. */
const LOCK_STALE_MS = 10_000;

export class DataDirectoryLockedError extends Error {
  override readonly name = 'DataDirectoryLockedError';
}

/**
 * Embedded PostgreSQL (WASM) in a data directory. PGlite has a single connection and runs every
 * query and transaction one at a time, so code inside `transaction` must use only its `tx` (a
 * top-level query there would wait for the transaction that waits for it).
 *
 * Two processes on one directory would each keep their own copy in memory and overwrite each
 * other's writes, so the directory is locked (a lock directory refreshed every few seconds, so
 * that one left by a killed process goes stale): a second process waits for a stale lock to
 * expire, and refuses to start while the lock is live. `onLockLost` runs if the lock is taken
 * away (the process stalled past the stale time): the caller must stop writing.
 */
export async function openPglite(dataDir: string, onLockLost: (error: Error) => void): Promise<Storage> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, '.waypoint.lock'),
      stale: LOCK_STALE_MS,
      update: LOCK_STALE_MS / 4,
      // Long enough for a lock left by a killed process to go stale.
      retries: { retries: Math.ceil((LOCK_STALE_MS * 1.5) / 1_000), factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
      onCompromised: onLockLost,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ELOCKED') {
      throw new DataDirectoryLockedError(`The data directory ${dataDir} is in use by another Waypoint server process. Only one process may use a PGlite data directory; stop the other one, or use PostgreSQL (DATABASE_URL) to run several.`);
    }
    throw error;
  }
  const db = await PGlite.create(dataDir).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const run = async <Row>(target: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (await target.query<Row>(sql, params as unknown[] | undefined)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (work) => db.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) })),
    // In-process: nothing is ever missed, so `onGap` never runs.
    listen: async (channel, onMessage) => {
      const unlisten = await db.listen(channel, onMessage);
      return () => unlisten();
    },
    close: async () => {
      await db.close();
      await release();
    },
  };
}
