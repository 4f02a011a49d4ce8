/**
 * Live changes over server-sent events. A stream event names a collection and the sequence
 * number it changed up to, nothing more: the device pulls from its own checkpoint, so each change
 * is read and sent once, and an event may be coalesced or dropped without losing anything.
 *
 * Notifications travel through the database (NOTIFY inside the writing transaction, LISTEN here),
 * so every server process on one PostgreSQL database tells its own streams of every process's
 * writes, and revocations close a device's streams everywhere. PGlite does the same in-process.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { syncCollectionSchema, type SyncCollection } from '../shared/sync/protocol';
import type { Queryable } from './storage';

export const NOTIFY_CHANNEL = 'waypoint_changes';

const noticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('changed'), practiceId: z.string(), collection: syncCollectionSchema, seq: z.number().int() }),
  z.object({ kind: z.literal('revoked'), deviceId: z.string() }),
]);
export type Notice = z.infer<typeof noticeSchema>;

/** Inside the writing transaction: delivered to every listening process when, and only if, it commits. */
export async function notify(tx: Queryable, notice: Notice): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, JSON.stringify(notice)]);
}

interface Subscriber {
  practiceId: string;
  /** null: every collection (the multiplexed stream). */
  collection: SyncCollection | null;
  deviceId: string;
  res: ServerResponse;
  heartbeat: NodeJS.Timeout;
  /** Changes not yet written because the client is slow to read: the highest sequence per collection. */
  pending: Map<SyncCollection, number>;
  closed: boolean;
}

export class StreamHub {
  private readonly subscribers = new Set<Subscriber>();
  private shutDown = false;

  constructor(
    private readonly heartbeatMs: number,
    private readonly onBadNotice: (payload: string) => void,
  ) {}

  /** `res` has its headers written; changes notified from now on are sent to it. */
  open(res: ServerResponse, target: { practiceId: string; collection: SyncCollection | null; deviceId: string }): void {
    // A stream whose request was under way when shutdown began must not hold the server open.
    if (this.shutDown) {
      res.end();
      return;
    }
    const subscriber: Subscriber = { ...target, res, heartbeat: setInterval(() => res.write(': ping\n\n'), this.heartbeatMs), pending: new Map(), closed: false };
    this.subscribers.add(subscriber);
    res.on('close', () => this.close(subscriber));
    res.on('drain', () => this.flush(subscriber));
  }

  /** Open streams of one device in this process. */
  streamsOf(deviceId: string): number {
    let count = 0;
    for (const subscriber of this.subscribers) if (subscriber.deviceId === deviceId) count += 1;
    return count;
  }

  /** A NOTIFY payload from the database. */
  receive(payload: string): void {
    let notice: Notice;
    try {
      notice = noticeSchema.parse(JSON.parse(payload));
    } catch {
      this.onBadNotice(payload);
      return;
    }
    if (notice.kind === 'revoked') this.closeDevice(notice.deviceId);
    else this.changed(notice.practiceId, notice.collection, notice.seq);
  }

  changed(practiceId: string, collection: SyncCollection, seq: number): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.practiceId !== practiceId || (subscriber.collection !== null && subscriber.collection !== collection)) continue;
      subscriber.pending.set(collection, Math.max(seq, subscriber.pending.get(collection) ?? 0));
      this.flush(subscriber);
    }
  }

  closeDevice(deviceId: string): void {
    for (const subscriber of this.subscribers) if (subscriber.deviceId === deviceId) this.close(subscriber);
  }

  /** Notifications may have been missed: every device reconnects and pulls. */
  closeAll(): void {
    for (const subscriber of this.subscribers) this.close(subscriber);
  }

  /** Closes every stream, and any opened from now on. */
  shutdown(): void {
    this.shutDown = true;
    this.closeAll();
  }

  /** Writes what is pending unless the client has not taken the last write: then on 'drain'. */
  private flush(subscriber: Subscriber): void {
    if (subscriber.closed || subscriber.res.writableNeedDrain) return;
    for (const [collection, seq] of subscriber.pending) subscriber.res.write(`data: ${JSON.stringify({ collection, seq })}\n\n`);
    subscriber.pending.clear();
  }

  private close(subscriber: Subscriber): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    clearInterval(subscriber.heartbeat);
    this.subscribers.delete(subscriber);
    subscriber.res.end();
  }
}
