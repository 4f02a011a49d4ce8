/**
 * Sync-test devices each in a worker thread of its own (device-worker.ts runs inside): RxDB's
 * open-source build allows 13 open collections per JavaScript realm, and a device that computes
 * the practice rules' "needs attention" items opens eight. The parent sends a request and awaits
 * its answer; an error in the worker comes back with its stack.
 */
import { Worker } from 'node:worker_threads';
import type { WaypointCollections } from '../../../src/renderer/src/db/database';
import type { Credentials } from './devices';

/** What the rules read (authorizations live in plans), the dismissals' settings, and conflicts. */
export const ATTENTION_COLLECTIONS = ['settings', 'clients', 'episodes', 'programs', 'sessions', 'notes', 'plans', 'conflicts'] as const satisfies readonly (keyof WaypointCollections)[];

/** The records set up on the first device that the steps act on. */
export interface AttentionIds {
  programId: string;
  trackId: string;
  groupId: string;
  /** The client whom the admission steps admit. */
  admitted: string;
  /** The clients whom the join steps add to the group. */
  roster: string[];
}

export type AttentionStep = { kind: 'admit'; device: number } | { kind: 'join'; device: number; member: number } | { kind: 'register'; device: number };

export interface WorkerSetup {
  name: string;
  keyId: string;
  rawKey: Uint8Array;
  serverUrl: string;
  credentials: Credentials;
}

/** A request with nothing to send beyond its method. */
type NoArgs = { none?: never };
type Requests = {
  open: [{ setup: WorkerSetup }, null];
  setUp: [{ today: string; rosterSize: number }, AttentionIds];
  step: [{ step: AttentionStep; ids: AttentionIds; today: string }, boolean];
  start: [NoArgs, null];
  stop: [NoArgs, null];
  restart: [NoArgs, null];
  settled: [{ timeoutMs: number }, null];
  docs: [NoArgs, Record<string, string>];
  items: [{ today: string }, string[]];
  resolveAll: [{ today: string }, number];
  close: [NoArgs, null];
};
type Method = keyof Requests;
export type DeviceRequest = { [M in Method]: { id: number; method: M } & Requests[M][0] }[Method];
export type DeviceReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A device in its own worker thread. */
export class WorkerDevice {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited: Error | null = null;

  private constructor(
    readonly name: string,
    private readonly worker: Worker,
  ) {
    worker.on('message', (reply: DeviceReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(`${name}: ${reply.error}`));
    });
    const fail = (error: Error) => {
      this.exited = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) => fail(new Error(`${name}: the worker failed: ${error.stack ?? error.message}`)));
    worker.on('exit', (code) => fail(new Error(`${name}: the worker exited (${code})`)));
  }

  /** A thread ready to open a device (`open`), one after another: starting the thread and loading the app is most of the cost. */
  static spawn(name: string): WorkerDevice {
    // A worker does not inherit vitest's transform: tsx loads the device's TypeScript (tsImport, as
    // tsx's global register() meets require(esm) cycles in the app's modules under Node 20).
    const entry = new URL('./device-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
    // Its stdout (RxDB's banner, once per realm) is dropped; failures come back as answers, stderr as it is.
    const worker = new Worker(boot, { eval: true, stdout: true });
    worker.stdout.resume();
    return new WorkerDevice(name, worker);
  }

  call<M extends Method>(method: M, args: Requests[M][0]): Promise<Requests[M][1]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, method, ...args });
    });
  }

  /** Ends the thread (close the device first). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
