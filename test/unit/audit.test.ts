import { describe, expect, it } from 'vitest';
import { auditEntrySchema, auditEventForWrite, chainHash, entryHash, GENESIS_HASH, verifyChain, type AuditEntry, type AuditEntryBody } from '../../src/shared/audit';

const DEVICE = 'device-a';

/** A device's chain of `n` entries, linked as the audit log writes them. */
async function chain(n: number, deviceId = DEVICE): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body: AuditEntryBody = {
      v: 1,
      deviceId,
      seq,
      at: new Date(Date.UTC(2026, 2, 2, 9, seq)).toISOString(),
      who: { staffId: 'staff-1', name: 'Admin Synthetic' },
      action: seq % 2 ? 'chart-opened' : 'changed',
      target: { collection: 'clients', id: `client-${seq}`, clientId: `client-${seq}` },
    };
    entries.push(auditEntrySchema.parse({ ...body, prevHash }));
    prevHash = await chainHash(prevHash, body);
  }
  return entries;
}

const kinds = async (entries: AuditEntry[], heads = {}) => (await verifyChain(entries, heads)).flatMap((r) => r.problems.map((p) => [p.kind, p.seq]));

describe('audit chain', () => {
  it('a clean chain passes, per device', async () => {
    const entries = [...(await chain(5)), ...(await chain(3, 'device-b'))];
    const reports = await verifyChain(entries, { [DEVICE]: { seq: 5, hash: await entryHash(entries[4]!) } });
    expect(reports.map((r) => [r.deviceId, r.entries, r.problems])).toEqual([
      [DEVICE, 5, []],
      ['device-b', 3, []],
    ]);
  });

  it('the hash covers every field, in any key order', async () => {
    const [first] = await chain(1);
    const { prevHash, ...body } = first!;
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as AuditEntryBody;
    expect(await chainHash(prevHash, reordered)).toBe(await entryHash(first!));
    expect(await chainHash(prevHash, { ...body, action: 'printed' })).not.toBe(await entryHash(first!));
    expect(await chainHash(GENESIS_HASH.replace(/0$/, '1'), body)).not.toBe(await entryHash(first!));
  });

  it('detects a deleted entry', async () => {
    const entries = await chain(5);
    expect(await kinds(entries.filter((e) => e.seq !== 3))).toEqual([['missing', 3]]);
    expect(await kinds(entries.filter((e) => e.seq !== 1))).toEqual([['missing', 1]]);
  });

  it('detects entries cut off the end only with the device’s remembered head', async () => {
    const entries = await chain(5);
    const head = { [DEVICE]: { seq: 5, hash: await entryHash(entries[4]!) } };
    expect(await kinds(entries.slice(0, 3))).toEqual([]);
    expect(await kinds(entries.slice(0, 3), head)).toEqual([
      ['missing', 4],
      ['missing', 5],
    ]);
  });

  it('detects an altered entry: its successor vouches for it, the head for the last one', async () => {
    const entries = await chain(5);
    const altered = entries.map((e) => (e.seq === 2 ? { ...e, action: 'printed' as const } : e));
    expect(await kinds(altered)).toEqual([['altered', 2]]);
    const who = entries.map((e) => (e.seq === 4 ? { ...e, who: { staffId: 'staff-2', name: 'Someone Else' } } : e));
    expect(await kinds(who)).toEqual([['altered', 4]]);
    const last = entries.map((e) => (e.seq === 5 ? { ...e, detail: 'rewritten' } : e));
    expect(await kinds(last, { [DEVICE]: { seq: 5, hash: await entryHash(entries[4]!) } })).toEqual([['altered', 5]]);
  });

  it('detects a reordered entry', async () => {
    const [a, b, c, d] = await chain(4);
    expect(await kinds([a!, c!, b!, d!])).toEqual([
      ['reordered', 2],
      ['reordered', 3],
    ]);
  });

  it('detects a duplicated entry, and a second entry claiming a number', async () => {
    const entries = await chain(4);
    expect(await kinds([...entries.slice(0, 3), entries[2]!, entries[3]!])).toEqual([['duplicated', 3]]);
    const forged = { ...entries[2]!, detail: 'forged' };
    const problems = await kinds([...entries.slice(0, 3), forged, entries[3]!]);
    expect(problems).toEqual([['duplicated', 3]]);
  });

  it('detects a chain that does not start at the genesis hash', async () => {
    const entries = await chain(2);
    expect(await kinds([{ ...entries[0]!, prevHash: 'f'.repeat(64) }, entries[1]!])).toEqual([['altered', 1]]);
  });
});

describe('audit events for record writes (plaintext fields only)', () => {
  it('names the clinical step a note status change means', () => {
    const note = { id: 'note-s-c', kind: 'progress', status: 'draft', clientId: 'client-a', parentId: '' };
    expect(auditEventForWrite('notes', null, note)).toEqual({ action: 'created', target: { collection: 'notes', id: 'note-s-c', clientId: 'client-a' }, detail: 'progress' });
    expect(auditEventForWrite('notes', note, note).action).toBe('changed');
    expect(auditEventForWrite('notes', note, { ...note, status: 'pending-cosign' })).toMatchObject({ action: 'signed', detail: 'status draft → pending-cosign' });
    // Written and signed in one write, with nothing saved before: still a signing.
    expect(auditEventForWrite('notes', null, { ...note, status: 'signed' })).toMatchObject({ action: 'signed', target: { collection: 'notes', id: 'note-s-c', clientId: 'client-a' } });
    expect(auditEventForWrite('notes', { ...note, status: 'pending-cosign' }, { ...note, status: 'cosigned' }).action).toBe('cosigned');
    expect(auditEventForWrite('notes', { ...note, status: 'pending-cosign' }, { ...note, status: 'returned' }).action).toBe('returned');
    expect(auditEventForWrite('notes', null, { id: 'addendum-1', kind: 'addendum', status: 'signed', clientId: 'client-a', parentId: 'note-s-c' })).toEqual({
      action: 'addended',
      target: { collection: 'notes', id: 'note-s-c', clientId: 'client-a' },
      detail: 'addendum addendum-1',
    });
  });

  it('signs a plan, targets a client record at the client, and records deletions', () => {
    const plan = { id: 'plan-1', kind: 'plan', status: 'draft', clientId: 'client-a' };
    expect(auditEventForWrite('plans', plan, { ...plan, status: 'signed' }).action).toBe('signed');
    expect(auditEventForWrite('clients', null, { id: 'client-b', kind: 'client', status: 'active', clientId: '' }).target).toEqual({ collection: 'clients', id: 'client-b', clientId: 'client-b' });
    expect(auditEventForWrite('sessions', null, { id: 'session-1', kind: 'group' }).target).toEqual({ collection: 'sessions', id: 'session-1' });
    expect(auditEventForWrite('clients', null, { id: 'client-b', kind: 'client', _deleted: true }).action).toBe('deleted');
  });
});
