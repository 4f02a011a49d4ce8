/**
 * The audit trail's rules (HIPAA §164.312(b) audit controls, (c) integrity): what an entry is,
 * how entries are hash-chained per device, and how a chain is checked.
 *
 * An entry says who, on which device, when, what action and on which record (ids only). It never
 * holds a record's contents: no names of clients, no note text. Each device numbers its entries
 * 1, 2, 3… and each entry carries the hash of the one before, so a deleted, altered, reordered or
 * duplicated entry shows up when the chain is checked. Entries are sealed like every record.
 */
import { z } from 'zod';
import { canonicalJson } from './sync/canonical-json';
import type { SharedKey } from './messages';

export const AUDIT_ACTIONS = [
  'unlock',
  'unlock-failed',
  'lock',
  'chart-opened',
  'created',
  'changed',
  'deleted',
  'signed',
  'cosigned',
  'returned',
  'addended',
  'printed',
  'exported',
  'backup',
  'restore',
  'transfer-export',
  'transfer-import',
  'enrolment',
  'device-revoked',
  'break-glass',
  'break-glass-failed',
  'client-archived',
  'client-returned',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, SharedKey>> = {
  unlock: 'shared:auditActions.unlock',
  'unlock-failed': 'shared:auditActions.unlockFailed',
  lock: 'shared:auditActions.lock',
  'chart-opened': 'shared:auditActions.chartOpened',
  created: 'shared:auditActions.created',
  changed: 'shared:auditActions.changed',
  deleted: 'shared:auditActions.deleted',
  signed: 'shared:auditActions.signed',
  cosigned: 'shared:auditActions.cosigned',
  returned: 'shared:auditActions.returned',
  addended: 'shared:auditActions.addended',
  printed: 'shared:auditActions.printed',
  exported: 'shared:auditActions.exported',
  backup: 'shared:auditActions.backup',
  restore: 'shared:auditActions.restore',
  'transfer-export': 'shared:auditActions.transferExport',
  'transfer-import': 'shared:auditActions.transferImport',
  enrolment: 'shared:auditActions.enrolment',
  'device-revoked': 'shared:auditActions.deviceRevoked',
  'break-glass': 'shared:auditActions.breakGlass',
  'break-glass-failed': 'shared:auditActions.breakGlassFailed',
  'client-archived': 'shared:auditActions.clientArchived',
  'client-returned': 'shared:auditActions.clientReturned',
};

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an id is 1–64 letters, digits, - or _');
const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex');

export const auditTargetSchema = z
  .object({
    /** The collection of the record (clients, notes, plans…). */
    collection: z.string().regex(/^[a-z][A-Za-z]{0,31}$/),
    /** Sealed, so not held to the 64 characters of a plaintext id: some record ids join two ids. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/),
    /** The client whose record it is, so the viewer can list everything done to one client's records. */
    clientId: idSchema.optional(),
  })
  .strict();
export type AuditTarget = z.infer<typeof auditTargetSchema>;

/** The hash before a device's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const auditEntrySchema = z
  .object({
    v: z.literal(1),
    deviceId: idSchema,
    /** 1, 2, 3… per device, with no gaps. */
    seq: z.number().int().min(1),
    /** UTC, as Date.toISOString() writes it: sorts as text. */
    at: z.iso.datetime(),
    /** The staff member; '' for both when nobody had unlocked (printing the recovery sheet at set-up). */
    who: z.object({ staffId: z.union([idSchema, z.literal('')]), name: z.string().max(200) }).strict(),
    action: z.enum(AUDIT_ACTIONS),
    target: auditTargetSchema.optional(),
    /** A short note without record contents, e.g. "status draft → signed" or "inactivity". */
    detail: z.string().max(200).optional(),
    /** The hash of this device's previous entry (GENESIS_HASH for seq 1). */
    prevHash: hashSchema,
  })
  .strict();
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditEntryBody = Omit<AuditEntry, 'prevHash'>;

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 over the previous hash and the entry's canonical JSON: the link from one entry to the next. */
export async function chainHash(prevHash: string, entry: AuditEntryBody): Promise<string> {
  const text = `waypoint-audit-v1\n${prevHash}\n${canonicalJson(entry)}`;
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The hash the next entry of the same device must carry. */
export function entryHash(entry: AuditEntry): Promise<string> {
  const { prevHash, ...body } = entry;
  return chainHash(prevHash, body);
}

export type ChainProblemKind = 'missing' | 'altered' | 'reordered' | 'duplicated';

export interface ChainProblem {
  deviceId: string;
  seq: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  deviceId: string;
  entries: number;
  lastSeq: number;
  problems: ChainProblem[];
}

/** What a device remembers of its own last entry, outside the chain: catches a cut-off or rewritten tail. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Checks each device's chain. `entries` come in stored order (by the stored sequence number), so
 * an entry whose own sequence number is out of step with its neighbours is reported as reordered.
 * Without a `head` for a device, its last entry can be rewritten or entries at the end removed
 * unseen: only what comes after an entry vouches for it.
 */
export async function verifyChain(entries: readonly AuditEntry[], heads: Readonly<Record<string, ChainHead>> = {}): Promise<ChainReport[]> {
  const byDevice = new Map<string, AuditEntry[]>();
  for (const entry of entries) byDevice.set(entry.deviceId, [...(byDevice.get(entry.deviceId) ?? []), entry]);
  for (const deviceId of Object.keys(heads)) if (!byDevice.has(deviceId)) byDevice.set(deviceId, []);
  return Promise.all([...byDevice].map(([deviceId, listed]) => verifyDevice(deviceId, listed, heads[deviceId])));
}

async function verifyDevice(deviceId: string, listed: AuditEntry[], head: ChainHead | undefined): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  // One problem per entry and kind: an altered entry can be evidenced from both sides.
  const problem = (seq: number, kind: ChainProblemKind, message: string) => {
    if (!problems.some((p) => p.seq === seq && p.kind === kind)) problems.push({ deviceId, seq, kind, message });
  };

  // Stored in order, the entries' own numbers ascend: an entry where another number belongs was moved.
  const ordered = listed.map((e) => e.seq).sort((a, b) => a - b);
  listed.forEach((entry, i) => {
    if (entry.seq !== ordered[i]) problem(entry.seq, 'reordered', `Entry ${entry.seq} is out of place: it is stored where entry ${ordered[i]} belongs`);
  });
  const highest = ordered.at(-1) ?? 0;

  const hashes = await Promise.all(listed.map(entryHash));
  const bySeq = new Map<number, { entry: AuditEntry; hash: string }[]>();
  listed.forEach((entry, i) => bySeq.set(entry.seq, [...(bySeq.get(entry.seq) ?? []), { entry, hash: hashes[i]! }]));

  const lastSeq = Math.max(highest, head?.seq ?? 0);
  for (let seq = 1; seq <= lastSeq; seq++) {
    const here = bySeq.get(seq);
    if (here === undefined) {
      problem(seq, 'missing', `Entry ${seq} is missing: it was deleted`);
      continue;
    }
    if (here.length > 1) problem(seq, 'duplicated', `Entry ${seq} is stored ${here.length} times`);
    const before = seq === 1 ? [{ hash: GENESIS_HASH }] : bySeq.get(seq - 1);
    // A missing predecessor is already reported; otherwise this entry vouches for the one before it.
    if (before !== undefined && !here.some((h) => before.some((b) => b.hash === h.entry.prevHash))) {
      if (seq === 1) problem(1, 'altered', 'Entry 1 was altered: it does not start the chain');
      else problem(seq - 1, 'altered', `Entry ${seq - 1} was altered: entry ${seq} recorded a different hash for it`);
    }
  }
  if (head !== undefined && head.seq <= highest && !(bySeq.get(head.seq) ?? []).some((h) => h.hash === head.hash)) {
    problem(head.seq, 'altered', `Entry ${head.seq} was altered: this device remembers a different last entry`);
  }
  return { deviceId, entries: listed.length, lastSeq, problems: problems.sort((a, b) => a.seq - b.seq) };
}

/**
 * When an entry adds nothing new: autosave changes a note every few seconds while someone types,
 * and one entry per stretch of typing (or the creation that started it) says who changed it and
 * when. An action is not recorded again for `windowMs` after the same person's last entry of one
 * of the `after` actions on the same record. Sign, co-sign and the rest are always recorded.
 */
export const AUDIT_COALESCE: Readonly<Partial<Record<AuditAction, { windowMs: number; after: readonly AuditAction[] }>>> = {
  changed: { windowMs: 10 * 60_000, after: ['created', 'changed'] },
  'chart-opened': { windowMs: 60_000, after: ['chart-opened'] },
};

/** The plaintext fields of a stored record, which is all a write hook looks at (never the sealed part). */
export interface WrittenRecord {
  id: string;
  kind?: unknown;
  status?: unknown;
  clientId?: unknown;
  parentId?: unknown;
}

function clientOf(collection: string, doc: WrittenRecord): string | undefined {
  if (collection === 'clients' && (doc.kind === 'client' || doc.kind === undefined)) return doc.id;
  return typeof doc.clientId === 'string' && doc.clientId !== '' ? doc.clientId : undefined;
}

/** What an audit entry names of a record: its collection, id and, where it has one, its client. */
export function auditTargetOf(collection: string, doc: WrittenRecord, id = doc.id): AuditTarget {
  const clientId = clientOf(collection, doc);
  return clientId === undefined ? { collection, id } : { collection, id, clientId };
}

/** The entry for a record written on this device: created, changed or deleted, or the clinical step its status change means. */
export function auditEventForWrite(
  collection: string,
  before: WrittenRecord | null,
  after: WrittenRecord & { _deleted?: boolean },
): { action: AuditAction; target: AuditTarget; detail?: string } {
  if (after._deleted) return { action: 'deleted', target: auditTargetOf(collection, after) };
  if (before === null) {
    if (collection === 'notes' && after.kind === 'addendum' && typeof after.parentId === 'string') {
      return { action: 'addended', target: auditTargetOf(collection, after, after.parentId), detail: `addendum ${after.id}` };
    }
    // A note written and signed in one go (nothing saved before) is a signing, as it is when a saved draft is signed.
    if (collection === 'notes' && (after.status === 'signed' || after.status === 'pending-cosign')) {
      return { action: 'signed', target: auditTargetOf(collection, after), detail: `status → ${String(after.status)}` };
    }
    return { action: 'created', target: auditTargetOf(collection, after), ...(typeof after.kind === 'string' ? { detail: after.kind } : {}) };
  }
  const target = auditTargetOf(collection, after);
  if (before.status === after.status) return { action: 'changed', target };
  const detail = `status ${String(before.status)} → ${String(after.status)}`;
  if (collection === 'notes') {
    if ((after.status === 'signed' || after.status === 'pending-cosign') && (before.status === 'draft' || before.status === 'returned')) return { action: 'signed', target, detail };
    if (after.status === 'cosigned') return { action: 'cosigned', target, detail };
    if (after.status === 'returned') return { action: 'returned', target, detail };
  }
  if (collection === 'plans' && after.kind === 'plan' && before.status === 'draft' && after.status === 'signed') return { action: 'signed', target, detail };
  return { action: 'changed', target, detail };
}
