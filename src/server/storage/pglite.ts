import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import type { Storage } from './types';

/** How long a lock nobody refreshes counts as held: a process killed with SIGKILL leaves one behind. */
const LOCK_STALE_MS = 10_000;
const LOCK_UPDATE_MS = LOCK_STALE_MS / 4;

/** Whether the holder of the lock refreshes it (is alive): its mtime moves within one update interval. */
async function lockIsRefreshed(lockPath: string): Promise<boolean> {
  const mtime = async (): Promise<number | null> => (await stat(lockPath).catch(() => null))?.mtimeMs ?? null;
  const first = await mtime();
  await sleep(LOCK_UPDATE_MS + 1_000);
  const second = await mtime();
  return first !== null && second !== null && second !== first;
}

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
  const lockfilePath = join(dataDir, '.waypoint.lock');
  const lock = (retries: number) =>
    lockfile.lock(dataDir, { lockfilePath, stale: LOCK_STALE_MS, update: LOCK_UPDATE_MS, retries: { retries, factor: 1, minTimeout: 1_000, maxTimeout: 1_000 }, onCompromised: onLockLost });
  const locked = new DataDirectoryLockedError(
    `The data directory ${dataDir} is in use by another Waypoint server process. Only one process may use a PGlite data directory; stop the other one, or use PostgreSQL (DATABASE_URL) to run several.`,
  );
  const isLocked = (error: unknown): boolean => (error as { code?: unknown }).code === 'ELOCKED';
  let release: () => Promise<void>;
  try {
    release = await lock(0);
  } catch (error) {
    if (!isLocked(error)) throw error;
    // A live holder refreshes its lock: refuse at once. Otherwise the holder was killed: wait
    // (long enough) for its lock to go stale.
    if (await lockIsRefreshed(lockfilePath)) throw locked;
    release = await lock(Math.ceil((LOCK_STALE_MS * 1.5) / 1_000)).catch((again: unknown) => {
      throw isLocked(again) ? locked : again;
    });
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
