/** The record worker, as the app starts it (app/start-app.ts): one for the page, for every case that needs it. */
import { recordsInWorker } from '../../src/renderer/src/db/open-records';
import { RecordWorker } from '../../src/renderer/src/db/record-worker';

let recordWorker: RecordWorker | null = null;

/** Bulk opening, re-sealing and restoring go to the record worker from now on. */
export function startRecordWorker(): void {
  recordWorker ??= new RecordWorker();
  recordsInWorker(recordWorker);
}
