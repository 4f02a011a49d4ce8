/**
 * Device credentials. A token is 32 random bytes (base64url) shown to its device once; the server
 * keeps only its SHA-256, so a copy of the database cannot act as a device. Every authenticated
 * request resolves its device, and through it its practice: no route takes a practice id from
 * the client.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { APP_VERSION_HEADER, appVersionSchema } from '../shared/sync/app-version';
import { HttpError, parse } from './errors';
import type { Storage } from './storage';
import { toNullableNumber } from './storage/types';

export interface AuthenticatedDevice {
  id: string;
  practiceId: string;
  role: 'admin' | 'member';
  /** The version the app stated (APP_VERSION_HEADER); null: none, which only release 0.1.0 does. */
  appVersion: string | null;
  /** The practice's minimum app version at the time of the request; null: none. */
  minAppVersion: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on authenticated routes. */
    device: AuthenticatedDevice | null;
  }
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most this often per device, not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export const newToken = (): string => randomBytes(32).toString('base64url');
export const newId = (): string => randomUUID();
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Constant-time comparison of two secrets of any length (their digests have equal length). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header.trim()) : null;
  if (!match) throw new HttpError(401, 'unauthorized', 'Send the device token as "Authorization: Bearer <token>"');
  if (!TOKEN.test(match[1]!)) throw new HttpError(401, 'unauthorized', 'The device token is not recognised');
  return match[1]!;
}

function statedAppVersion(request: FastifyRequest): string | null {
  const header = request.headers[APP_VERSION_HEADER];
  return header === undefined ? null : parse(appVersionSchema, header, APP_VERSION_HEADER);
}

export async function authenticate(storage: Storage, request: FastifyRequest, now: number): Promise<AuthenticatedDevice> {
  const token = bearer(request);
  const appVersion = statedAppVersion(request);
  const rows = await storage.query<{ id: string; practice_id: string; role: 'admin' | 'member'; revoked_at: unknown; last_seen_at: unknown; min_app_version: string | null }>(
    `SELECT d.id, d.practice_id, d.role, d.revoked_at, d.last_seen_at, p.min_app_version
     FROM devices d JOIN practices p ON p.id = d.practice_id WHERE d.token_sha256 = $1`,
    [sha256(token)],
  );
  const row = rows[0];
  if (!row) throw new HttpError(401, 'unauthorized', 'The device token is not recognised');
  if (row.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'This device was removed from the practice');
  const lastSeen = toNullableNumber(row.last_seen_at);
  if (lastSeen === null || now - lastSeen >= LAST_SEEN_RESOLUTION_MS) {
    await storage.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [row.id, now]);
  }
  return { id: row.id, practiceId: row.practice_id, role: row.role, appVersion, minAppVersion: row.min_app_version };
}

export function requireAdmin(device: AuthenticatedDevice): void {
  if (device.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only an administrator device may do this');
}
