/** The window's side of the record worker (`records.worker.ts`): batches answered by id. */
import type { DataKey } from '../../../shared/crypto';
import type { StoredRecord } from '../../../shared/records';
import type { RecordReply, RecordRequest, RecordThread, Resealed } from './open-records';
import { WorkerCalls } from './worker-calls';

const failed = (message: string) => new Error(`The record worker failed: ${message}`);

export class RecordWorker implements RecordThread {
  private readonly calls = new WorkerCalls<Omit<RecordRequest, 'id'>, RecordReply>(new Worker(new URL('./records.worker.ts', import.meta.url), { type: 'module', name: 'waypoint-records' }), failed);

  private async call(op: RecordRequest['op'], key: DataKey, collection: string, docs: readonly StoredRecord[]): Promise<unknown> {
    const reply = await this.calls.call({ op, key, collection, docs: [...docs] });
    if ('result' in reply) return reply.result;
    throw failed(reply.failure);
  }

  open = (key: DataKey, collection: string, docs: readonly StoredRecord[]) => this.call('open', key, collection, docs) as Promise<({ value: unknown } | null)[]>;

  reseal = (key: DataKey, collection: string, docs: readonly StoredRecord[]) => this.call('reseal', key, collection, docs) as Promise<Resealed[]>;

  restore = (key: DataKey, collection: string, docs: readonly StoredRecord[]) => this.call('restore', key, collection, docs) as Promise<(StoredRecord | null)[]>;

  terminate(): void {
    this.calls.terminate();
  }
}
