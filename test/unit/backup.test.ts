import { createSHA256 } from 'hash-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKUP_CHUNK,
  BACKUP_FORMAT_VERSION,
  BackupError,
  BackupWriter,
  backupDue,
  FORMAT_UPGRADES,
  migrateDocuments,
  openBackup,
  type BackupKeyring,
  type FormatUpgrade,
} from '../../src/shared/backup';
import {
  createPracticeKey,
  generateRecoveryCode,
  MIN_ARGON2,
  sealBytes,
  sealJson,
  unsealJson,
  unwrapPracticeKey,
  wrapWithPassphrase,
  wrapWithRecoveryCode,
  WrongPassphraseError,
  type DataKey,
} from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';

const PASSPHRASE = 'copper lantern drizzle atlas';
const COST = { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 };
const SCHEMAS = { settings: 0, clients: 0, notes: 0 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Practice {
  key: DataKey;
  keyring: BackupKeyring;
  recoveryCode: string;
}

async function practice(): Promise<Practice> {
  const { dataKey, raw } = await createPracticeKey();
  const recoveryCode = generateRecoveryCode();
  const keyring: BackupKeyring = {
    practice: { id: 'practice-synthetic', name: 'Synthetic Test Practice', keyId: dataKey.id, createdAt: 1_800_000_000_000 },
    argon2: COST,
    profiles: [{ id: 'staff-admin', displayName: 'Admin Synthetic', role: 'administrator', wrap: await wrapWithPassphrase(raw, dataKey.id, PASSPHRASE, COST) }],
    recovery: await wrapWithRecoveryCode(raw, dataKey.id, recoveryCode),
  };
  raw.fill(0);
  return { key: dataKey, keyring, recoveryCode };
}

async function sealedDoc(key: DataKey, collection: string, id: string, data: unknown, plain: Record<string, string> = {}): Promise<SyncDocument> {
  return { id, rev: 1, updatedAt: 1_800_000_000_000, _deleted: false, ...plain, sealed: await sealJson(key, { collection, id, schemaVersion: 0 }, data) };
}

async function records(key: DataKey, clients = 3): Promise<Record<string, SyncDocument[]>> {
  return {
    settings: [await sealedDoc(key, 'settings', 'autoLockMinutes', 10)],
    clients: await Promise.all(Array.from({ length: clients }, (_, i) => sealedDoc(key, 'clients', `client-${i}`, { firstName: `Synthetic${i}`, lastName: 'Zyxwvut' }, { kind: 'client', status: 'active', clientId: '' }))),
    notes: [],
  };
}

async function build(p: Practice, docs: Record<string, SyncDocument[]>, schemaVersions: Record<string, number> = SCHEMAS): Promise<Uint8Array> {
  const writer = new BackupWriter({ appVersion: '0.1.0', createdAt: 1_800_000_100_000, backupId: 'backup-0001', keyring: p.keyring, schemaVersions });
  for (const [collection, list] of Object.entries(docs)) writer.add(collection, list);
  return writer.finish(p.key);
}

function lines(bytes: Uint8Array): string[] {
  return decoder.decode(bytes).split('\n').slice(0, -1);
}

function fromLines(text: string[]): Uint8Array {
  return encoder.encode(`${text.join('\n')}\n`);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  hasher.update(bytes);
  return hasher.digest('hex');
}

/** What someone without the practice key can do: change lines and recompute the digest (the seal cannot be remade). */
async function rehashed(body: string[], seal: string): Promise<Uint8Array> {
  const bytes = fromLines(body);
  return fromLines([...body, JSON.stringify({ sha256: await sha256Hex(bytes), seal })]);
}

async function refusal(work: Promise<unknown>): Promise<BackupError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

describe('backup file format', () => {
  let p: Practice;
  let docs: Record<string, SyncDocument[]>;
  let file: Uint8Array;

  beforeAll(async () => {
    p = await practice();
    docs = await records(p.key);
    file = await build(p, docs);
  });

  it('round trip: header, keyring and every document come back exactly; the seal verifies; the wraps open only with their secrets', async () => {
    const backup = await openBackup(file, { schemaVersions: SCHEMAS });
    expect(backup.header).toMatchObject({
      format: 'waypoint-backup',
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: '0.1.0',
      createdAt: 1_800_000_100_000,
      practice: { id: 'practice-synthetic', name: 'Synthetic Test Practice' },
      keyId: p.key.id,
      collections: { settings: { schemaVersion: 0, count: 1 }, clients: { schemaVersion: 0, count: 3 }, notes: { schemaVersion: 0, count: 0 } },
    });
    expect(backup.keyring).toEqual(p.keyring);
    expect(backup.documentCount).toBe(4);
    const restored = [...backup.chunks()].flatMap((c) => c.documents.map((d) => [c.collection, d] as const));
    expect(restored).toEqual(Object.entries(docs).flatMap(([c, list]) => list.map((d) => [c, d] as const)));
    await backup.verifySeal(p.key);

    const { dataKey } = await unwrapPracticeKey(backup.keyring.profiles[0]!.wrap, PASSPHRASE);
    await backup.verifySeal(dataKey);
    expect(await unsealJson(dataKey, { collection: 'clients', id: 'client-1', schemaVersion: 0 }, restored[2]![1].sealed)).toEqual({ firstName: 'Synthetic1', lastName: 'Zyxwvut' });
    const byCode = await unwrapPracticeKey(backup.keyring.recovery, p.recoveryCode.toLowerCase());
    await backup.verifySeal(byCode.dataKey);
  });

  it('holds nothing in plaintext but ids, query fields, the practice and staff names', async () => {
    const text = decoder.decode(file);
    expect(text).not.toContain('Synthetic1');
    expect(text).not.toContain('Zyxwvut');
    // The control: what is in plaintext by design is found by the same search.
    expect(text).toContain('Synthetic Test Practice');
    expect(text).toContain('Admin Synthetic');
  });

  it('writes at most BACKUP_CHUNK documents a line, and reads them back in order', async () => {
    const many = await records(p.key, BACKUP_CHUNK * 2 + 7);
    const bytes = await build(p, many);
    expect(lines(bytes).filter((l) => l.startsWith('{"collection":"clients"'))).toHaveLength(3);
    const backup = await openBackup(bytes, { schemaVersions: SCHEMAS });
    expect(backup.header.collections['clients']!.count).toBe(BACKUP_CHUNK * 2 + 7);
    expect([...backup.chunks()].filter((c) => c.collection === 'clients').flatMap((c) => c.documents.map((d) => d.id))).toEqual(many['clients']!.map((d) => d.id));
  });

  it('a file cut short anywhere is refused as incomplete', async () => {
    const newlines = [...file.keys()].filter((i) => file[i] === 0x0a);
    const cuts = [40, newlines[0]!, newlines[0]! + 1, newlines[1]! + 1, newlines[2]! - 5, newlines.at(-2)! + 1, file.length - 30, file.length - 1];
    for (const cut of cuts) {
      const error = await refusal(openBackup(file.subarray(0, cut), { schemaVersions: SCHEMAS }));
      expect(error.code, `cut at ${cut} of ${file.length}`).toBe('incomplete');
      expect(error.message).toMatch(/^The backup file is incomplete/);
    }
    expect((await refusal(openBackup(new Uint8Array(0), { schemaVersions: SCHEMAS }))).code).toBe('incomplete');
  });

  it('a changed byte, a removed line or a changed header is refused as altered', async () => {
    const text = lines(file);
    const flipped = Uint8Array.from(file);
    const at = decoder.decode(file).indexOf('"sealed":"w1.') + 60;
    flipped[at] = flipped[at] === 0x41 ? 0x42 : 0x41;
    const renamed = fromLines([text[0]!.replace('Synthetic Test Practice', 'Another Practice'), ...text.slice(1)]);
    const dropped = fromLines([...text.slice(0, 2), ...text.slice(3)]);
    for (const bytes of [flipped, renamed, dropped]) {
      const error = await refusal(openBackup(bytes, { schemaVersions: SCHEMAS }));
      expect(error.code).toBe('altered');
      expect(error.message).toMatch(/^The backup file has been altered/);
    }
  });

  it('a digest recomputed by someone without the practice key passes the framing but not the seal', async () => {
    const text = lines(file);
    const { seal } = JSON.parse(text.at(-1)!) as { seal: string };
    const body = text.slice(0, -1);
    // Drop one client from its line and fix the header's count: consistent, re-hashed, but not sealed by the practice.
    const clientsLine = body.findIndex((l) => l.startsWith('{"collection":"clients"'));
    const chunk = JSON.parse(body[clientsLine]!) as { collection: string; documents: unknown[] };
    const header = JSON.parse(body[0]!) as { collections: Record<string, { count: number }> };
    header.collections['clients']!.count -= 1;
    const forged = await rehashed([JSON.stringify(header), body[1]!, ...body.slice(2).map((l, i) => (i + 2 === clientsLine ? JSON.stringify({ ...chunk, documents: chunk.documents.slice(1) }) : l))], seal);
    const backup = await openBackup(forged, { schemaVersions: SCHEMAS });
    expect((await refusal(backup.verifySeal(p.key))).code).toBe('altered');
  });

  it('refuses a wrong key: another practice key does not verify the seal, and wrong secrets do not open the wraps', async () => {
    const backup = await openBackup(file, { schemaVersions: SCHEMAS });
    const other = await practice();
    const error = await refusal(backup.verifySeal(other.key));
    expect(error.message).toMatch(/has been altered/);
    await expect(unwrapPracticeKey(backup.keyring.profiles[0]!.wrap, 'copper lantern drizzle atlaz')).rejects.toThrow(WrongPassphraseError);
    await expect(unwrapPracticeKey(backup.keyring.recovery, other.recoveryCode)).rejects.toThrow('The recovery code is not correct');
  });

  it('refuses a line of records sealed under another practice key, even with a recomputed digest', async () => {
    const other = await practice();
    const text = lines(file);
    const foreign = JSON.stringify({ collection: 'clients', documents: [await sealedDoc(other.key, 'clients', 'client-x', { firstName: 'Foreign' }, { kind: 'client', status: 'active', clientId: '' })] });
    const header = JSON.parse(text[0]!) as { collections: Record<string, { count: number }> };
    header.collections['clients']!.count += 1;
    const forged = await rehashed([JSON.stringify(header), ...text.slice(1, -1), foreign], (JSON.parse(text.at(-1)!) as { seal: string }).seal);
    expect((await refusal(openBackup(forged, { schemaVersions: SCHEMAS }))).code).toBe('altered');
  });

  it('lines written by another writer (another thread) join after the first writer\'s: the same file, counts included', async () => {
    const meta = { appVersion: '0.1.0', createdAt: 1_800_000_100_000, backupId: 'backup-0001', keyring: p.keyring, schemaVersions: SCHEMAS };
    const [first, second] = [new BackupWriter(meta), new BackupWriter(meta)];
    first.add('settings', docs['settings']!);
    second.add('clients', docs['clients']!);
    expect(second.written().counts).toEqual({ clients: 3 });
    const joined = await first.finish(p.key, [second.written()]);
    // All but the trailer, whose seal has a random IV.
    expect(lines(joined).slice(0, -1)).toEqual(lines(file).slice(0, -1));
    const backup = await openBackup(joined, { schemaVersions: SCHEMAS });
    await backup.verifySeal(p.key);
    expect(backup.header.collections).toEqual({ settings: { schemaVersion: 0, count: 1 }, clients: { schemaVersion: 0, count: 3 }, notes: { schemaVersion: 0, count: 0 } });
  });

  it('refuses to make a backup that could not be restored (a record under another key, an id the format does not allow)', async () => {
    const other = await practice();
    const writer = new BackupWriter({ appVersion: '0.1.0', createdAt: 0, backupId: 'backup-0002', keyring: p.keyring, schemaVersions: SCHEMAS });
    expect(() => writer.add('clients', [docs['clients']![0]!, { ...docs['clients']![1]!, sealed: other.keyring.recovery.wrapped }])).toThrow('The clients record client-1 could not be restored from a backup, so none was made');
    const foreign = await sealedDoc(other.key, 'clients', 'client-9', {});
    expect(() => writer.add('clients', [foreign])).toThrow('client-9');
    expect(() => writer.add('clients', [{ ...docs['clients']![0]!, id: 'has a space' }])).toThrow('has a space');
  });

  it('refuses what is not a backup', async () => {
    for (const bytes of [encoder.encode('id,name\n1,Synthetic\n'), encoder.encode('{"format":"other"}\n'), Uint8Array.from([0xff, 0xfe, 0x00])]) {
      const error = await refusal(openBackup(bytes, { schemaVersions: SCHEMAS }));
      expect(error.code).toBe('not-a-backup');
      expect(error.message).toBe('This file is not a Waypoint backup. Nothing was restored.');
    }
  });

  it('refuses a newer format, a newer collection schema and a collection this version does not have: update Waypoint first', async () => {
    const text = lines(file);
    const newer = fromLines([text[0]!.replace(`"formatVersion":${BACKUP_FORMAT_VERSION}`, `"formatVersion":${BACKUP_FORMAT_VERSION + 1}`), ...text.slice(1)]);
    const newerSchema = await build(p, docs, { ...SCHEMAS, notes: 3 });
    const unknownCollection = await build(p, { ...docs, invoices: [] }, { ...SCHEMAS, invoices: 0 });
    for (const bytes of [newer, newerSchema, unknownCollection]) {
      const error = await refusal(openBackup(bytes, { schemaVersions: SCHEMAS }));
      expect(error.code).toBe('too-new');
      expect(error.message).toBe('This backup was made by a newer version of Waypoint: update Waypoint first, then restore it.');
    }
  });

  describe('an older format is upgraded', () => {
    /**
     * A format 0 defined for this test only (no Waypoint ever wrote one): its header kept schema
     * versions and counts in two maps, and its document lines used short keys. The upgrade to
     * format 1 is what the app's FORMAT_UPGRADES would hold; the file is hashed and sealed as
     * written, with format 0 in the seal's context.
     */
    const formatZero: FormatUpgrade = {
      from: 0,
      header: ({ schemaVersions, counts, ...rest }) => ({
        ...rest,
        formatVersion: 1,
        collections: Object.fromEntries(Object.entries(schemaVersions as Record<string, number>).map(([name, v]) => [name, { schemaVersion: v, count: (counts as Record<string, number>)[name] ?? 0 }])),
      }),
      keyring: (keyring) => keyring,
      chunk: (chunk) => {
        const { c, d } = chunk as unknown as { c: string; d: unknown[] };
        return { collection: c, documents: d };
      },
    };

    async function formatZeroFile(): Promise<Uint8Array> {
      const header = { format: 'waypoint-backup', formatVersion: 0, appVersion: '0.0.9', createdAt: 1_700_000_000_000, backupId: 'backup-old-0001', practice: { id: 'practice-synthetic', name: 'Synthetic Test Practice' }, keyId: p.key.id, schemaVersions: { settings: 0, clients: 0 }, counts: { settings: 1, clients: 3 } };
      const body = [JSON.stringify(header), JSON.stringify({ keyring: p.keyring }), JSON.stringify({ c: 'settings', d: docs['settings'] }), JSON.stringify({ c: 'clients', d: docs['clients'] })];
      const bytes = fromLines(body);
      const hasher = await createSHA256();
      hasher.init();
      hasher.update(bytes);
      const digest = hasher.digest('binary');
      const seal = await sealBytes(p.key, { collection: 'waypoint-backup', id: 'backup-old-0001', schemaVersion: 0 }, digest as Uint8Array<ArrayBuffer>);
      return fromLines([...body, JSON.stringify({ sha256: await sha256Hex(bytes), seal })]);
    }

    it('without an upgrade from its version, an older file is refused as too old', async () => {
      expect((await refusal(openBackup(await formatZeroFile(), { schemaVersions: SCHEMAS }))).code).toBe('too-old');
    });

    it('with the upgrade, it reads as the current format and its seal (made under format 0) verifies', async () => {
      const backup = await openBackup(await formatZeroFile(), { schemaVersions: SCHEMAS, upgrades: [formatZero, ...FORMAT_UPGRADES] });
      expect(backup.header).toMatchObject({ formatVersion: BACKUP_FORMAT_VERSION, appVersion: '0.0.9', collections: { settings: { schemaVersion: 0, count: 1 }, clients: { schemaVersion: 0, count: 3 } } });
      expect([...backup.chunks()].flatMap((c) => c.documents)).toEqual([...docs['settings']!, ...docs['clients']!]);
      await backup.verifySeal(p.key);
    });
  });

  describe('collection schema migration', () => {
    const v1 = { clients: [(plain: Record<string, unknown>) => ({ ...plain, status: plain['status'] === 'active' ? 'current' : plain['status'] })] };

    it('applies the steps to the plaintext fields without the key, keeping the envelope byte for byte', () => {
      const [migrated] = migrateDocuments('clients', [docs['clients']![0]!], 0, 1, v1);
      expect(migrated).toEqual({ ...docs['clients']![0]!, status: 'current' });
    });

    it('leaves documents already at the current version untouched, and names a missing step', () => {
      expect(migrateDocuments('clients', docs['clients']!, 0, 0)).toEqual(docs['clients']);
      expect(() => migrateDocuments('clients', docs['clients']!, 0, 2, v1)).toThrow('Waypoint has no migration of clients records from schema version 0 to 2');
    });
  });
});

describe('backup reminder', () => {
  const DAY = 86_400_000;
  const now = 1_800_000_000_000;

  it('is due once the last backup is as old as the setting', () => {
    expect(backupDue({ lastBackupAt: now - 6 * DAY, practiceSetUpAt: 0, reminderDays: 7, now })).toEqual({ overdue: false, days: 6, never: false });
    expect(backupDue({ lastBackupAt: now - 7 * DAY, practiceSetUpAt: 0, reminderDays: 7, now })).toEqual({ overdue: true, days: 7, never: false });
  });

  it('counts from the practice set-up when there has never been a backup', () => {
    expect(backupDue({ lastBackupAt: null, practiceSetUpAt: now - 2 * DAY, reminderDays: 7, now })).toEqual({ overdue: false, days: 2, never: true });
    expect(backupDue({ lastBackupAt: null, practiceSetUpAt: now - 30 * DAY, reminderDays: 7, now })).toMatchObject({ overdue: true, never: true });
  });
});
