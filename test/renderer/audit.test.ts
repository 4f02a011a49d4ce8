import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIN_ARGON2, sealJson, WrongPassphraseError } from '../../src/shared/crypto';
import type { AuditEntry } from '../../src/shared/audit';
import type { WaypointBridge } from '../../src/shared/bridge';
import { AuditLog } from '../../src/renderer/src/audit/audit-log';
import { auditedBridge, targetOfRoute } from '../../src/renderer/src/audit/audited-bridge';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { createVault, type VaultParts } from '../../src/renderer/src/vault';
import type { Vault } from '../../src/renderer/src/vault/vault';

const PASSPHRASE = 'violet tractor umbrella sonnet';
const ADMIN = 'Admin Synthetic';
const CLIENT = { firstName: 'Zyxwvut', lastName: 'Quibbleworth', preferredName: '', dateOfBirth: '1984-02-29' };
const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
const NOTE_TARGET = { sessionId: 's-1120', date: '2026-11-20', kind: 'progress' as const, templateId: 'GIRP' as const };

let counter = 0;

describe('audit trail on RxDB (fake-indexeddb, real WebCrypto)', () => {
  let db: WaypointDatabase;
  let vault: Vault;
  let parts: VaultParts;
  let audit: AuditLog;
  let clock: number;
  let adminId: string;

  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 20, 15, 0);
    db = await openDatabase({ name: `audit-test-${++counter}-${Date.now()}`, validate: true, only: ['clients', 'notes', 'audit'] });
    parts = createVault(db, { now: () => clock, calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) }); vault = parts.vault;
    await vault.init();
    audit = await AuditLog.open(db, vault, { now: () => clock });
    adminId = (await parts.enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: ADMIN, passphrase: PASSPHRASE, recoveryCode: parts.enrolment.newRecoveryCode() })).id;
  });
  afterEach(async () => {
    await audit.flush();
    await db.remove();
  });

  const actions = async () => (await audit.find()).reverse().map((e) => [e.seq, e.action, e.target?.collection ?? '', e.detail ?? '']);
  const stored = async () => (await db.audit.find().exec()).map((d) => d.toJSON());
  const problems = async () => (await audit.verify()).flatMap((r) => r.problems.map((p) => [p.kind, p.seq]));

  it('records creating, changing and signing records, sealed and chained, without names or contents in plaintext', async () => {
    const clients = new ClientsRepository(db.clients, vault, () => clock);
    const notes = new NotesRepository(db.notes, vault, () => clock);
    const client = await clients.create(CLIENT);
    // Within ten minutes of creating it, a change adds nothing; after that it is recorded.
    await clients.update(client.id, { ...CLIENT, preferredName: 'Zed' });
    clock += 11 * 60_000;
    await clients.update(client.id, { ...CLIENT, preferredName: 'Zee' });
    const target = { ...NOTE_TARGET, clientId: client.id, authorId: adminId };
    await notes.saveDraft(target, { fields: { goal: 'Synthetic goal' } });
    const draft = await notes.saveDraft(target, { fields: COMPLETE });
    await notes.sign(draft.id, { staffId: adminId, name: ADMIN, credentials: 'LCSW', needsCosignature: false }, '2026-11-20T15:00:00.000Z');
    await audit.flush();

    expect(await actions()).toEqual([
      [1, 'enrolment', '', 'practice set up on this device'],
      [2, 'created', 'clients', 'client'],
      [3, 'changed', 'clients', ''],
      // The note's autosaves while it is typed add nothing to its creation.
      [4, 'created', 'notes', 'progress'],
      [5, 'signed', 'notes', 'status draft → signed'],
    ]);
    const entries = await audit.find({ clientId: client.id });
    expect(entries.map((e) => e.action)).toEqual(['signed', 'created', 'changed', 'created']);
    expect(entries.every((e) => e.who.staffId === adminId && e.who.name === ADMIN && e.deviceId === audit.deviceId)).toBe(true);

    const raw = JSON.stringify(await stored());
    for (const secret of [ADMIN, 'Zyxwvut', 'Quibbleworth', 'Synthetic goal', 'practice set up']) expect(raw).not.toContain(secret);
    expect((await stored()).find((d) => d.seq === '0000000005')).toMatchObject({ action: 'signed', staffId: adminId, clientId: client.id, deviceId: audit.deviceId });

    expect(await audit.verify()).toEqual([{ deviceId: audit.deviceId, entries: 5, lastSeq: 5, problems: [], thisDevice: true }]);
  });

  it('queues a failed unlock and the lock while locked, with ids only, and seals them at the next unlock in order', async () => {
    clock += 60_000;
    await vault.lock('inactivity');
    clock += 60_000;
    await expect(vault.unlock(adminId, 'wrong wrong wrong wrong')).rejects.toThrow(WrongPassphraseError);
    await audit.flush();
    const queue = JSON.stringify((await db.getLocal('audit-queue'))!.toJSON().data);
    expect(queue).toContain(adminId);
    expect(queue).not.toContain(ADMIN);
    expect(await db.audit.count().exec()).toBe(1);

    clock += 60_000;
    await vault.unlock(adminId, PASSPHRASE);
    await audit.flush();
    expect(await actions()).toEqual([
      [1, 'enrolment', '', 'practice set up on this device'],
      [2, 'lock', '', 'inactivity'],
      [3, 'unlock-failed', '', 'wrong passphrase'],
      [4, 'unlock', '', ''],
    ]);
    expect((await audit.find()).map((e) => e.who.name)).toEqual([ADMIN, ADMIN, ADMIN, ADMIN]);
    expect((await db.getLocal<{ entries: unknown[] }>('audit-queue'))!.toJSON().data.entries).toEqual([]);
    expect(await problems()).toEqual([]);
  });

  it('does not record writes that arrive by replication (they bypass the collection, as RxDB replication does)', async () => {
    await audit.flush();
    const before = await db.audit.count().exec();
    const now = Date.now();
    await db.clients.storageInstance.bulkWrite(
      [{ document: { id: 'client-remote', kind: 'client', status: 'active', clientId: '', rev: 1, updatedAt: now, sealed: 'w1.x', _deleted: false, _attachments: {}, _meta: { lwt: now }, _rev: '1-remote' } }],
      'replication-test',
    );
    await audit.flush();
    expect(await db.audit.count().exec()).toBe(before);
  });

  describe('a stored entry that was tampered with is detected through the real collection', () => {
    let clients: ClientsRepository;
    beforeEach(async () => {
      clients = new ClientsRepository(db.clients, vault, () => clock);
      for (const firstName of ['Aldous', 'Bexley', 'Corwin', 'Dorrit']) await clients.create({ ...CLIENT, firstName });
      await audit.flush();
      expect(await problems()).toEqual([]);
    });
    const doc = async (seq: number) => (await db.audit.findOne({ selector: { deviceId: audit.deviceId, seq: String(seq).padStart(10, '0') } }).exec())!;

    it('deleted', async () => {
      await (await doc(3)).remove();
      expect(await problems()).toEqual([['missing', 3]]);
    });

    it('deleted at the end: this device remembers its last entry', async () => {
      await (await doc(5)).remove();
      expect(await problems()).toEqual([['missing', 5]]);
    });

    it('altered in a plaintext field', async () => {
      await (await doc(2)).incrementalPatch({ action: 'printed' });
      expect(await problems()).toEqual([['altered', 2]]);
    });

    it('altered in its envelope (another entry’s sealed part moved in)', async () => {
      await (await doc(2)).incrementalPatch({ sealed: (await doc(3)).sealed });
      expect(await problems()).toEqual([['altered', 2]]);
    });

    it('rewritten by someone holding the key: the next entry no longer vouches for it', async () => {
      const target = await doc(3);
      const entry = (await audit.find()).find((e) => e.seq === 3)!;
      const forged: AuditEntry = { ...entry, target: { collection: 'clients', id: 'client-other', clientId: 'client-other' } };
      const sealed = await sealJson(vault.requireKey(), { collection: 'audit', id: target.id, schemaVersion: 0 }, forged);
      await target.incrementalPatch({ sealed, clientId: 'client-other' });
      expect(await problems()).toEqual([['altered', 3]]);
    });

    it('reordered: each moved entry fails its envelope, which binds its sequence number', async () => {
      const [second, fourth] = [await doc(2), await doc(4)];
      await second.incrementalPatch({ seq: '0000000004' });
      await fourth.incrementalPatch({ seq: '0000000002' });
      expect(await problems()).toEqual([
        ['altered', 2],
        ['altered', 4],
      ]);
    });
  });

  it('keeps chaining after the entries already stored, with a fresh log on the same database', async () => {
    await audit.flush();
    const reopened = await AuditLog.open(db, vault, { now: () => clock });
    expect(reopened.deviceId).toBe(audit.deviceId);
    await reopened.record({ action: 'backup', detail: 'synthetic backup' });
    expect((await reopened.find({ action: 'backup' })).map((e) => e.seq)).toEqual([2]);
    expect(await problems()).toEqual([]);
  });
});

describe('audited bridge', () => {
  const recorded: unknown[] = [];
  const fake = { saveFile: async () => ({ saved: true, location: 'x' }), printToPdf: async () => ({ saved: false }) } as unknown as WaypointBridge;
  let route = '/clients/client-123';
  const bridge = auditedBridge(fake, { record: async (event) => void recorded.push(event) }, () => route);

  it('records prints and saved files with the screen’s record, never the file name', async () => {
    await bridge.printToPdf({ suggestedName: 'Quibbleworth summary' });
    await bridge.saveFile({ suggestedName: 'Quibbleworth.csv', mimeType: 'text/csv', data: new Uint8Array() });
    route = '/reports';
    await bridge.saveFile({ suggestedName: 'billing.csv', mimeType: 'text/csv', data: new Uint8Array() });
    expect(recorded).toEqual([
      { action: 'printed', detail: 'print dialog from /clients/client-123', target: { collection: 'clients', id: 'client-123', clientId: 'client-123' } },
      { action: 'exported', detail: 'text/csv from /clients/client-123', target: { collection: 'clients', id: 'client-123', clientId: 'client-123' } },
      { action: 'exported', detail: 'text/csv from /reports' },
    ]);
    expect(targetOfRoute('/sessions/session-g-2026-11-20')).toEqual({ collection: 'sessions', id: 'session-g-2026-11-20' });
    expect(targetOfRoute('/settings/audit')).toBeUndefined();
  });
});
