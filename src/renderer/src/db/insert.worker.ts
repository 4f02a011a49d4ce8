/**
 * The insert worker: a restore's IndexedDB writes off the window's thread (`insert-worker.ts`). The
 * window sends each transaction's rows a slice at a time (each message one short task there),
 * then asks for them to be added; serialising ten thousand rows into IndexedDB held the window's
 * thread for about a second a transaction. It opens the app's databases by name, never creates one.
 */
import { addRows, RowsAlreadyThereError } from './add-rows';
import { databaseByName } from './open-by-name';
import type { InsertReply, InsertRequest } from './insert-worker';

const scope = self as unknown as { onmessage: ((event: MessageEvent<InsertRequest>) => void) | null; postMessage(message: InsertReply): void };

const staged = new Map<number, object[]>();
scope.onmessage = ({ data }) => {
  if (data.op === 'stage') {
    const rows = staged.get(data.batch) ?? staged.set(data.batch, []).get(data.batch)!;
    for (const row of data.rows) rows.push(row);
    return;
  }
  const rows = staged.get(data.batch) ?? [];
  staged.delete(data.batch);
  databaseByName(data.database)
    .then((db) => addRows(db, data.table, rows))
    .then(
      () => scope.postMessage({ id: data.id, done: true }),
      (error: unknown) => scope.postMessage({ id: data.id, ...(error instanceof RowsAlreadyThereError ? { already: error.count } : { failure: error instanceof Error ? error.message : String(error) }) }),
    );
};
