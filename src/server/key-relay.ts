/**
 * Key epochs through the server (docs/SERVER.md, Key epochs): devices publish their public key
 * with an attestation, and a device that makes a new epoch leaves one relay per active device,
 * sealed to that device's key. The server stores and hands out opaque text: it cannot open a relay
 * nor make an attestation, and a revoked device can no longer ask for anything.
 */
import type { FastifyInstance } from 'fastify';
import { deviceKeySchema, publishEpochSchema } from '../shared/sync/protocol';
import { HttpError, parse } from './errors';
import type { ServerContext } from './app';

export function keyRelayRoutes(app: FastifyInstance, { storage, now }: ServerContext): void {
  app.put('/devices/self/key', async (request, reply) => {
    const device = request.device!;
    const body = parse(deviceKeySchema, request.body, 'device key');
    await storage.query('UPDATE devices SET public_key = $2, key_attestation = $3 WHERE id = $1', [device.id, body.publicKey, body.attestation]);
    return reply.code(204).send();
  });

  app.get('/devices/keys', async (request) => {
    const rows = await storage.query<{ id: string; public_key: string; key_attestation: string }>(
      'SELECT id, public_key, key_attestation FROM devices WHERE practice_id = $1 AND revoked_at IS NULL AND public_key IS NOT NULL ORDER BY created_at, id',
      [request.device!.practiceId],
    );
    return { devices: rows.map((row) => ({ deviceId: row.id, publicKey: row.public_key, attestation: row.key_attestation })) };
  });

  app.post('/epochs', async (request, reply) => {
    const device = request.device!;
    const body = parse(publishEpochSchema, request.body, 'key epoch');
    const at = now();
    await storage.transaction(async (tx) => {
      // The practice lock orders this against revocations and keys published meanwhile.
      const [practice] = await tx.query<{ key_epoch: string | null }>('SELECT key_epoch FROM practices WHERE id = $1 FOR UPDATE', [device.practiceId]);
      if (practice!.key_epoch === body.keyId) return;
      if (practice!.key_epoch !== null && practice!.key_epoch !== body.previous) {
        throw new HttpError(409, 'conflict', 'Another administrator made a new practice key meanwhile: let this device sync, then try again');
      }
      const active = await tx.query<{ id: string }>('SELECT id FROM devices WHERE practice_id = $1 AND revoked_at IS NULL AND public_key IS NOT NULL', [device.practiceId]);
      const activeIds = new Set(active.map((row) => row.id));
      const named = new Set(body.relays.map((r) => r.deviceId));
      if (named.size !== body.relays.length) throw new HttpError(400, 'bad_request', 'Invalid key epoch: a device is named twice');
      const stranger = [...named].find((id) => !activeIds.has(id));
      // A revoked device (or another practice's) never receives a new epoch.
      if (stranger !== undefined) throw new HttpError(409, 'conflict', `Device ${stranger} is not an active device of this practice with a published key`);
      const missing = [...activeIds].filter((id) => !named.has(id));
      if (missing.length > 0) throw new HttpError(409, 'conflict', `The new key is not relayed to ${missing.length} active device(s) of the practice: list the devices again and retry`);
      for (const relay of body.relays) {
        await tx.query('INSERT INTO key_relays (practice_id, device_id, key_id, relay, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, key_id) DO NOTHING', [
          device.practiceId,
          relay.deviceId,
          body.keyId,
          relay.relay,
          at,
        ]);
      }
      await tx.query('UPDATE practices SET key_epoch = $2 WHERE id = $1', [device.practiceId, body.keyId]);
    });
    return reply.code(201).send({});
  });

  app.get('/epochs', async (request) => {
    const rows = await storage.query<{ key_id: string; relay: string }>('SELECT key_id, relay FROM key_relays WHERE device_id = $1 ORDER BY n', [request.device!.id]);
    return { relays: rows.map((row) => ({ keyId: row.key_id, relay: row.relay })) };
  });
}

