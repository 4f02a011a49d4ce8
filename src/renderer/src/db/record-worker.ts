/** The window's side of the record worker (`records.worker.ts`): batches answered by id. */
import type { DataKey } from '../../../shared/crypto';
import type { StoredRecord } from '../../../shared/records';
import type { RecordReply, RecordRequest, RecordThread, Resealed } from './open-records';

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };

export class RecordWorker implements RecordThread {
  private readonly worker = new Worker(new URL('./records.worker.ts', import.meta.url), { type: 'module', name: 'waypoint-records' });
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor() {
    this.worker.onmessage = ({ data }: MessageEvent<RecordReply>) => {
      const pending = this.pending.get(data.id);
      this.pending.delete(data.id);
      if ('result' in data) pending?.resolve(data.result);
      else pending?.reject(new Error(`The record worker failed: ${data.failure}`));
    };
    // A worker that failed to load answers nothing: every waiting batch is told so.
    this.worker.onerror = (event) => {
      for (const pending of this.pending.values()) pending.reject(new Error(`The record worker failed: ${event.message}`));
      this.pending.clear();
    };
  }

  private call(op: RecordRequest['op'], key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, key, collection, docs: [...docs] } satisfies RecordRequest);
    });
  }

  open = (key: DataKey, collection: string, docs: readonly StoredRecord[]) => this.call('open', key, collection, docs) as Promise<({ value: unknown } | null)[]>;

  reseal = (key: DataKey, collection: string, docs: readonly StoredRecord[]) => this.call('reseal', key, collection, docs) as Promise<Resealed[]>;

  terminate(): void {
    this.worker.terminate();
  }
}
