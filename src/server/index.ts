/** The central sync server (docs/ARCHITECTURE.md: Sync; docs/SERVER.md). `main.ts` runs it; tests build it with `createSyncServer`. */
export { createSyncServer, type SyncServer, type SyncServerOptions } from './app';
export { migrate, openStorage, type Queryable, type Storage } from './storage';
