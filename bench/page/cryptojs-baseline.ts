/**
 * The comparison baseline only: RxDB's own crypto-js encryption plugin, which the app does not use
 * (docs/ARCHITECTURE.md: Sealed documents). Nothing under src/ may import this; ESLint allows it in this one file.
 */
import { createRxDatabase, type RxCollection, type RxStorage } from 'rxdb/plugins/core';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { plainSchema, type BenchRecord } from './records';

export async function openCryptoJsDatabase(name: string) {
  const storage = wrappedKeyEncryptionCryptoJsStorage({ storage: getRxStorageDexie() as RxStorage<unknown, unknown> });
  const db = await createRxDatabase<{ records: RxCollection<BenchRecord> }>({ name, storage, password: 'bench-password-not-a-secret', multiInstance: false });
  await db.addCollections({ records: { schema: { ...plainSchema, encrypted: ['firstName', 'lastName', 'note'] } } });
  return db;
}
