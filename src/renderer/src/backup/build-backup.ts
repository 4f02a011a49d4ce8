/**
 * A backup file built from storage: the same code in the backup build workers
 * (`build-backup.worker.ts`) and on this thread where there is no Worker (Node, the renderer tests).
 */
import { BackupWriter, type BackupLines, type BackupMeta } from '../../../shared/backup';
import type { DataKey } from '../../../shared/crypto';
import { storedRowsById, type StoredTable } from '../db/stored-rows';

/** Documents read from storage at once (the writer splits them into lines). */
const READ_PAGE = 5_000;

export interface BuiltBackup {
  data: Uint8Array<ArrayBuffer>;
  documents: number;
}

/** The document lines of these collections, in this order, each read in id order. */
export async function writeLines(meta: BackupMeta, tables: readonly (readonly [string, StoredTable])[], open: (database: string) => Promise<IDBDatabase>): Promise<BackupWriter> {
  const writer = new BackupWriter(meta);
  for (const [name, table] of tables) {
    for await (const page of storedRowsById(await open(table.database), table, READ_PAGE)) writer.add(name, page);
  }
  return writer;
}

/** The file: `writer`'s lines, then those of `later` (the next collections, written on other threads), sealed. */
export async function finishBackup(writer: BackupWriter, key: DataKey, later: readonly BackupLines[] = []): Promise<BuiltBackup> {
  const documents = [writer.written(), ...later].flatMap((part) => Object.values(part.counts)).reduce((a, b) => a + b, 0);
  return { data: await writer.finish(key, later), documents };
}
