/**
 * Practices and their devices: registration of the first administrator device, one-time
 * enrolment of further devices, the device list and revocation. The server relays the enrolment's
 * wrapped practice key without being able to open it, and forgets it once redeemed.
 */
import type { FastifyInstance } from 'fastify';
import {
  LIMITS,
  createEnrolmentSchema,
  documentIdSchema,
  PROTOCOL_VERSION,
  redeemEnrolmentSchema,
  registerRequestSchema,
  setMinAppVersionSchema,
  type DeviceInfo,
  type PracticeInfo,
} from '../shared/sync/protocol';
import { UNSTATED_APP_VERSION, isBelowMinimum } from '../shared/sync/app-version';
import { newId, newToken, requireAdmin, secretsEqual, sha256 } from './auth';
import { HttpError, notFound, parse } from './errors';
import type { Queryable } from './storage';
import { toNullableNumber, toNumber } from './storage/types';
import type { ServerContext } from './app';
import { notify, type StreamHub } from './stream-hub';

/** Public routes: no device token yet. */
export function enrolmentRoutes(app: FastifyInstance, { storage, now, registrationSecret }: ServerContext): void {
  app.post('/practices', async (request, reply) => {
    const body = parse(registerRequestSchema, request.body, 'registration');
    if (registrationSecret !== undefined && !secretsEqual(body.registrationSecret ?? '', registrationSecret)) {
      throw new HttpError(403, 'registration_refused', 'The registration secret is missing or wrong');
    }
    // Without a secret only the first practice may register: refused at once when there is one,
    // and checked again under a table lock (so two simultaneous first registrations cannot both
    // succeed; the lock is not taken for the usual refusal, as it would hold up pushes).
    const refuseIfTaken = async (db: Queryable): Promise<void> => {
      if (registrationSecret === undefined && (await db.query('SELECT 1 FROM practices LIMIT 1')).length > 0) {
        throw new HttpError(403, 'registration_refused', 'This server already has a practice; its operator must set a registration secret to register another');
      }
    };
    await refuseIfTaken(storage);
    const practiceId = newId();
    const deviceId = newId();
    const token = newToken();
    const at = now();
    await storage.transaction(async (tx) => {
      if (registrationSecret === undefined) {
        await tx.query('LOCK TABLE practices IN SHARE ROW EXCLUSIVE MODE');
        await refuseIfTaken(tx);
      }
      await tx.query('INSERT INTO practices (id, created_at) VALUES ($1, $2)', [practiceId, at]);
      await tx.query("INSERT INTO devices (id, practice_id, name, role, token_sha256, created_at, last_seen_at) VALUES ($1, $2, $3, 'admin', $4, $5, $5)", [
        deviceId,
        practiceId,
        body.deviceName,
        sha256(token),
        at,
      ]);
    });
    // Known from here on: the request log names the new practice.
    request.device = { id: deviceId, practiceId, role: 'admin', appVersion: null, minAppVersion: null };
    return reply.code(201).send({ practiceId, deviceId, token });
  });

  app.post('/enrol', async (request, reply) => {
    const body = parse(redeemEnrolmentSchema, request.body, 'enrolment');
    const deviceId = newId();
    const token = newToken();
    const at = now();
    const redeemed = await storage.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string; practice_id: string; verifier_sha256: string; wrapped_key: string; role: 'admin' | 'member'; expires_at: unknown; redeemed_at: unknown }>(
        'SELECT id, practice_id, verifier_sha256, wrapped_key, role, expires_at, redeemed_at FROM enrolments WHERE lookup_id = $1 FOR UPDATE',
        [body.lookupId],
      );
      if (!row || !secretsEqual(sha256(body.verifier), row.verifier_sha256)) throw new HttpError(403, 'enrolment_invalid', 'This enrolment code is not valid');
      if (row.redeemed_at !== null) throw new HttpError(410, 'enrolment_used', 'This enrolment code was already used; ask an administrator for a new one');
      if (at >= toNumber(row.expires_at)) throw new HttpError(410, 'enrolment_expired', 'This enrolment code has expired; ask an administrator for a new one');
      await tx.query('INSERT INTO devices (id, practice_id, name, role, token_sha256, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [
        deviceId,
        row.practice_id,
        body.deviceName,
        row.role,
        sha256(token),
        at,
      ]);
      // The wrapped key has reached its device: the server need not keep even the ciphertext.
      await tx.query("UPDATE enrolments SET redeemed_at = $2, redeemed_by = $3, wrapped_key = '' WHERE id = $1", [row.id, at, deviceId]);
      return { practiceId: row.practice_id, role: row.role, wrappedKey: row.wrapped_key };
    });
    request.device = { id: deviceId, practiceId: redeemed.practiceId, role: redeemed.role, appVersion: null, minAppVersion: null };
    return reply.code(201).send({ practiceId: redeemed.practiceId, deviceId, token, wrappedKey: redeemed.wrappedKey });
  });
}

/** Sets a practice's minimum app version (null: none); false when there is no such practice. Used by the route and the command line. */
export async function setMinAppVersion(db: Queryable, practiceId: string, minAppVersion: string | null): Promise<boolean> {
  return (await db.query('UPDATE practices SET min_app_version = $2 WHERE id = $1 RETURNING id', [practiceId, minAppVersion])).length > 0;
}

/** Routes of an authenticated device (administrators only, but for the practice's information). */
export function deviceRoutes(app: FastifyInstance, { storage, now, hub }: ServerContext & { hub: StreamHub }): void {
  app.get('/practice', async (request): Promise<PracticeInfo> => ({ protocolVersion: PROTOCOL_VERSION, minAppVersion: request.device!.minAppVersion }));

  app.put('/practice/min-app-version', async (request): Promise<PracticeInfo> => {
    const device = request.device!;
    requireAdmin(device);
    const { minAppVersion } = parse(setMinAppVersionSchema, request.body, 'minimum app version');
    // An administrator cannot shut out the device it is setting it from.
    const own = device.appVersion ?? UNSTATED_APP_VERSION;
    if (isBelowMinimum(own, minAppVersion)) {
      throw new HttpError(409, 'conflict', `This device runs Waypoint ${own}, below ${minAppVersion}: update it first, or set the minimum from the server's command line`);
    }
    await setMinAppVersion(storage, device.practiceId, minAppVersion);
    return { protocolVersion: PROTOCOL_VERSION, minAppVersion };
  });

  app.post('/enrolments', async (request, reply) => {
    const device = request.device!;
    requireAdmin(device);
    const body = parse(createEnrolmentSchema, request.body, 'enrolment');
    const at = now();
    if (body.expiresAt <= at) throw new HttpError(400, 'bad_request', 'Invalid enrolment: expiresAt must be in the future');
    if (body.expiresAt > at + LIMITS.enrolmentLifetimeMs) throw new HttpError(400, 'bad_request', `Invalid enrolment: it may stay valid for at most ${LIMITS.enrolmentLifetimeMs / 86_400_000} days`);
    const enrolmentId = newId();
    const inserted = await storage.query(
      `INSERT INTO enrolments (id, practice_id, lookup_id, verifier_sha256, wrapped_key, role, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (lookup_id) DO NOTHING RETURNING id`,
      [enrolmentId, device.practiceId, body.lookupId, sha256(body.verifier), body.wrappedKey, body.role, device.id, at, body.expiresAt],
    );
    if (inserted.length === 0) throw new HttpError(409, 'conflict', 'An enrolment with this lookup id already exists');
    return reply.code(201).send({ enrolmentId });
  });

  app.get('/devices', async (request) => {
    const device = request.device!;
    requireAdmin(device);
    const rows = await storage.query<{ id: string; name: string; role: 'admin' | 'member'; created_at: unknown; last_seen_at: unknown; revoked_at: unknown }>(
      'SELECT id, name, role, created_at, last_seen_at, revoked_at FROM devices WHERE practice_id = $1 ORDER BY created_at, id',
      [device.practiceId],
    );
    const devices: DeviceInfo[] = rows.map((row) => ({
      id: row.id,
      name: row.name,
      role: row.role,
      createdAt: toNumber(row.created_at),
      lastSeenAt: toNullableNumber(row.last_seen_at),
      revokedAt: toNullableNumber(row.revoked_at),
    }));
    return { devices };
  });

  app.delete('/devices/:id', async (request, reply) => {
    const device = request.device!;
    requireAdmin(device);
    const id = parse(documentIdSchema, (request.params as { id?: unknown }).id, 'device id');
    const at = now();
    await storage.transaction(async (tx) => {
      // The practice lock serialises revocations, so two administrators revoking each other
      // cannot leave the practice without one.
      await tx.query('SELECT 1 FROM practices WHERE id = $1 FOR UPDATE', [device.practiceId]);
      const [target] = await tx.query<{ role: string; revoked_at: unknown }>('SELECT role, revoked_at FROM devices WHERE id = $1 AND practice_id = $2', [id, device.practiceId]);
      if (!target) throw notFound('No such device in this practice');
      if (target.revoked_at !== null) return;
      if (target.role === 'admin') {
        const admins = await tx.query("SELECT 1 FROM devices WHERE practice_id = $1 AND role = 'admin' AND revoked_at IS NULL", [device.practiceId]);
        if (admins.length <= 1) throw new HttpError(409, 'conflict', "The practice's last administrator device cannot be revoked");
      }
      await tx.query('UPDATE devices SET revoked_at = $2 WHERE id = $1', [id, at]);
      // Enrolments it published and nobody redeemed die with it (a stolen administrator laptop).
      await tx.query("UPDATE enrolments SET expires_at = LEAST(expires_at, $2), wrapped_key = '' WHERE created_by = $1 AND redeemed_at IS NULL", [id, at]);
      // Closes its streams in every server process.
      await notify(tx, { kind: 'revoked', deviceId: id });
    });
    // And here at once, even if this process's LISTEN connection is down.
    hub.closeDevice(id);
    return reply.code(204).send();
  });
}
