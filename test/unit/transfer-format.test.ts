import { beforeAll, describe, expect, it } from 'vitest';
import { joinParts } from '../../src/shared/backup';
import { createPracticeKey, sealJson, type DataKey } from '../../src/shared/crypto';
import type { SyncDocument } from '../../src/shared/sync/protocol';
import { openTransfer, TRANSFER_CHUNK, TransferError, TransferWriter, type TransferEntry, type TransferMeta } from '../../src/shared/transfer';

const SCHEMAS = { clients: 0, notes: 0, conflicts: 0 };
const SENDER = 'Synthetic clinic laptop';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let key: DataKey;
let otherKey: DataKey;
beforeAll(async () => {
  key = (await createPracticeKey()).dataKey;
  otherKey = (await createPracticeKey()).dataKey;
});

async function doc(id: string, rev: number, secret: string, sealWith = key): Promise<SyncDocument> {
  const sealed = await sealJson(sealWith, { collection: 'clients', id, schemaVersion: 0 }, { lastName: secret });
  return { id, rev, updatedAt: 1_800_000_000_000 + rev, sealed, _deleted: false, kind: 'client', status: 'active', clientId: '' };
}

const meta = (overrides: Partial<TransferMeta> = {}): TransferMeta => ({
  transferId: 'transfer-0001-synthetic',
  createdAt: 1_800_000_000_000,
  from: { id: 'device-a', name: SENDER },
  to: 'device-b',
  seq: 3,
  ack: 2,
  schemaVersions: SCHEMAS,
  ...overrides,
});

async function build(entries: TransferEntry[], overrides: Partial<TransferMeta> = {}): Promise<Uint8Array> {
  const writer = new TransferWriter(meta(overrides), key);
  writer.add('clients', entries);
  return joinParts(await writer.finish(key));
}

async function refusal(bytes: Uint8Array, options: Parameters<typeof openTransfer>[1] = { key, schemaVersions: SCHEMAS }): Promise<string> {
  const error = await openTransfer(bytes, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransferError);
  return (error as TransferError).code;
}

describe('transfer file format', () => {
  it('round trips header, sealed sender name, documents and bases in chunks; nothing readable without the key', async () => {
    const entries: TransferEntry[] = [];
    for (let i = 0; i < TRANSFER_CHUNK + 3; i++) entries.push({ doc: await doc(`client-${i}`, 2, `Quorvel${i}`), base: i % 2 ? await doc(`client-${i}`, 1, `Quorvel${i}`) : null });
    const bytes = await build(entries);
    const opened = await openTransfer(bytes, { key, schemaVersions: SCHEMAS });
    expect(opened.header).toMatchObject({ from: 'device-a', to: 'device-b', seq: 3, ack: 2, collections: { clients: { count: TRANSFER_CHUNK + 3 }, notes: { count: 0 } } });
    expect(opened.senderName).toBe(SENDER);
    expect(opened.entryCount).toBe(TRANSFER_CHUNK + 3);
    const chunks = [...opened.chunks()];
    expect(chunks.map((c) => c.entries.length)).toEqual([TRANSFER_CHUNK, 3]);
    expect(chunks.flatMap((c) => c.entries)).toEqual(entries);
    const text = decoder.decode(bytes);
    expect(text.startsWith('{"format":"waypoint-transfer",')).toBe(true);
    expect(text).not.toContain('Quorvel');
    expect(text).not.toContain(SENDER);
  });

  it('a file of an older schema opens with each document and base migrated by the collection steps; the sealed envelope is kept', async () => {
    const entries: TransferEntry[] = [{ doc: await doc('client-1', 2, 'Quorvel1'), base: await doc('client-1', 1, 'Quorvel1') }];
    const migrations = { clients: [(plain: Record<string, unknown>) => ({ ...plain, status: `${String(plain['status'])}-v1` })] };
    const opened = await openTransfer(await build(entries), { key, schemaVersions: { ...SCHEMAS, clients: 1 }, migrations });
    const [entry] = [...opened.chunks()].flatMap((c) => c.entries);
    expect(entry!.doc).toEqual({ ...entries[0]!.doc, status: 'active-v1' });
    expect(entry!.base).toEqual({ ...entries[0]!.base!, status: 'active-v1' });
  });

  it('a file with no changes still carries who sent it and what it acknowledges', async () => {
    const opened = await openTransfer(await build([]), { key, schemaVersions: SCHEMAS });
    expect(opened.entryCount).toBe(0);
    expect(opened.header.ack).toBe(2);
  });

  it('refuses a file cut short, a changed byte, a trailer that does not match, another practice and a newer format', async () => {
    const bytes = await build([{ doc: await doc('client-1', 2, 'Quorvel'), base: null }]);
    const text = decoder.decode(bytes);
    expect(await refusal(bytes.subarray(0, bytes.length - 1))).toBe('incomplete');
    expect(await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)))).toBe('incomplete');
    expect(await refusal(encoder.encode(text.replace('"rev":2', '"rev":3')))).toBe('altered');
    // A consistent digest over a changed body still fails the seal, which only the practice key makes.
    const lines = text.split('\n');
    const body = encoder.encode(`${lines.slice(0, -2).join('\n').replace('"seq":3', '"seq":4')}\n`);
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', body)), (b) => b.toString(16).padStart(2, '0')).join('');
    const trailer = JSON.parse(lines.at(-2)!) as { seal: string };
    expect(await refusal(joinParts([body, encoder.encode(`${JSON.stringify({ sha256: digest, seal: trailer.seal })}\n`)]))).toBe('altered');
    expect(await refusal(bytes, { key: otherKey, schemaVersions: SCHEMAS })).toBe('other-practice');
    expect(await refusal(encoder.encode(text.replace('"formatVersion":1', '"formatVersion":2')))).toBe('too-new');
    expect(await refusal(encoder.encode('{"format":"waypoint-backup",'))).toBe('not-a-transfer');
    // A newer schema with no migration from the file's is refused; one with the steps is migrated (below).
    expect(await refusal(bytes, { key, schemaVersions: { clients: 0, notes: 1, conflicts: 0 } })).toBe('too-old');
    expect(await refusal(bytes, { key, schemaVersions: { notes: 0, conflicts: 0 } })).toBe('too-new');
  });

  it('migrates the plaintext fields of a file from an older schema version, doc and base, and keeps every envelope as it is', async () => {
    const entry = { doc: await doc('client-1', 2, 'Quorvel'), base: await doc('client-1', 1, 'Quorvel') };
    const bytes = await build([entry]);
    const migrations = { clients: [(plain: Record<string, unknown>) => ({ ...plain, status: `${String(plain['status'])}-v1` })] };
    const opened = await openTransfer(bytes, { key, schemaVersions: { clients: 1, notes: 0, conflicts: 0 }, migrations });
    const [migrated] = [...opened.chunks()].flatMap((c) => c.entries);
    expect(migrated).toEqual({ doc: { ...entry.doc, status: 'active-v1' }, base: { ...entry.base, status: 'active-v1' } });
    // Without a step for that version the file is still refused as too old.
    expect(await refusal(bytes, { key, schemaVersions: { clients: 2, notes: 0, conflicts: 0 }, migrations })).toBe('too-old');
  });

  it('will not write a document sealed under another key or a base of another record', async () => {
    const writer = new TransferWriter(meta(), key);
    expect(() => writer.add('clients', [{ doc: { ...({} as SyncDocument), id: 'x' }, base: null }])).toThrow(/could not be imported/);
    const foreign = await doc('client-2', 1, 'Quorvel', otherKey);
    expect(() => writer.add('clients', [{ doc: foreign, base: null }])).toThrow(/could not be imported/);
    const mine = await doc('client-3', 2, 'Quorvel');
    expect(() => writer.add('clients', [{ doc: mine, base: { ...mine, id: 'client-4' } }])).toThrow(/could not be imported/);
  });
});
