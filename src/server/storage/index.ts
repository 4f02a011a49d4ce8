import { mkdirSync } from 'node:fs';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Storage } from './types';

export type { Queryable, Storage } from './types';
export { DatabaseUnavailableError } from './types';
export { DataDirectoryLockedError } from './pglite';
export { describeDatabase } from './postgres';
export { migrate, isMigrated, SCHEMA_VERSION } from './migrations';

export interface StorageConfig {
  databaseUrl?: string;
  dataDir: string;
  onIdleError?: (error: Error) => void;
  /** PGlite only: the data directory's lock was lost (see openPglite). Default: throw. */
  onLockLost?: (error: Error) => void;
}

/** PostgreSQL when a URL is configured, otherwise embedded PGlite in the data directory. */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.databaseUrl) return openPostgres({ connectionString: config.databaseUrl, onIdleError: config.onIdleError });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return openPglite(
    config.dataDir,
    config.onLockLost ??
      ((error) => {
        throw error;
      }),
  );
}
