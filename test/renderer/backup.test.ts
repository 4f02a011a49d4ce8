import { createSHA256 } from 'hash-wasm';
import { firstValueFrom } from 'rxjs';
import { addRxPlugin, createRxDatabase, getChangedDocumentsSince, type RxStorage } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_CHUNK, BACKUP_FORMAT_VERSION, BackupError, COLLECTION_MIGRATIONS } from '../../src/shared/backup';
import { MIN_ARGON2, openRecord, WrongPassphraseError, type DataKey } from '../../src/shared/crypto';
import { Arrival } from '../../src/renderer/src/arrival/arrival';
import { AuditLog } from '../../src/renderer/src/audit/audit-log';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { BackupService, DeviceNotEmptyError, RestoreWriteError, type BackupStatus } from '../../src/renderer/src/backup/backup-service';
import { openDatabase, type WaypointCollections, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { replicatedCollections, withoutStorageFields } from '../../src/renderer/src/db/replicated';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { Codec, recordState } from '../../src/shared/records';
import { z } from 'zod';
import { notesSchema, clientsSchema, episodesSchema, plansSchema, privateNotesSchema, programsSchema, sessionsSchema, settingsSchema, staffSchema } from '../../src/renderer/src/db/schemas';
import { loadDemoPractice } from '../../src/renderer/src/demo/load-demo';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { PlansRepository } from '../../src/renderer/src/repositories/plans';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { AuthorKeys, authorKeyringOf } from '../../src/renderer/src/repositories/author-keys';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { SettingsRepository } from '../../src/renderer/src/repositories/settings';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { KeyringStore } from '../../src/renderer/src/vault/keyring';
import { addStaffWithPassphrase } from './support/staff';
import { createVault, type VaultParts } from '../../src/renderer/src/vault';
import type { Vault } from '../../src/renderer/src/vault/vault';

addRxPlugin(RxDBLocalDocumentsPlugin);
// A collection created at schema version 1 checks for older data to migrate (there is none on a fresh device).
addRxPlugin(RxDBMigrationSchemaPlugin);

const ADMIN_PASS = 'violet tractor umbrella sonnet';
const CLINICIAN_PASS = 'harbour quince velvet meteor';
const NEW_PASS = 'saffron glacier tundra whistle';
const TODAY = '2026-11-26';
/** Every collection the repositories write; opened by each database in turn (RxDB's open-source build allows few at once). */
const COLLECTIONS = ['settings', 'staff', 'clients', 'episodes', 'programs', 'sessions', 'notes', 'privateNotes', 'plans'] as const satisfies readonly (keyof WaypointCollections)[];
const minimumCost = async () => ({ params: { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 } });

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${crypto.randomUUID().slice(0, 8)}`;

type Snapshot = Map<string, { stored: Record<string, unknown>; plaintext: Uint8Array }>;

/** Every stored document (tombstones too) and the exact bytes its envelope decrypts to. */
async function snapshot(db: WaypointDatabase, key: DataKey): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const [name, collection] of replicatedCollections(db)) {
    const { documents } = await getChangedDocumentsSince(collection.storageInstance, 100_000);
    for (const doc of documents) {
      const stored = withoutStorageFields(doc);
      out.set(`${name}/${stored.id}`, { stored, plaintext: new TextEncoder().encode(JSON.stringify((await openRecord(key, { collection: name, id: stored.id }, stored.sealed, recordState(stored))).value)) });
    }
  }
  return out;
}

/** Nothing written: no document or tombstone in any collection, no keyring, no backup status. */
async function expectUntouched(db: WaypointDatabase, vault: Vault): Promise<void> {
  for (const [, collection] of replicatedCollections(db)) expect((await getChangedDocumentsSince(collection.storageInstance, 10)).documents).toHaveLength(0);
  expect(await new KeyringStore(db).load()).toBeNull();
  expect(await db.getLocal('backup-status')).toBeNull();
  expect(vault.state$.value.status).toBe('setup');
}

interface Source {
  file: Uint8Array;
  recoveryCode: string;
  adminId: string;
  clinicianId: string;
  snapshot: Snapshot;
  status: BackupStatus | null;
  counts: Record<string, number>;
}

/** A practice with records of every kind, backed up through "Back up now" with a bridge that keeps the file. */
async function populatedBackup(): Promise<Source> {
  const db = await openDatabase({ name: unique('backup-source'), validate: true, only: COLLECTIONS });
  const parts = createVault(db, { calibrate: minimumCost });
  const { vault } = parts;
  await vault.init();
  const recoveryCode = parts.enrolment.newRecoveryCode();
  const admin = await parts.enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: 'Admin Synthetic', passphrase: ADMIN_PASS, recoveryCode });
  const repos = {
    staff: new StaffRepository(db.staff, vault),
    programs: new ProgramsRepository(db.programs, vault),
    clients: new ClientsRepository(db.clients, vault),
    episodes: new EpisodesRepository(db.episodes, vault),
    sessions: new SessionsRepository(db.sessions, vault),
  };
  await repos.staff.create(admin.id, 'administrator', { displayName: admin.displayName, credentials: 'LCSW', needsCosignature: false });
  const clinician = await addStaffWithPassphrase(parts, { adminPassphrase: ADMIN_PASS, displayName: 'Clinician Synthetic', role: 'clinician', passphrase: CLINICIAN_PASS });
  await repos.staff.create(clinician.id, 'clinician', { displayName: clinician.displayName, credentials: 'LPC', needsCosignature: false });
  await new SettingsRepository(db.settings, vault).save({ autoLockMinutes: 9, backupReminderDays: 3 });
  await loadDemoPractice(repos, { today: TODAY, clients: 6, weeksBack: 2, weeksAhead: 1 });

  const episode = (await db.episodes.findOne().exec())!;
  const session = (await db.sessions.findOne({ selector: { date: { $lt: TODAY } } }).exec())!;
  const notes = new NotesRepository(db.notes, vault);
  const note = { sessionId: session.id, clientId: episode.clientId, date: session.date, kind: 'progress' as const, templateId: 'GIRP' as const, authorId: admin.id };
  const draft = await notes.saveDraft(note, { fields: { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' } });
  await notes.sign(draft.id, { staffId: admin.id, name: 'Admin Synthetic', credentials: 'LCSW', needsCosignature: false }, `${session.date}T18:00:00.000Z`);
  // Short ids: the repository's id (private-<session>-<client>-<staff uuid>) outgrows 64 characters with the demo's ids.
  const authorKeys = new AuthorKeys(db.settings, vault, authorKeyringOf(parts.keyring));
  await authorKeys.unlocked({ profileId: admin.id, passphrase: ADMIN_PASS });
  await new PrivateNotesRepository(db.privateNotes, vault, vault, authorKeys).save({ sessionId: 's1', clientId: 'c1', date: session.date, kind: 'psychotherapy' }, 'Synthetic private process note');
  await new PlansRepository(db.plans, vault).create(episode.clientId, episode.id, episode.admittedOn);
  await new MeasuresRepository(db.plans, vault).record({ instrumentId: 'phq9', clientId: episode.clientId, episodeId: episode.id, date: TODAY, answers: { q1: 1, q2: 1, q3: 0, q4: 2, q5: 0, q6: 1, q7: 0, q8: 0, q9: 0 }, enteredBy: 'clinician', recordedBy: admin.id });
  // A tombstone: removed records stay removed after a restore (sync relies on it).
  const removed = await repos.clients.create({ firstName: 'Removed', lastName: 'Syntheticson', dateOfBirth: '1990-01-01' });
  await (await db.clients.findOne(removed.id).exec())!.remove();

  let saved: Uint8Array | null = null;
  const service = new BackupService(db, parts, { appVersion: '0.1.0-test' });
  const result = await service.backUpNow({
    saveFile: async (request) => {
      saved = request.data;
      expect(request.suggestedName).toMatch(/^waypoint-backup-\d{4}-\d\d-\d\d-\d{4}\.wpbackup$/);
      return { saved: true, location: `/backups/${request.suggestedName}` };
    },
  });
  const status = await firstValueFrom(service.status$());
  const counts = Object.fromEntries(await Promise.all(COLLECTIONS.map(async (name) => [name, await db[name].count().exec()] as const)));
  const source: Source = { file: saved!, recoveryCode, adminId: admin.id, clinicianId: clinician.id, snapshot: await snapshot(db, vault.requireKey()), status, counts };
  expect(result).toMatchObject({ saved: true, documents: source.snapshot.size });
  await db.remove();
  return source;
}

async function target(options: { notesSchemaVersion?: number } = {}): Promise<{ db: WaypointDatabase; vault: Vault; parts: VaultParts }> {
  let db: WaypointDatabase;
  if (options.notesSchemaVersion === undefined) {
    db = await openDatabase({ name: unique('backup-target'), validate: true, only: COLLECTIONS });
  } else {
    // This version's schemas, except notes one schema version ahead: a device whose notes changed shape since the backup.
    db = (await createRxDatabase({ name: unique('backup-target-v1'), storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie() as RxStorage<unknown, unknown> }), multiInstance: false, localDocuments: true })) as unknown as WaypointDatabase;
    await db.addCollections({
      settings: { schema: settingsSchema },
      staff: { schema: staffSchema },
      clients: { schema: clientsSchema },
      episodes: { schema: episodesSchema },
      programs: { schema: programsSchema },
      sessions: { schema: sessionsSchema },
      notes: { schema: { ...notesSchema, version: options.notesSchemaVersion }, migrationStrategies: { 1: (doc: unknown) => doc } },
      privateNotes: { schema: privateNotesSchema },
      plans: { schema: plansSchema },
    } as never);
  }
  const parts = createVault(db, { calibrate: minimumCost });
  const { vault } = parts;
  await vault.init();
  return { db, vault, parts };
}

describe('backup and restore of a populated practice (RxDB + fake-indexeddb, real WebCrypto and Argon2id)', { timeout: 20_000 }, () => {
  let source: Source;
  let open: WaypointDatabase[] = [];

  beforeAll(async () => {
    source = await populatedBackup();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(open.map((db) => db.remove()));
    open = [];
  });

  async function device(options?: { notesSchemaVersion?: number }) {
    const t = await target(options);
    open.push(t.db);
    return { ...t, service: new BackupService(t.db, t.parts, { appVersion: '0.1.0-test' }) };
  }

  it('backed up every collection, recorded the backup, and holds records of every kind and a tombstone', () => {
    for (const name of COLLECTIONS) expect(source.counts[name], name).toBeGreaterThan(0);
    expect(source.snapshot.size).toBe(Object.values(source.counts).reduce((a, b) => a + b, 0) + 1);
    expect([...source.snapshot.values()].filter((r) => r.stored['_deleted'])).toHaveLength(1);
    expect(source.status).toMatchObject({ location: expect.stringMatching(/^\/backups\/waypoint-backup-/), documents: source.snapshot.size });
  });

  it('restores onto a fresh device with a staff passphrase: byte-for-byte equal decrypted records, unlocked as that person', async () => {
    const { db, vault, service } = await device();
    const backup = await service.open(source.file);
    expect(backup.keyring.profiles.map((p) => p.displayName)).toEqual(['Admin Synthetic', 'Clinician Synthetic']);
    const progress: number[] = [];
    await service.restore(backup, { kind: 'passphrase', profileId: source.clinicianId, passphrase: CLINICIAN_PASS }, { source: 'copy.wpbackup', onProgress: (n) => progress.push(n) });
    expect(vault.state$.value).toMatchObject({ status: 'unlocked', practiceName: 'Synthetic Test Practice', profile: { id: source.clinicianId, role: 'clinician' } });
    expect(progress.at(-1)).toBe(source.snapshot.size);
    expect(await snapshot(db, vault.requireKey())).toEqual(source.snapshot);
    // Through the repositories, as the app reads them.
    expect((await new SettingsRepository(db.settings, vault).get()).autoLockMinutes).toBe(9);
    // The backup's date counts as this device's last backup.
    const status = await db.getLocal<BackupStatus>('backup-status');
    expect(status?.toJSON().data).toMatchObject({ at: source.status!.at, location: 'copy.wpbackup', documents: source.snapshot.size });
    // The other profile's wrap came along: the administrator can unlock here too.
    await vault.lock('manual');
    await vault.unlock(source.adminId, ADMIN_PASS);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('records one restore in the audit trail, and no "created" entry per restored record (storage writes, as replication)', async () => {
    const db = await openDatabase({ name: unique('backup-audited'), validate: true, only: [...COLLECTIONS, 'audit'] });
    open.push(db);
    const parts = createVault(db, { calibrate: minimumCost });
  const { vault } = parts;
    await vault.init();
    const audit = await AuditLog.open(db, vault);
    const service = new BackupService(db, parts, { appVersion: '0.1.0-test', audit });
    await service.restore(await service.open(source.file), { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS });
    await audit.flush();
    const entries = await audit.find();
    expect(entries.map((e) => e.action).sort()).toEqual(['restore', 'unlock']);
    expect(entries.find((e) => e.action === 'restore')).toMatchObject({ who: { staffId: source.adminId }, detail: expect.stringMatching(/^\d+ records from a backup made \d{4}-/) });
  });

  it('restores with the recovery code, setting a new passphrase for the chosen profile', async () => {
    const { db, vault, parts, service } = await device();
    // The author's private-note key came along sealed; the recovery code opens it and wraps it under the new passphrase.
    const authorKeys = new AuthorKeys(db.settings, vault, authorKeyringOf(parts.keyring));
    vault.onSecret((secret) => authorKeys.unlocked(secret));
    await service.restore(await service.open(source.file), { kind: 'recovery-code', profileId: source.adminId, recoveryCode: source.recoveryCode.toLowerCase(), newPassphrase: NEW_PASS });
    expect(vault.state$.value).toMatchObject({ status: 'unlocked', profile: { id: source.adminId } });
    expect(await snapshot(db, vault.requireKey())).toEqual(source.snapshot);
    await vault.lock('manual');
    await expect(vault.unlock(source.adminId, ADMIN_PASS)).rejects.toThrow(WrongPassphraseError);
    await vault.unlock(source.adminId, NEW_PASS);
    const privateNotes = new PrivateNotesRepository(db.privateNotes, vault, vault, authorKeys);
    expect((await firstValueFrom(privateNotes.mineForClient$('c1'))).map((n) => n.data.text)).toEqual(['Synthetic private process note']);
  });

  it('a wrong passphrase or recovery code writes nothing and reveals nothing', async () => {
    const { db, vault, service } = await device();
    const backup = await service.open(source.file);
    await expect(service.restore(backup, { kind: 'passphrase', profileId: source.adminId, passphrase: CLINICIAN_PASS })).rejects.toThrow(new WrongPassphraseError('The passphrase is not correct'));
    await expect(service.restore(backup, { kind: 'recovery-code', profileId: source.adminId, recoveryCode: 'ABCDE-FGHJK-MNPQR-STVWX-YZ012', newPassphrase: NEW_PASS })).rejects.toThrow('The recovery code is not correct');
    await expectUntouched(db, vault);
  });

  it('a truncated, tampered, foreign-sealed or newer file is refused and nothing is written', async () => {
    const { db, vault, service } = await device();
    const text = new TextDecoder().decode(source.file);
    const lines = text.split('\n').slice(0, -1);
    const flipped = Uint8Array.from(source.file);
    const at = text.indexOf('"sealed":"w1.') + 50;
    flipped[at] = flipped[at] === 0x61 ? 0x62 : 0x61;
    const newer = new TextEncoder().encode(text.replace(`"formatVersion":${BACKUP_FORMAT_VERSION}`, `"formatVersion":${BACKUP_FORMAT_VERSION + 1}`));
    const refusals: [Uint8Array, string][] = [
      [source.file.subarray(0, Math.floor(source.file.length * 0.7)), 'incomplete'],
      [flipped, 'altered'],
      [newer, 'too-new'],
    ];
    for (const [bytes, code] of refusals) {
      await expect(service.open(bytes)).rejects.toMatchObject({ code });
    }
    // Re-hashed without the key: opens, but its seal does not verify, so restore refuses before writing.
    const body = lines.slice(0, -1);
    const chunk = JSON.parse(body[2]!) as { documents: { updatedAt: number }[] };
    chunk.documents[0]!.updatedAt += 1;
    const forgedBody = [body[0]!, body[1]!, JSON.stringify(chunk), ...body.slice(3)];
    const hasher = await createSHA256();
    hasher.init();
    hasher.update(new TextEncoder().encode(`${forgedBody.join('\n')}\n`));
    const forged = new TextEncoder().encode(`${[...forgedBody, JSON.stringify({ ...(JSON.parse(lines.at(-1)!) as object), sha256: hasher.digest('hex') })].join('\n')}\n`);
    const backup = await service.open(forged);
    const error = await service.restore(backup, { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).message).toMatch(/^The backup file has been altered/);
    await expectUntouched(db, vault);
  });

  it('refuses a device that already has a practice', async () => {
    const { service } = await device();
    const backup = await service.open(source.file);
    await service.restore(backup, { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS });
    await expect(service.restore(backup, { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS })).rejects.toThrow(DeviceNotEmptyError);
  });

  it('migrates an older collection schema through the real restore path: notes index fields changed, envelopes and everything else byte-for-byte', async () => {
    const { db, vault, parts } = await device({ notesSchemaVersion: 1 });
    const migrations = { notes: [(plain: Record<string, unknown>) => ({ ...plain, date: String(plain['date']).replaceAll('-', '/') })] };
    const service = new BackupService(db, parts, { appVersion: '0.1.0-test', migrations });
    await service.restore(await service.open(source.file), { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS });
    const restored = await snapshot(db, vault.requireKey());
    const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    expect(restored.size).toBe(source.snapshot.size);
    for (const [id, record] of source.snapshot) {
      if (id.startsWith('notes/')) {
        expect(decode(restored.get(id)!.plaintext)).toEqual(decode(record.plaintext));
        expect(restored.get(id)!.stored).toEqual({ ...record.stored, date: String(record.stored['date']).replaceAll('-', '/') });
      } else {
        expect(restored.get(id), id).toEqual(record);
      }
    }
  });

  it('a write that fails part-way (here: no migration for a newer notes schema) removes what it wrote and keeps no keyring', async () => {
    const { db, vault, service } = await device({ notesSchemaVersion: 1 });
    const backup = await service.open(source.file);
    let written = 0;
    await expect(service.restore(backup, { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS }, { onProgress: (n) => (written = n) })).rejects.toThrow(RestoreWriteError);
    expect(written).toBeGreaterThan(0);
    await expectUntouched(db, vault);
  });

  it('a write refused while others are still being written waits for them, then removes everything and keeps no keyring', async () => {
    const t = await target();
    open.push(t.db);
    // The real arrival module; its third line's write is refused, as a full disk would refuse it.
    let calls = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    let secondStarted = () => {};
    const second = new Promise<void>((resolve) => (secondStarted = resolve));
    const arrival = new (class extends Arrival {
      override async restore(collection: string, docs: readonly SyncDocument[]): Promise<void> {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        const call = ++calls;
        try {
          // The first write stays in flight until the second starts (or 2 s pass): whether writes overlap is then not a matter of timing.
          if (call === 1) await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 2_000))]);
          if (call === 2) secondStarted();
          if (call === 3) throw new Error('Synthetic refused write');
          await super.restore(collection, docs);
        } finally {
          inFlight--;
        }
      }
    })(t.db, t.vault, { conflicts: { record: () => Promise.reject(new Error('A restore merges nothing')) } });
    const service = new BackupService(t.db, t.parts, { appVersion: '0.1.0-test', arrival });
    const backup = await service.open(source.file);
    await expect(service.restore(backup, { kind: 'passphrase', profileId: source.adminId, passphrase: ADMIN_PASS })).rejects.toThrow('The records could not be written (Synthetic refused write). Nothing was restored.');
    expect(mostInFlight).toBeGreaterThan(1);
    expect(inFlight).toBe(0);
    await expectUntouched(t.db, t.vault);
  });

  it('reads storage in pages: more than a page of documents sharing one write time all come out, each once, in lines of at most BACKUP_CHUNK', async () => {
    const db = await openDatabase({ name: unique('backup-pages'), validate: false, only: ['clients'] });
    open.push(db);
    const parts = createVault(db, { calibrate: minimumCost });
  const { vault } = parts;
    await vault.init();
    await parts.enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: 'Admin Synthetic', passphrase: ADMIN_PASS, recoveryCode: parts.enrolment.newRecoveryCode() });
    const store = new SealedStore<{ kind: 'client'; status: 'active'; clientId: string }, { n: number }>(db.clients as never, vault, Date.now, { clients: { by: null, kinds: { '': Codec.of('test', z.object({ n: z.number() })) } } });
    const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `client-${String(from + i).padStart(5, '0')}`, plain: { kind: 'client' as const, status: 'active' as const, clientId: '' }, data: { n: from + i } }));
    // One bulk write: every document gets the same last-write time.
    await store.bulkInsert(batch(0, BACKUP_CHUNK + 200));
    await store.bulkInsert(batch(BACKUP_CHUNK + 200, 300));
    const service = new BackupService(db, parts, { appVersion: '0.1.0-test' });
    const file = await service.create();
    const backup = await service.open(file.data);
    const ids = [...backup.chunks()].flatMap((c) => c.documents.map((d) => d.id));
    expect(ids).toHaveLength(BACKUP_CHUNK + 500);
    expect(new Set(ids).size).toBe(BACKUP_CHUNK + 500);
    expect(Math.max(...[...backup.chunks()].map((c) => c.documents.length))).toBe(BACKUP_CHUNK);
  });

  it('every collection has a migration step for each schema version below its current one', async () => {
    const db = await openDatabase({ name: unique('backup-schemas'), validate: false, only: COLLECTIONS });
    open.push(db);
    for (const [name, collection] of replicatedCollections(db)) expect(COLLECTION_MIGRATIONS[name]?.length ?? 0, name).toBe(collection.schema.version);
  });
});
