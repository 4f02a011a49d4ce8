/**
 * Every server test runs against both storage adapters: embedded PGlite and a real PostgreSQL
 * cluster. `useBackend` registers the hooks of one describe block: the database is opened once,
 * and emptied and migrated again before each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { migrate, openStorage, type Storage } from '../../../src/server';
import { startPostgres, type PostgresCluster } from './postgres';

export const BACKENDS = ['pglite', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Backend {
  readonly name: BackendName;
  /** The suite's database, empty and migrated at the start of each test. */
  readonly storage: Storage;
  /** Where the database keeps its files. */
  readonly dataDir: string;
  /** Environment for a separate server process with its own empty database. */
  separateDatabaseEnv(): Promise<Record<string, string>>;
}

export function useBackend(name: BackendName): Backend {
  let storage: Storage | undefined;
  let cluster: PostgresCluster | undefined;
  const tempDirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'waypoint-pglite-'));
    tempDirs.push(dir);
    return dir;
  };
  const backend: Backend = {
    name,
    get storage() {
      if (!storage) throw new Error('the backend is not open (beforeAll failed)');
      return storage;
    },
    get dataDir() {
      return cluster?.dataDir ?? tempDirs[0]!;
    },
    async separateDatabaseEnv(): Promise<Record<string, string>> {
      return cluster ? { DATABASE_URL: await cluster.createDatabase() } : { WAYPOINT_DATA_DIR: tempDir() };
    },
  };

  beforeAll(async () => {
    if (name === 'postgres') {
      cluster = await startPostgres();
      storage = await openStorage({ databaseUrl: await cluster.createDatabase(), dataDir: '' });
    } else {
      storage = await openStorage({ dataDir: tempDir() });
    }
  });

  beforeEach(async () => {
    await backend.storage.query('DROP SCHEMA public CASCADE');
    await backend.storage.query('CREATE SCHEMA public');
    await migrate(backend.storage);
  });

  // Runs even when tests or beforeAll failed: nothing of the cluster or the directories is left.
  afterAll(async () => {
    try {
      await storage?.close();
    } finally {
      cluster?.stop();
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  return backend;
}
