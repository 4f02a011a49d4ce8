/** The central sync server (DESIGN.md §3, docs/SERVER.md). `main.ts` runs it; tests build it with `createSyncServer`. */
export { createSyncServer, type SyncServer, type SyncServerOptions } from './app';
export { migrate, openStorage, type Queryable, type Storage } from './storage';
