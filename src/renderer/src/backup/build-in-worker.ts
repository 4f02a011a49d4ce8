/**
 * The window's side of the backup build workers (`build-backup.worker.ts`): the collections split
 * in two runs of about as many documents, each written by a worker of its own (the machine's two
 * cores; the window is idle meanwhile); the first worker joins the second's lines after its own,
 * hashes and seals. Buffers move between threads by transfer, never copied. Workers are ended once
 * the file is back.
 */
import type { BackupMeta } from '../../../shared/backup';
import type { DataKey } from '../../../shared/crypto';
import type { StoredTable } from '../db/storage';
import type { BuildReply, BuildRequest, BuiltBackup, PostedLines } from './build-backup';
import { st } from '../i18n/staff';

/** Where the collections (in order) are cut in two runs holding about as many documents. */
export function splitPoint(documents: readonly number[]): number {
  const total = documents.reduce((a, b) => a + b, 0);
  let best = { at: documents.length, gap: total };
  let sum = 0;
  documents.forEach((n, i) => {
    sum += n;
    const gap = Math.abs(total - 2 * sum);
    if (gap < best.gap) best = { at: i + 1, gap };
  });
  return best.at;
}

function run(worker: Worker, request: BuildRequest): Promise<BuildReply> {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<BuildReply>) => ('failure' in data ? reject(new Error(st('services.backup.notBuilt', { error: data.failure }))) : resolve(data));
    worker.onerror = (event) => reject(new Error(st('services.backup.notBuilt', { error: event.message })));
    worker.postMessage(request);
  });
}

/** Builds the backup in the build workers: `tables` in file order, with how many documents each holds. */
export async function buildInWorkers(meta: BackupMeta, tables: readonly { name: string; table: StoredTable; documents: number }[], key: DataKey): Promise<BuiltBackup> {
  const at = splitPoint(tables.map((t) => t.documents));
  const runs = [tables.slice(0, at), tables.slice(at)].filter((part) => part.length > 0).map((part) => part.map(({ name, table }): [string, StoredTable] => [name, table]));
  const workers = runs.map(() => new Worker(new URL('./build-backup.worker.ts', import.meta.url), { type: 'module', name: 'waypoint-backup-build' }));
  try {
    const [first, ...rest] = workers;
    const file = run(first!, { op: 'build', meta, tables: runs[0]!, key });
    const later = Promise.all(rest.map((worker, i) => run(worker, { op: 'build', meta, tables: runs[i + 1]! }))).then((replies) => {
      const lines = replies.map((reply) => (reply as { lines: PostedLines }).lines);
      first!.postMessage({ op: 'later', lines } satisfies BuildRequest, lines.map((l) => l.buffer));
    });
    const [reply] = await Promise.all([file, later]);
    const { buffer, byteLength } = (reply as Extract<BuildReply, { file: unknown }>).file;
    return { data: new Uint8Array(buffer, 0, byteLength), documents: (reply as Extract<BuildReply, { file: unknown }>).documents };
  } finally {
    for (const worker of workers) worker.terminate();
  }
}
