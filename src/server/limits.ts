/**
 * Per-device bounds, so that one enrolled device (a bug, a stolen token) cannot take the server
 * from the others: requests at once and live streams are counted here; the request rate is
 * @fastify/rate-limit's. Counts are per server process.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export interface DeviceLimits {
  /** Requests per minute (streams included). */
  requestsPerMinute: number;
  /** Requests being handled at once (a stream counts only while it opens). */
  concurrentRequests: number;
  /** Live streams open at once. */
  streams: number;
}

/** A device's replication pulls its 11 collections at once on reconnect; an initial upload pushes batches back to back. */
export const DEFAULT_DEVICE_LIMITS: DeviceLimits = { requestsPerMinute: 3_000, concurrentRequests: 16, streams: 4 };

export class ConcurrencyGate {
  private readonly active = new Map<string, number>();
  private readonly holders = new WeakMap<FastifyRequest, string>();

  constructor(private readonly max: number) {}

  enter(request: FastifyRequest, deviceId: string): void {
    const count = this.active.get(deviceId) ?? 0;
    if (count >= this.max) throw new HttpError(429, 'rate_limited', `At most ${this.max} requests at once per device; retry when one has answered`);
    this.active.set(deviceId, count + 1);
    this.holders.set(request, deviceId);
  }

  /** Safe to call more than once, and for requests that never entered. */
  leave(request: FastifyRequest): void {
    const deviceId = this.holders.get(request);
    if (deviceId === undefined) return;
    this.holders.delete(request);
    const count = (this.active.get(deviceId) ?? 1) - 1;
    if (count === 0) this.active.delete(deviceId);
    else this.active.set(deviceId, count);
  }
}
