/**
 * Writes what a release produces, from a small generated practice with known content, so every
 * later release can prove it opens it (test/fixtures/releases/<version>/):
 *
 *   expected.json        the practice's secrets and every record as this release reads it (plain fields + payload)
 *   backup.wpbackup      "Back up now"
 *   transfer.wptransfer  a transfer file for a device not exchanged with yet
 *   indexeddb.json       every IndexedDB database, store, index, key and value as the app left them
 *
 *   npx tsx scripts/release-fixtures.ts <out dir>
 *
 * Then scripts/release-server-dump.ts writes the release's sync-server database (pg_dump) from
 * this device's documents.
 *
 * Run it with the release's own code (in a worktree of that release, copied in). Records are read
 * back with whichever envelope API that release has; the vault calls are this release's (0.1.0's
 * fixtures were written with `new Vault(new KeyringStore(db))`, `vault.addProfile` in their place).
 */
import 'fake-indexeddb/auto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuditLog } from '../src/renderer/src/audit/audit-log';
import { BackupService } from '../src/renderer/src/backup/backup-service';
import { openDatabase } from '../src/renderer/src/db/database';
import { replicatedCollections, withoutStorageFields } from '../src/renderer/src/db/replicated';
import { loadDemoPractice } from '../src/renderer/src/demo/load-demo';
import { ClientsRepository } from '../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../src/renderer/src/repositories/conflicts';
import { ContactsRepository } from '../src/renderer/src/repositories/contacts';
import { EpisodesRepository } from '../src/renderer/src/repositories/episodes';
import { MeasuresRepository } from '../src/renderer/src/repositories/measures';
import { NotesRepository } from '../src/renderer/src/repositories/notes';
import { PlansRepository } from '../src/renderer/src/repositories/plans';
import { PrivateNotesRepository } from '../src/renderer/src/repositories/private-notes';
import { AuthorKeys, authorKeyringOf } from '../src/renderer/src/repositories/author-keys';
import { ProgramsRepository } from '../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../src/renderer/src/repositories/sessions';
import { SettingsRepository } from '../src/renderer/src/repositories/settings';
import { StaffRepository } from '../src/renderer/src/repositories/staff';
import { TransferService } from '../src/renderer/src/transfer/transfer-service';
import { Arrival } from '../src/renderer/src/arrival/arrival';
import { addStaffWithPassphrase } from '../test/renderer/support/staff';
import { dumpIndexedDb } from '../test/renderer/support/release-fixtures';
import { createVault } from '../src/renderer/src/vault';
import * as envelope from '../src/shared/crypto';
import pkg from '../package.json';

/** Synthetic secrets: they open only this fixture. */
export const FIXTURE = {
  practiceName: 'Synthetic Fixture Practice',
  admin: { name: 'Admin Fixture', passphrase: 'violet tractor umbrella sonnet' },
  clinician: { name: 'Clinician Fixture', passphrase: 'harbour quince velvet meteor' },
  today: '2026-11-26',
  /** The app's database name: the IndexedDB dump loads into a fresh profile as the app's own. */
  database: 'waypoint',
} as const;

const minimumCost = async () => ({ params: { algorithm: 'argon2id' as const, ...envelope.MIN_ARGON2, parallelism: 1 } });

/** The payload of a stored record, with the envelope API of the release this runs in. */
async function openSealed(key: envelope.DataKey, collection: string, id: string, sealed: string): Promise<unknown> {
  const api = envelope as unknown as Record<string, unknown>;
  if (typeof api['openRecord'] === 'function') {
    const open = api['openRecord'] as (key: envelope.DataKey, place: { collection: string; id: string }, sealed: string) => Promise<{ value: unknown }>;
    return (await open(key, { collection, id }, sealed)).value;
  }
  // Release 0.1.0: the AAD bound the RxDB schema version, 0 for every collection.
  return envelope.unsealJson(key, { collection, id, schemaVersion: 0 }, sealed);
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? `test/fixtures/releases/${pkg.version}`);
  await mkdir(out, { recursive: true });
  const db = await openDatabase({ name: FIXTURE.database, validate: true });
  const parts = createVault(db, { calibrate: minimumCost });
  const { vault } = parts;
  await vault.init();
  const audit = await AuditLog.open(db, vault);
  const recoveryCode = parts.enrolment.newRecoveryCode();
  const admin = await parts.enrolment.createPractice({ practiceName: FIXTURE.practiceName, adminName: FIXTURE.admin.name, passphrase: FIXTURE.admin.passphrase, recoveryCode });
  const clinician = await addStaffWithPassphrase(parts, { adminPassphrase: FIXTURE.admin.passphrase, displayName: FIXTURE.clinician.name, role: 'clinician', passphrase: FIXTURE.clinician.passphrase });

  const repos = {
    staff: new StaffRepository(db.staff, vault),
    programs: new ProgramsRepository(db.programs, vault),
    clients: new ClientsRepository(db.clients, vault),
    episodes: new EpisodesRepository(db.episodes, vault),
    sessions: new SessionsRepository(db.sessions, vault),
  };
  await repos.staff.create(admin.id, 'administrator', { displayName: FIXTURE.admin.name, credentials: 'LCSW', needsCosignature: false });
  await repos.staff.create(clinician.id, 'clinician', { displayName: FIXTURE.clinician.name, credentials: 'LPC-Associate', needsCosignature: true });
  await new SettingsRepository(db.settings, vault).save({ autoLockMinutes: 9, backupReminderDays: 3, defaultNoteFormat: 'DAP' });
  await loadDemoPractice(repos, { today: FIXTURE.today, clients: 4, weeksBack: 1, weeksAhead: 0, seed: 14 });

  const episode = (await db.episodes.findOne({ selector: { status: 'active' } }).exec())!;
  const session = (await db.sessions.findOne({ selector: { kind: 'group', date: { $lt: FIXTURE.today } } }).exec())!;
  const contacts = new ContactsRepository(db.clients, vault);
  const contact = await contacts.addContact(episode.clientId, { name: 'Synthetic Relative', relationship: 'Sibling', phone: '555-0100', email: '', familySessions: true, notes: 'Fixture contact' });
  await contacts.recordRelease(episode.clientId, { contactId: contact.id, scopes: ['attendance'], purpose: 'Fixture coordination of care', signedOn: '2026-11-01', expiresOn: '2027-11-01' });

  const notes = new NotesRepository(db.notes, vault);
  const signer = { staffId: admin.id, name: FIXTURE.admin.name, credentials: 'LCSW', needsCosignature: false };
  await notes.saveShared(session.id, session.date, admin.id, { topic: 'Fixture topic', curriculum: 'Fixture curriculum', interventions: 'Fixture interventions' });
  const target = { sessionId: session.id, clientId: episode.clientId, date: session.date, kind: 'progress' as const, templateId: 'GIRP' as const, authorId: admin.id };
  const { id: signed } = await notes.saveDraft(target, { fields: { goal: 'Fixture goal', intervention: 'Fixture intervention', response: 'Fixture response', plan: 'Fixture plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' } });
  await notes.sign(signed, signer, `${session.date}T18:00:00.000Z`, { topic: 'Fixture topic', curriculum: 'Fixture curriculum', interventions: 'Fixture interventions' });
  await notes.addAddendum(signed, 'Fixture addendum text', { staffId: admin.id, name: FIXTURE.admin.name, credentials: 'LCSW' }, `${FIXTURE.today}T09:00:00.000Z`);
  await notes.saveDraft({ ...target, sessionId: 'fixture-individual-session', kind: 'individual', templateId: 'DAP' }, { fields: { data: 'Fixture draft data' } });
  const authorKeys = new AuthorKeys(db.settings, vault, authorKeyringOf(parts.keyring));
  await authorKeys.unlocked({ profileId: admin.id, passphrase: FIXTURE.admin.passphrase });
  await new PrivateNotesRepository(db.privateNotes, vault, vault, authorKeys).save({ sessionId: 's1', clientId: 'c1', date: session.date, kind: 'psychotherapy' }, 'Fixture private process note');
  await new PlansRepository(db.plans, vault).create(episode.clientId, episode.id, episode.admittedOn);
  const measures = new MeasuresRepository(db.plans, vault);
  await measures.record({ instrumentId: 'phq9', clientId: episode.clientId, episodeId: episode.id, date: FIXTURE.today, answers: { q1: 1, q2: 1, q3: 0, q4: 2, q5: 0, q6: 1, q7: 0, q8: 0, q9: 0 }, enteredBy: 'clinician', recordedBy: admin.id });
  await measures.setSchedules({ clientId: episode.clientId, episodeId: episode.id, date: episode.admittedOn }, [{ instrumentId: 'gad7', atAdmission: true, every: { count: 2, unit: 'weeks' }, atDischarge: true }]);

  // A conflict kept for a person, between two versions of a client's record.
  const client = (await db.clients.findOne(episode.clientId).exec())!.toJSON() as unknown as Record<string, unknown> & { id: string; sealed: string };
  const data = (await openSealed(vault.requireKey(), 'clients', client.id, client.sealed)) as Record<string, unknown>;
  const version = (phone: string, rev: number) => ({ plain: { kind: 'client', status: String(client['status']), clientId: '' }, data: { ...data, phone }, rev, updatedAt: Date.UTC(2026, 10, 20) + rev, deleted: false });
  await new ConflictsRepository(db.conflicts, vault).record(
    { kind: 'fields', collection: 'clients', id: client.id, fields: ['data.phone'], versions: [version('555-0101', 2), version('555-0102', 3)], base: version('', 1) },
    [{ ...client, sealed: `${client.sealed}` }, { ...client, rev: 3 }] as never,
  );
  // A tombstone: a removed record stays removed in every copy.
  const removed = await repos.clients.create({ firstName: 'Removed', lastName: 'Fixtureson', dateOfBirth: '1990-01-01' });
  await (await db.clients.findOne(removed.id).exec())!.remove();
  await audit.flush();

  // Every record as this release reads it.
  const records: Record<string, { plain: Record<string, unknown>; data: unknown }> = {};
  for (const [name, collection] of replicatedCollections(db)) {
    const docs = (await collection.find().exec()).map((d) => withoutStorageFields(d.toJSON(true)) as Record<string, unknown> & { id: string; sealed: string });
    for (const doc of docs) {
      const { sealed, ...plain } = doc;
      records[`${name}/${doc.id}`] = { plain, data: await openSealed(vault.requireKey(), name, doc.id, sealed) };
    }
  }

  let backup: Uint8Array | null = null;
  await new BackupService(db, parts, { appVersion: pkg.version }).backUpNow({
    saveFile: async (request) => {
      backup = request.data;
      return { saved: true, location: '/fixture/backup.wpbackup' };
    },
  });
  const transferService = new TransferService(db, vault, new Arrival(db, vault, { conflicts: new ConflictsRepository(db.conflicts, vault) }), { deviceId: audit.deviceId });
  await transferService.setDeviceName('Synthetic fixture laptop');
  const transfer = await transferService.createExport(null);

  const expected = {
    release: pkg.version,
    practiceName: FIXTURE.practiceName,
    keyId: vault.requireKey().id,
    recoveryCode,
    profiles: [
      { id: admin.id, name: FIXTURE.admin.name, passphrase: FIXTURE.admin.passphrase },
      { id: clinician.id, name: FIXTURE.clinician.name, passphrase: FIXTURE.clinician.passphrase },
    ],
    tombstones: [`clients/${removed.id}`],
    records,
  };
  await db.close();
  const idb = await dumpIndexedDb();

  await writeFile(join(out, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  await writeFile(join(out, 'backup.wpbackup'), backup!);
  await writeFile(join(out, 'transfer.wptransfer'), transfer.data);
  await writeFile(join(out, 'indexeddb.json'), `${JSON.stringify(idb)}\n`);
  console.log(`Wrote the ${pkg.version} fixtures to ${out}: ${Object.keys(records).length} records`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
