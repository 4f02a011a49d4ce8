/**
 * A backup file built from storage: the same code in the backup build workers
 * (`build-backup.worker.ts`) and on this thread where there is no Worker (Node, the renderer tests).
 */
import { BackupWriter, type BackupLines, type BackupMeta } from '../../../shared/backup';
import type { DataKey } from '../../../shared/crypto';
import { storedRowsById, type StoredTable } from '../db/stored-rows';

/** Lines as posted: their buffer goes along as a transfer. */
export interface PostedLines {
  buffer: ArrayBuffer;
  byteLength: number;
  counts: Record<string, number>;
}

export type BuildRequest =
  | { op: 'build'; meta: BackupMeta; tables: [string, StoredTable][]; key?: DataKey }
  /** The lines of the collections after the first worker's, in order: sent to the worker that has the key. */
  | { op: 'later'; lines: PostedLines[] };

export type BuildReply = { lines: PostedLines } | { file: { buffer: ArrayBuffer; byteLength: number }; documents: number } | { failure: string };

/** A writer's lines start its buffer (LineBuffer); the buffer is transferred whole. */
export const postedLines = ({ bytes, counts }: BackupLines): PostedLines => ({ buffer: bytes.buffer as ArrayBuffer, byteLength: bytes.byteLength, counts });
export const receivedLines = ({ buffer, byteLength, counts }: PostedLines): BackupLines => ({ bytes: new Uint8Array(buffer, 0, byteLength), counts });

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
