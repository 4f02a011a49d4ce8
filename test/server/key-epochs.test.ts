/**
 * Key epochs and device keys (docs/ARCHITECTURE.md, Key epochs) with the app's real vault, sync and
 * re-sealer against a real server on PGlite and on PostgreSQL, over real HTTP and real crypto:
 * - a removed staff member's passphrase, with a backup made before the removal (and the server's
 *   whole database), opens nothing written after it, though it still opens what the backup holds;
 * - a revoked device with its own storage and a full copy of the server database cannot open
 *   anything written after the revocation; no relay is addressed to it;
 * - current devices converge on the new epoch: they receive it, read what was written under it,
 *   and every record ends up sealed under it.
 */
// First: Dexie takes IndexedDB from the globals when it loads, and the storage layer below loads it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupService } from '../../src/renderer/src/backup/backup-service';
import { replicatedCollections } from '../../src/renderer/src/db/replicated';
import { KeyringStore } from '../../src/renderer/src/vault/keyring';
import { EpochUnreachableError, openKeyring, RelayRefusedError, zero } from '../../src/renderer/src/vault/keyring-epochs';
import { createPracticeKey, envelopeKeyId, opaqueRecordId, openBox, sealBox, sealBytes, sealJson, unsealBytes, WrongKeyError, type Box, type DataKey } from '../../src/shared/crypto';
import { openBackup } from '../../src/shared/backup';
import { restoreRecord } from '../../src/shared/records';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { addStaffWithPassphrase } from '../renderer/support/staff';
import { BACKENDS, useBackend } from './support/backends';
import { b64, call, enrolDevice, errorCode, registerPractice, startServer, type TestServer } from './support/server';
import { enrolledDevice, foundingDevice, type VaultDevice } from './support/vault-devices';

const ADMIN_PASS = 'harbour lantern quietly folding maps';
const CLINICIAN_PASS = 'orchard violet staircase humming gently';
const MEMBER_PASS = 'copper meadow whistle drifting slowly';

async function backUp(device: VaultDevice): Promise<Uint8Array> {
  let saved: Uint8Array | null = null;
  await new BackupService(device.db, device.parts, { appVersion: '0.2.0-test' }).backUpNow({
    saveFile: async (request) => {
      saved = request.data;
      return { saved: true, location: '/synthetic/backup.wpbackup' };
    },
  });
  return saved!;
}

const schemaVersions = (device: VaultDevice) => Object.fromEntries(replicatedCollections(device.db).map(([n, c]) => [n, c.schema.version]));

/** Every document row the server holds, as a stolen copy of its database would give them. */
async function serverDocuments(storage: { query<R>(sql: string): Promise<R[]> }): Promise<Map<string, SyncDocument>> {
  const rows = await storage.query<{ id: string; doc: SyncDocument | string }>("SELECT id, doc FROM documents WHERE collection = 'clients'");
  return new Map(rows.map((row) => [row.id, typeof row.doc === 'string' ? (JSON.parse(row.doc) as SyncDocument) : row.doc]));
}

const opens = (key: DataKey, doc: SyncDocument) => restoreRecord(key, 'clients', doc).then(
  () => 'opened',
  (error: unknown) => (error instanceof WrongKeyError ? 'wrong key' : `failed: ${String(error)}`),
);

describe.each(BACKENDS)('key epochs on %s', (name) => {
  const backend = useBackend(name);
  let server: TestServer | undefined;
  const devices: VaultDevice[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server?.close();
  });

  it('relays only to active devices of the practice, in one line of epochs, and refuses malformed requests with 4xx', async () => {
    server = await startServer(backend.storage);
    const admin = await registerPractice(server);
    const member = await enrolDevice(server, admin.token);
    const gone = await enrolDevice(server, admin.token);
    const key = () => ({ publicKey: b64(32), attestation: `w1.A256GCM.attest01.${b64(12)}.${b64(40)}` });
    for (const d of [admin, member, gone]) expect((await call(server, 'PUT', '/v1/devices/self/key', { token: d.token, body: key() })).status).toBe(204);
    expect(errorCode(await call(server, 'PUT', '/v1/devices/self/key', { token: admin.token, body: { publicKey: 'short', attestation: 'x' } }))).toBe('bad_request');
    expect((await call(server, 'GET', '/v1/devices/keys')).status).toBe(401);
    expect(((await call<{ devices: unknown[] }>(server, 'GET', '/v1/devices/keys', { token: member.token })).body.devices).length).toBe(3);
    expect((await call(server, 'DELETE', `/v1/devices/${gone.deviceId}`, { token: admin.token })).status).toBe(204);
    const listed = (await call<{ devices: { deviceId: string }[] }>(server, 'GET', '/v1/devices/keys', { token: member.token })).body.devices.map((d) => d.deviceId);
    expect(listed.sort()).toEqual([admin.deviceId, member.deviceId].sort());

    const relay = (deviceId: string) => ({ deviceId, relay: `{"opaque":"${b64(30)}"}` });
    const epoch = (keyId: string, previous: string, relays: unknown[]) => call(server!, 'POST', '/v1/epochs', { token: admin.token, body: { keyId, previous, relays } });
    expect(errorCode(await epoch('epoch-0002', 'epoch-0001', [relay(admin.deviceId), relay(member.deviceId), relay(gone.deviceId)]))).toBe('conflict');
    expect(errorCode(await epoch('epoch-0002', 'epoch-0001', [relay(admin.deviceId)]))).toBe('conflict');
    expect(errorCode(await epoch('epoch-0002', 'epoch-0001', [relay(admin.deviceId), relay(admin.deviceId)]))).toBe('bad_request');
    expect(errorCode(await epoch('no', 'epoch-0001', [relay(admin.deviceId)]))).toBe('bad_request');
    expect((await epoch('epoch-0002', 'epoch-0001', [relay(admin.deviceId), relay(member.deviceId)])).status).toBe(201);
    // A second epoch from the same predecessor (another administrator, meanwhile) would fork the history.
    expect(errorCode(await epoch('epoch-0003', 'epoch-0001', [relay(admin.deviceId), relay(member.deviceId)]))).toBe('conflict');
    expect((await epoch('epoch-0003', 'epoch-0002', [relay(admin.deviceId), relay(member.deviceId)])).status).toBe(201);
    const mine = await call<{ relays: { keyId: string }[] }>(server, 'GET', '/v1/epochs', { token: member.token });
    expect(mine.body.relays.map((r) => r.keyId)).toEqual(['epoch-0002', 'epoch-0003']);
    expect((await call(server, 'GET', '/v1/epochs', { token: gone.token })).status).toBe(401);
  });

  it('a removed staff member, with their passphrase, a backup from before the removal and the server database, reads nothing written after it', async () => {
    server = await startServer(backend.storage);
    const office = await foundingDevice(server.url, { practiceName: 'Synthetic Epoch Practice', adminName: 'Admin Synthetic', passphrase: ADMIN_PASS });
    devices.push(office);
    const clinician = await addStaffWithPassphrase(office.parts, { adminPassphrase: ADMIN_PASS, displayName: 'Leaving Synthetic', role: 'clinician', passphrase: CLINICIAN_PASS });
    const before = await office.clients.create({ firstName: 'Before', lastName: 'Syntheticson', dateOfBirth: '1980-02-03' });
    await office.sync.start();
    await office.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    const oldBackup = await backUp(office);
    const firstKey = office.parts.vault.requireKey().id;

    const rotation = await office.parts.profiles.removeProfile({ adminPassphrase: ADMIN_PASS, profileId: clinician.id });
    expect(rotation.keyId).not.toBe(firstKey);
    expect(rotation.unreachable).toEqual([]);
    expect(office.parts.vault.requireKey().id).toBe(rotation.keyId);
    const after = await office.clients.create({ firstName: 'After', lastName: 'Syntheticson', dateOfBirth: '1981-04-05' });
    await office.resealer.run();
    await office.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    const newBackup = await backUp(office);

    // What the leaver holds: the old backup (their wrap in it), and a copy of the server database.
    const old = await openBackup(oldBackup, { schemaVersions: schemaVersions(office) });
    const theirWrap = old.keyring.profiles.find((p) => p.id === clinician.id)!.wrap;
    const theirs = await openKeyring({ ...old.keyring, v: 1, profiles: old.keyring.profiles.map((p) => ({ ...p, failedAttempts: 0, retryAt: 0 })) }, theirWrap, CLINICIAN_PASS, clinician.id);
    zero(theirs.raws);
    const stolen = await serverDocuments(backend.storage);
    // Control: that key does open what the backup held (the attack is real, not a wrong recipe).
    const backedUp = [...old.chunks()].flatMap((c) => (c.collection === 'clients' ? c.documents : [])).find((d) => d.id === before.id)!;
    expect(await opens(theirs.dataKey, backedUp)).toBe('opened');
    // Written after the removal, and the earlier record as re-sealed since: sealed under the new epoch.
    expect(envelopeKeyId(stolen.get(after.id)!.sealed)).toBe(rotation.keyId);
    expect(envelopeKeyId(stolen.get(before.id)!.sealed)).toBe(rotation.keyId);
    expect(await opens(theirs.dataKey, stolen.get(after.id)!)).toBe('wrong key');
    expect(await opens(theirs.dataKey, stolen.get(before.id)!)).toBe('wrong key');
    // Nothing on the server opens with it either: no relay is sealed under an epoch key.
    const relays = await backend.storage.query<{ relay: string }>('SELECT relay FROM key_relays');
    expect(relays.length).toBeGreaterThan(0);
    for (const { relay } of relays) {
      const { link } = JSON.parse(relay) as { link: string };
      await expect(unsealBytes(theirs.dataKey, { collection: 'waypoint-epoch', id: firstKey, schemaVersion: 1 }, link)).rejects.toBeInstanceOf(WrongKeyError);
    }

    // The backup made after the removal holds no wrap or box of theirs; grafting their old wrap onto it reaches only the old epoch.
    const current = await openBackup(newBackup, { schemaVersions: schemaVersions(office) });
    expect(current.keyring.profiles.map((p) => p.id)).not.toContain(clinician.id);
    expect((current.keyring.inbox ?? []).map((e) => e.to)).not.toContain(clinician.id);
    const grafted = { ...current.keyring, v: 1 as const, profiles: [{ id: clinician.id, displayName: 'Leaving Synthetic', role: 'clinician' as const, wrap: theirWrap, failedAttempts: 0, retryAt: 0 }] };
    await expect(openKeyring(grafted, theirWrap, CLINICIAN_PASS, clinician.id)).rejects.toBeInstanceOf(EpochUnreachableError);

    // The administrator, and the recovery code, still open everything, old and new, from the new backup.
    const keyring = current.keyring;
    const adminWrap = keyring.profiles.find((p) => p.id === office.parts.vault.currentProfile().id)!.wrap;
    const admin = await openKeyring({ ...keyring, v: 1, profiles: [] }, adminWrap, ADMIN_PASS, office.parts.vault.currentProfile().id);
    const recovery = await openKeyring({ ...keyring, v: 1, profiles: [] }, keyring.recovery, office.recoveryCode, 'recovery');
    for (const opened of [admin, recovery]) {
      zero(opened.raws);
      expect(await opens(opened.dataKey, stolen.get(after.id)!)).toBe('opened');
      expect(await opens(opened.dataKey, backedUp)).toBe('opened');
    }
  });

  it('a revoked device, with its own storage and a copy of the server database, reads nothing written after the revocation; current devices converge on the new epoch', async () => {
    server = await startServer(backend.storage);
    const office = await foundingDevice(server.url, { practiceName: 'Synthetic Device Practice', adminName: 'Admin Synthetic', passphrase: ADMIN_PASS });
    devices.push(office);
    const kept = await enrolledDevice(server.url, office, { name: 'kept', adminPassphrase: ADMIN_PASS, staff: { id: 'staff-kept', displayName: 'Kept Synthetic', role: 'clinician' }, passphrase: MEMBER_PASS });
    const lost = await enrolledDevice(server.url, office, { name: 'lost', adminPassphrase: ADMIN_PASS, staff: { id: 'staff-lost', displayName: 'Lost Synthetic', role: 'clinician' }, passphrase: MEMBER_PASS });
    devices.push(kept, lost);
    const before = await office.clients.create({ firstName: 'Early', lastName: 'Syntheticson', dateOfBirth: '1975-06-07' });
    for (const d of [office, kept, lost]) await d.sync.start();
    // Every device has published its key once its stream opened.
    await expect.poll(async () => (await office.client.deviceKeys()).length, { timeout: 20_000 }).toBe(3);
    await expect.poll(async () => (await kept.clients.get(before.id))?.data.firstName, { timeout: 20_000 }).toBe('Early');
    await expect.poll(async () => (await lost.clients.get(before.id))?.data.firstName, { timeout: 20_000 }).toBe('Early');
    const firstKey = office.parts.vault.requireKey().id;
    // Ids two devices must agree on (a member's note of a session) do not change with the epoch.
    const noteIdOn = (d: VaultDevice) => opaqueRecordId(d.parts.vault.requireKey(), 'note', ['session-synthetic', 'client-synthetic']);
    const noteId = await noteIdOn(office);

    // The laptop is lost: revoked at the server, then a new epoch without it.
    await office.client.revokeDevice(lost.deviceId);
    const rotation = await office.parts.epochs.rotate({ adminPassphrase: ADMIN_PASS, reason: 'device-revoked' });
    expect(rotation).toMatchObject({ relayedTo: 2, unverified: [] });
    const after = await office.clients.create({ firstName: 'Later', lastName: 'Syntheticson', dateOfBirth: '1976-08-09' });

    // The kept device receives the epoch, reads what was written under it, and every record converges on it.
    await expect.poll(async () => (await kept.clients.get(after.id))?.data.firstName, { timeout: 30_000 }).toBe('Later');
    expect(kept.parts.vault.requireKey().id).toBe(rotation.keyId);
    expect(kept.parts.keyring.require().practice.keyId).toBe(rotation.keyId);
    const sealedUnder = async (d: VaultDevice) => (await d.db.clients.find().exec()).map((doc) => envelopeKeyId(doc.sealed));
    await expect.poll(() => sealedUnder(kept), { timeout: 30_000 }).toEqual([rotation.keyId, rotation.keyId]);
    await expect.poll(() => sealedUnder(office), { timeout: 30_000 }).toEqual([rotation.keyId, rotation.keyId]);
    // The kept device's staff member unlocks there again after a lock: their wrap (an earlier epoch) reaches the new one.
    await kept.parts.vault.lock('manual');
    await kept.parts.vault.unlock('staff-kept', MEMBER_PASS);
    expect(kept.parts.vault.requireKey().id).toBe(rotation.keyId);
    expect((await kept.clients.get(after.id))?.data.firstName).toBe('Later');
    expect([await noteIdOn(office), await noteIdOn(kept)]).toEqual([noteId, noteId]);

    // A relay the server forges (a key of its own, boxed to the kept device's real public key) is refused; nothing changes.
    const keptKey = (await office.client.deviceKeys()).find((d) => d.deviceId === kept.deviceId)!.publicKey;
    const forged = await createPracticeKey();
    const forgedRelay = JSON.stringify({
      v: 1,
      keyId: forged.dataKey.id,
      previous: rotation.keyId,
      box: await sealBox(keptKey, forged.raw, ['relay', kept.parts.keyring.require().practice.id, kept.deviceId, forged.dataKey.id]),
      link: await sealBytes(forged.dataKey, { collection: 'waypoint-epoch', id: rotation.keyId, schemaVersion: 1 }, forged.raw as Uint8Array<ArrayBuffer>),
      proof: await sealJson(forged.dataKey, { collection: 'waypoint-epoch-proof', id: forged.dataKey.id, schemaVersion: 1 }, { sha256: 'x', reason: 'on-demand', removed: ['staff-kept'] }),
    });
    await expect(kept.parts.epochs.receive(kept.deviceId, forgedRelay)).rejects.toBeInstanceOf(RelayRefusedError);
    await expect(kept.parts.epochs.receive(kept.deviceId, '{"v":1')).rejects.toBeInstanceOf(RelayRefusedError);
    expect(kept.parts.vault.requireKey().id).toBe(rotation.keyId);
    expect(kept.parts.keyring.require().profiles.map((p) => p.id)).toEqual(['staff-kept']);

    // The lost device: everything it has locally (keyring, device key, old epoch) and the whole server database.
    expect((await backend.storage.query<{ n: number }>(`SELECT count(*)::int AS n FROM key_relays WHERE device_id = '${lost.deviceId}'`))[0]!.n).toBe(0);
    const lostKeyring = (await new KeyringStore(lost.db).load())!;
    const lostSession = lost.parts.vault.requireKey();
    expect(lostSession.id).toBe(firstKey);
    const deviceSecret = await unsealBytes(lostSession, { collection: 'waypoint-device-secret', id: 'device', schemaVersion: 1 }, lostKeyring.device!.sealed);
    const relays = await backend.storage.query<{ relay: string }>('SELECT relay FROM key_relays');
    expect(relays.length).toBe(2);
    for (const { relay } of relays) {
      const parsed = JSON.parse(relay) as { box: Box; keyId: string };
      for (const context of [['relay', lostKeyring.practice.id, lost.deviceId, parsed.keyId], ['relay', lostKeyring.practice.id, office.deviceId, parsed.keyId], ['relay', lostKeyring.practice.id, kept.deviceId, parsed.keyId]]) {
        await expect(openBox(deviceSecret, parsed.box, context)).rejects.toThrow();
      }
    }
    const stolen = await serverDocuments(backend.storage);
    expect(await opens(lostSession, stolen.get(after.id)!)).toBe('wrong key');
    // Control: what it held before, sealed under the epoch it has, it can open.
    expect(await opens(lostSession, (await lost.db.clients.findOne(before.id).exec())!.toJSON() as unknown as SyncDocument)).toBe('opened');
    // Its sync stopped: the server refuses it, so it never pulls the new epoch's records.
    await lost.until((s) => s.phase === 'refused');
    expect(await lost.clients.get(after.id)).toBeNull();
  });
});
