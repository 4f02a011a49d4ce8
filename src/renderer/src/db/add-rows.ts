/**
 * Rows added to one IndexedDB table in one transaction, on the raw IndexedDB API (no RxDB or
 * Dexie here): a restore's writes, in the window or in the insert worker (`insert.worker.ts`),
 * which opens the same database by name. An id already stored fails the whole transaction.
 */

/** The rows of a transaction that failed because their ids were already stored. */
export class RowsAlreadyThereError extends Error {
  override readonly name = 'RowsAlreadyThereError';
  constructor(readonly count: number) {
    super(`${count} rows were already there`);
  }
}

/**
 * Adds every row in one readwrite transaction flushed to disk ('strict', as the app's RxDB storage
 * writes), settling when it commits. Each id already stored is counted, then the transaction is
 * aborted: nothing of it is kept.
 */
export function addRows(db: IDBDatabase, table: string, rows: readonly object[]): Promise<void> {
  return new Promise((resolve, reject) => {
    if (rows.length === 0) return resolve();
    const transaction = db.transaction(table, 'readwrite', { durability: 'strict' });
    const store = transaction.objectStore(table);
    let already = 0;
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(already > 0 ? new RowsAlreadyThereError(already) : (transaction.error ?? new Error('The write was aborted')));
    // Requests are answered in order, the last before the commit: it aborts when any id was taken.
    const abortIfTaken = () => already > 0 && transaction.abort();
    rows.forEach((row, i) => {
      const request = store.add(row);
      if (i === rows.length - 1) request.onsuccess = abortIfTaken;
      request.onerror = (event) => {
        if (request.error?.name !== 'ConstraintError') return;
        // Counted rather than aborting at once, so the message can say how many.
        event.preventDefault();
        event.stopPropagation();
        already++;
        if (i === rows.length - 1) abortIfTaken();
      };
    });
  });
}
