/**
 * Live changes over server-sent events. A stream starts at the practice's sequence when it opens
 * and, whenever a push to its collection commits, sends what lies after its own position, read
 * from the database: so a notification can be coalesced, or arrive while a send is under way,
 * and nothing is lost or sent twice. Notifications are in-process (one server process per
 * database; see docs/SERVER.md).
 */
import type { ServerResponse } from 'node:http';
import type { MultiplexedEvent, PullResponse, SyncCollection } from '../shared/sync/protocol';

export type LoadChanges = (practiceId: string, collection: SyncCollection, afterSeq: number) => Promise<PullResponse>;
/** Every collection's changes after `afterSeq`, as per-collection events; `seq` is where the next read starts. */
export type LoadAllChanges = (practiceId: string, afterSeq: number) => Promise<{ events: MultiplexedEvent[]; seq: number }>;

interface Subscriber {
  practiceId: string;
  /** null: every collection (the multiplexed stream). */
  collection: SyncCollection | null;
  deviceId: string;
  res: ServerResponse;
  lastSeq: number;
  heartbeat: NodeJS.Timeout;
  /** A change arrived since the pump last looked. */
  dirty: boolean;
  pumping: boolean;
  closed: boolean;
}

/** Resolves when the client has taken the bytes (or is gone): a slow client holds one batch at a time. */
function send(res: ServerResponse, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export class StreamHub {
  private readonly subscribers = new Set<Subscriber>();
  private shutDown = false;

  constructor(
    private readonly load: LoadChanges,
    private readonly loadAll: LoadAllChanges,
    private readonly heartbeatMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** `res` has its headers written; changes after `fromSeq` will be sent to it. */
  open(res: ServerResponse, target: { practiceId: string; collection: SyncCollection | null; deviceId: string }, fromSeq: number): void {
    // A stream whose request was under way when shutdown began must not hold the server open.
    if (this.shutDown) {
      res.end();
      return;
    }
    const subscriber: Subscriber = {
      ...target,
      res,
      lastSeq: fromSeq,
      heartbeat: setInterval(() => res.write(': ping\n\n'), this.heartbeatMs),
      dirty: false,
      pumping: false,
      closed: false,
    };
    this.subscribers.add(subscriber);
    res.on('close', () => this.close(subscriber));
    // A push may have committed between reading `fromSeq` and subscribing: look once now.
    void this.pump(subscriber);
  }

  /** Called after a push to (practice, collection) committed. */
  changed(practiceId: string, collection: SyncCollection): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.practiceId === practiceId && (subscriber.collection === null || subscriber.collection === collection)) void this.pump(subscriber);
    }
  }

  closeDevice(deviceId: string): void {
    for (const subscriber of this.subscribers) if (subscriber.deviceId === deviceId) this.close(subscriber);
  }

  /** Closes every stream, and any opened from now on. */
  shutdown(): void {
    this.shutDown = true;
    for (const subscriber of this.subscribers) this.close(subscriber);
  }

  private close(subscriber: Subscriber): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    clearInterval(subscriber.heartbeat);
    this.subscribers.delete(subscriber);
    subscriber.res.end();
  }

  private async pump(subscriber: Subscriber): Promise<void> {
    subscriber.dirty = true;
    if (subscriber.pumping) return;
    subscriber.pumping = true;
    try {
      while (subscriber.dirty && !subscriber.closed) {
        subscriber.dirty = false;
        for (;;) {
          const { collection } = subscriber;
          const batches =
            collection === null
              ? await this.loadAll(subscriber.practiceId, subscriber.lastSeq)
              : await this.load(subscriber.practiceId, collection, subscriber.lastSeq).then((batch) => ({ events: batch.documents.length ? [batch] : [], seq: batch.checkpoint.seq }));
          if (subscriber.closed || batches.events.length === 0) break;
          subscriber.lastSeq = batches.seq;
          for (const event of batches.events) await send(subscriber.res, `data: ${JSON.stringify(event)}\n\n`);
        }
      }
    } catch (error) {
      // The client reconnects and resyncs from its checkpoint.
      this.onError(error);
      this.close(subscriber);
    } finally {
      subscriber.pumping = false;
    }
  }
}
