/**
 * Where a restore's rows are added to IndexedDB (db/storage.ts insertStored): in the insert worker
 * (`insert.worker.ts`) in the window, here where there is no Worker (Node, the renderer tests). Both
 * add them with `addRows`, one transaction a batch.
 */
import { addRows, RowsAlreadyThereError } from './add-rows';
import { WorkerCalls } from './worker-calls';

export type InsertRequest = { op: 'stage'; batch: number; rows: object[] } | { id: number; op: 'commit'; batch: number; database: string; table: string };
export type InsertReply = { id: number } & ({ done: true } | { already: number } | { failure: string });

export interface RowSink {
  /** More rows of the transaction `batch`. */
  stage(batch: number, rows: object[]): void;
  /** Adds the staged rows of `batch` to `table` in one transaction; RowsAlreadyThereError when an id was taken. */
  commit(batch: number, database: IDBDatabase, table: string): Promise<void>;
  close(): void;
}

const failed = (message: string) => new Error(`The insert worker failed: ${message}`);

class InsertWorker implements RowSink {
  private readonly worker = new Worker(new URL('./insert.worker.ts', import.meta.url), { type: 'module', name: 'waypoint-insert' });
  private readonly calls = new WorkerCalls<Omit<Extract<InsertRequest, { op: 'commit' }>, 'id'>, InsertReply>(this.worker, failed);

  stage(batch: number, rows: object[]): void {
    this.worker.postMessage({ op: 'stage', batch, rows } satisfies InsertRequest);
  }

  async commit(batch: number, database: IDBDatabase, table: string): Promise<void> {
    const reply = await this.calls.call({ op: 'commit', batch, database: database.name, table });
    if ('already' in reply) throw new RowsAlreadyThereError(reply.already);
    if ('failure' in reply) throw failed(reply.failure);
  }

  close(): void {
    this.calls.terminate();
  }
}

class Here implements RowSink {
  private readonly staged = new Map<number, object[]>();

  stage(batch: number, rows: object[]): void {
    const all = this.staged.get(batch) ?? this.staged.set(batch, []).get(batch)!;
    for (const row of rows) all.push(row);
  }

  commit(batch: number, database: IDBDatabase, table: string): Promise<void> {
    const rows = this.staged.get(batch) ?? [];
    this.staged.delete(batch);
    return addRows(database, table, rows);
  }

  close(): void {
    this.staged.clear();
  }
}

/** Rows added on this thread. */
export const rowsHere = (): RowSink => new Here();

/** The insert worker where one can be started (the window), else here. Closed by the caller when its writes are done. */
export function rowSink(): RowSink {
  return typeof Worker === 'undefined' ? rowsHere() : new InsertWorker();
}
