/**
 * Device credentials. A token is 32 random bytes (base64url) shown to its device once; the server
 * keeps only its SHA-256, so a copy of the database cannot act as a device. Every authenticated
 * request resolves its device, and through it its practice: no route takes a practice id from
 * the client.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';
import type { Storage } from './storage';
import { toNullableNumber } from './storage/types';

export interface AuthenticatedDevice {
  id: string;
  practiceId: string;
  role: 'admin' | 'member';
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

export async function authenticate(storage: Storage, request: FastifyRequest, now: number): Promise<AuthenticatedDevice> {
  const rows = await storage.query<{ id: string; practice_id: string; role: 'admin' | 'member'; revoked_at: unknown; last_seen_at: unknown }>(
    'SELECT id, practice_id, role, revoked_at, last_seen_at FROM devices WHERE token_sha256 = $1',
    [sha256(bearer(request))],
  );
  const row = rows[0];
  if (!row) throw new HttpError(401, 'unauthorized', 'The device token is not recognised');
  if (row.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'This device was removed from the practice');
  const lastSeen = toNullableNumber(row.last_seen_at);
  if (lastSeen === null || now - lastSeen >= LAST_SEEN_RESOLUTION_MS) {
    await storage.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [row.id, now]);
  }
  return { id: row.id, practiceId: row.practice_id, role: row.role };
}

export function requireAdmin(device: AuthenticatedDevice): void {
  if (device.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only an administrator device may do this');
}
