/**
 * Three-way merge of two versions of a synced record, decrypted (docs/ARCHITECTURE.md: Sync): the rules that
 * make sure no acknowledged edit is lost. Pure and deterministic: the result does not depend on
 * which side is "mine", so every device that merges the same versions gets the same record and the
 * same conflict.
 *
 * - Identical versions: returned unchanged (same rev). Minting a new version here would give two
 *   devices that hold the same record two different new versions, hence a fresh conflict.
 * - Otherwise the merge is a new version: rev = max(revs) + 1, updatedAt = max. The rev must go
 *   above both, or a device still assuming the other version could overwrite it unnoticed.
 * - Deletion: both deleted → deleted. Delete vs edit → the edited version stays, as it is, and the
 *   deletion is reported. (Delete vs a side that changed nothing since the ancestor → deleted.)
 * - Notes (the collection holds notes, shared parts and addenda) — see note.ts for the machine.
 *   Editable states are draft and returned; signed, pending-cosign, cosigned and every addendum are
 *   frozen. Two editable versions merge field by field like any record. Otherwise nothing is ever
 *   merged *into* a frozen version: one version is taken as it is, and whatever the other one
 *   holds beyond it goes to the conflict record.
 *   · frozen vs editable: the frozen one wins (signed beats draft; a re-signed note beats the
 *     returned one it came from), except a return of that same pending-cosign signature, which is
 *     the later state. Edits the editable side made since the ancestor that the winner lacks are
 *     reported as 'superseded-edits'.
 *   · frozen vs frozen with the same signed content (all but status, co-signature and return):
 *     pending-cosign → cosigned is the one legal step, taken silently; any other difference (two
 *     co-signatures, statuses the machine cannot produce) is reported.
 *   · frozen vs frozen with different signed content: 'immutable-violation'. Both are kept; the one
 *     further along is shown (signed or cosigned over pending-cosign, then the later edit).
 * - Records written once (a Part 2 disclosure ledger entry, a signature image, a chunk of a scanned
 *   paper consent, a sobriety-date confirmation, by
 *   `plain.kind` in any collection) are never changed or deleted: a version that differs from the
 *   original (the ancestor's content, or with no ancestor the earlier write) is an
 *   'immutable-violation'; the original stays and both versions go to the conflict record.
 * - A Part 2 consent (its sealed data is the consent itself) is such a record too, except that it
 *   may gain a written revocation (`data.revocation`), and a revocation is never lost: a merge
 *   keeps it (and `plain.status` 'revoked') whatever the other side holds; a side without it that
 *   had it is reported ('superseded-edits'), two different revocations keep the earlier ('fields').
 * - A delete against a live version of those kinds keeps the live one (its original content, with
 *   any revocation), reported as 'immutable-violation'.
 * - Every other record merges field by field: plain fields, and the data recursively through plain
 *   objects (a note's `fields` merge per key), arrays and scalars as whole values. A field changed
 *   on one side takes that side; changed alike on both is fine; changed differently is a true
 *   conflict: every conflicting field takes the later version's value (updatedAt, then rev, then
 *   canonical order), so conflicting fields are never picked half from one side, half from the other.
 *   So what two devices may add at once is kept as objects keyed by id, not arrays (a breach's
 *   notifications, expected medications, a screen's results by substance, ASAM ratings by dimension).
 */
import { SOBRIETY_CONFIRMATION_KIND } from '../drug-screens';
import { PART2_CONSENT_KIND, PART2_SIGNATURE_KIND } from '../part2/consent';
import { PART2_DISCLOSURE_KIND } from '../part2/disclosure';
import { PART2_SCAN_KIND } from '../part2/scan';
import { AUTHOR_KEY_RECORD_PREFIX, type PlainValue } from '../crypto';
import { canonicalJson, jsonEqual } from './canonical-json';

export type { PlainValue };

/** One version of a record, decrypted. */
export interface MergeRecord {
  /** Plaintext query fields (kind, status, foreign keys…); not id, rev, updatedAt or the envelope. */
  plain: Record<string, PlainValue>;
  /** The sealed part, decrypted. */
  data: unknown;
  rev: number;
  updatedAt: number;
  deleted: boolean;
}

export interface MergeInput {
  collection: string;
  id: string;
  /** The common ancestor (RxDB's assumedMasterState); null when both sides inserted the same id. */
  base: MergeRecord | null;
  mine: MergeRecord;
  theirs: MergeRecord;
}

export type ConflictKind = 'fields' | 'delete-edit' | 'superseded-edits' | 'immutable-violation';

/** What a person has to look at: both versions in full, whatever the merged record shows. */
export interface MergeConflict {
  kind: ConflictKind;
  collection: string;
  id: string;
  /** Sorted paths of what differs, e.g. 'data.note.fields.plan', 'plain.status', 'deleted'. */
  fields: string[];
  /** In canonical order, so the description is the same on every device. */
  versions: [MergeRecord, MergeRecord];
  base: MergeRecord | null;
}

export interface MergeResult {
  merged: MergeRecord;
  conflict: MergeConflict | null;
}

type Path = readonly string[];
interface Content {
  plain: Record<string, PlainValue>;
  data: unknown;
}
interface ContentMerge {
  content: Content;
  kind: ConflictKind | null;
  fields: Path[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Own properties only: a "__proto__" key in the data must not reach Object.prototype.
const own = (value: Record<string, unknown>, key: string): unknown => (Object.hasOwn(value, key) ? value[key] : undefined);

const omit = (value: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));

const contentOf = (record: MergeRecord): Content => ({ plain: record.plain, data: record.data });

const kept = (record: MergeRecord): ContentMerge => ({ content: contentOf(record), kind: null, fields: [] });

function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) current = isObject(current) ? own(current, key) : undefined;
  return current;
}

/** Paths of the leaves that differ, descending through plain objects (a missing object counts as empty). */
function changedPaths(from: unknown, to: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (jsonEqual(from, to)) return out;
  if ((isObject(from) || from === undefined) && (isObject(to) || to === undefined)) {
    const a = from ?? {};
    const b = to ?? {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) changedPaths(own(a, key), own(b, key), [...path, key], out);
  } else {
    out.push(path);
  }
  return out;
}

/** The version shown when two versions truly conflict: the later edit, never the one that happens to be local. */
function preferred(a: MergeRecord, b: MergeRecord): MergeRecord {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? a : b;
  if (a.rev !== b.rev) return a.rev > b.rev ? a : b;
  return canonicalJson(a) > canonicalJson(b) ? a : b;
}

function mergeValue(base: unknown, a: unknown, b: unknown, aWins: boolean, path: Path, conflicts: Path[]): unknown {
  if (jsonEqual(a, b)) return a;
  if (jsonEqual(a, base)) return b;
  if (jsonEqual(b, base)) return a;
  if (isObject(a) && isObject(b)) {
    const under = isObject(base) ? base : {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return Object.fromEntries(
      keys.map((key) => [key, mergeValue(own(under, key), own(a, key), own(b, key), aWins, [...path, key], conflicts)] as const).filter(([, value]) => value !== undefined),
    );
  }
  conflicts.push(path);
  return aWins ? a : b;
}

function mergeFields(base: MergeRecord | null, a: MergeRecord, b: MergeRecord): ContentMerge {
  const aWins = preferred(a, b) === a;
  const conflicts: Path[] = [];
  const plain = mergeValue(base?.plain, a.plain, b.plain, aWins, ['plain'], conflicts) as Record<string, PlainValue>;
  const data = mergeValue(base?.data, a.data, b.data, aWins, ['data'], conflicts);
  return { content: { plain, data }, kind: conflicts.length > 0 ? 'fields' : null, fields: conflicts };
}

// ── Notes ──────────────────────────────────────────────────────────────────────────────────────

/** How far along note.ts's machine a status is; equal levels are both final. */
const NOTE_LEVEL: Record<string, number> = { draft: 0, returned: 1, 'pending-cosign': 2, signed: 3, cosigned: 3 };
/** A draft's status is no edit of its own: with no common ancestor it is not reported as lost. */
const STATUS_PATHS = ['plain.status', 'data.note.status'];

const statusOf = (record: MergeRecord) => String(record.plain['status']);
const noteOf = (record: MergeRecord): Record<string, unknown> => (isObject(record.data) && isObject(record.data['note']) ? record.data['note'] : {});
const isFrozen = (record: MergeRecord) => record.plain['kind'] === 'addendum' || !['draft', 'returned'].includes(statusOf(record));

/** What a signature covers: everything but the review state (status, co-signature, return), which moves on after signing. */
function signedContent(record: MergeRecord): Content {
  const plain = omit(record.plain, ['status']) as Record<string, PlainValue>;
  if (!isObject(record.data) || !isObject(record.data['note'])) return { plain, data: record.data };
  return { plain, data: { ...record.data, note: omit(record.data['note'], ['status', 'cosignature', 'returned']) } };
}

function further(a: MergeRecord, b: MergeRecord): [MergeRecord, MergeRecord] {
  const levelA = NOTE_LEVEL[statusOf(a)] ?? 0;
  const levelB = NOTE_LEVEL[statusOf(b)] ?? 0;
  const first = levelA !== levelB ? (levelA > levelB ? a : b) : preferred(a, b);
  return first === a ? [a, b] : [b, a];
}

/** `editable` is `frozen` sent back for correction: the return of the same signature is the later state. */
const isReturnOf = (editable: MergeRecord, frozen: MergeRecord) =>
  statusOf(frozen) === 'pending-cosign' &&
  statusOf(editable) === 'returned' &&
  jsonEqual(noteOf(editable)['signature'], noteOf(frozen)['signature']) &&
  !jsonEqual(noteOf(editable)['returned'], noteOf(frozen)['returned']);

/** `later` is `earlier` co-signed: the one step between frozen states with the same signed content. */
const isCosignOf = (later: MergeRecord, earlier: MergeRecord) =>
  statusOf(earlier) === 'pending-cosign' && statusOf(later) === 'cosigned' && jsonEqual(noteOf(later)['returned'], noteOf(earlier)['returned']);

function mergeFrozen(a: MergeRecord, b: MergeRecord): ContentMerge {
  const [winner, other] = further(a, b);
  const signedA = signedContent(a);
  const signedB = signedContent(b);
  if (!jsonEqual(signedA, signedB)) return { content: contentOf(winner), kind: 'immutable-violation', fields: changedPaths(signedA, signedB) };
  const differing = changedPaths(contentOf(other), contentOf(winner));
  if (differing.length === 0 || isCosignOf(winner, other)) return kept(winner);
  return { content: contentOf(winner), kind: statusOf(winner) === statusOf(other) ? 'superseded-edits' : 'immutable-violation', fields: differing };
}

/** Null when both versions are editable: they merge like any record. */
function mergeNote(base: MergeRecord | null, a: MergeRecord, b: MergeRecord): ContentMerge | null {
  if (!isFrozen(a) && !isFrozen(b)) return null;
  if (isFrozen(a) && isFrozen(b)) return mergeFrozen(a, b);
  const [frozen, editable] = isFrozen(a) ? [a, b] : [b, a];
  if (isReturnOf(editable, frozen)) return kept(editable);
  const lost = changedPaths(base === null ? undefined : contentOf(base), contentOf(editable)).filter(
    (path) => !jsonEqual(at(contentOf(frozen), path), at(contentOf(editable), path)) && (base !== null || !STATUS_PATHS.includes(path.join('.'))),
  );
  return { content: contentOf(frozen), kind: lost.length > 0 ? 'superseded-edits' : null, fields: lost };
}

// ── Records written once; consents ─────────────────────────────────────────────────────────────

type KindRule = 'written-once' | 'consent';
const KIND_RULES: Readonly<Record<string, KindRule>> = {
  [PART2_DISCLOSURE_KIND]: 'written-once',
  [PART2_SIGNATURE_KIND]: 'written-once',
  [PART2_SCAN_KIND]: 'written-once',
  [SOBRIETY_CONFIRMATION_KIND]: 'written-once',
  [PART2_CONSENT_KIND]: 'consent',
};

/** The kind of the live versions decides (both, or the one left against a delete), so the rule does not depend on which side is which. */
function kindRule(a: MergeRecord, b: MergeRecord): KindRule | null {
  const kinds = new Set([a, b].filter((record) => !record.deleted).map((record) => record.plain['kind']));
  const [kind] = kinds;
  return kinds.size === 1 && typeof kind === 'string' && Object.hasOwn(KIND_RULES, kind) ? KIND_RULES[kind]! : null;
}

/** The original of a record written once: the ancestor, else the earlier write (then the lower rev, then canonical order). */
const originalOf = (base: MergeRecord | null, a: MergeRecord, b: MergeRecord): MergeRecord =>
  base ?? [a, b].sort((x, y) => x.updatedAt - y.updatedAt || x.rev - y.rev || (canonicalJson(x) < canonicalJson(y) ? -1 : 1))[0]!;

function writtenOnce(original: MergeRecord, a: MergeRecord, b: MergeRecord, view: (record: MergeRecord) => Content): ContentMerge {
  const fields = [...changedPaths(view(original), view(a)), ...changedPaths(view(original), view(b))];
  return { content: view(original), kind: fields.length > 0 ? 'immutable-violation' : null, fields };
}

const REVOCATION = 'revocation';
const revocationOf = (record: MergeRecord | null): unknown => (record !== null && isObject(record.data) ? own(record.data, REVOCATION) : undefined);
/** What was signed: everything but the revocation and the status that follows it. */
const signedConsent = (record: MergeRecord): Content => ({
  plain: omit(record.plain, ['status']) as Record<string, PlainValue>,
  data: isObject(record.data) ? omit(record.data, [REVOCATION]) : record.data,
});

function mergeConsent(base: MergeRecord | null, a: MergeRecord, b: MergeRecord): ContentMerge {
  const original = originalOf(base, a, b);
  const signed = writtenOnce(original, a, b, signedConsent);
  const [fromBase, fromA, fromB] = [revocationOf(base), revocationOf(a), revocationOf(b)];
  const revocations = [fromBase, fromA, fromB].filter((r) => r !== undefined);
  if (revocations.length === 0) return { ...signed, content: contentOf(original) };
  const on = (r: unknown) => String(isObject(r) ? r['on'] : '');
  const revocation = revocations.reduce((x, y) => (on(y) < on(x) || (on(y) === on(x) && canonicalJson(y) < canonicalJson(x)) ? y : x));
  const dropped = fromBase !== undefined && (fromA === undefined || fromB === undefined);
  const differing = fromA !== undefined && fromB !== undefined && !jsonEqual(fromA, fromB);
  const kind: ConflictKind | null = signed.kind ?? (dropped ? 'superseded-edits' : differing ? 'fields' : null);
  const statuses = a.plain['status'] !== b.plain['status'] ? [['plain', 'status']] : [];
  const fields = dropped || differing ? [...signed.fields, ['data', REVOCATION], ...statuses] : signed.fields;
  const content = { plain: { ...signed.content.plain, status: 'revoked' }, data: { ...(signed.content.data as Record<string, unknown>), [REVOCATION]: revocation } };
  return { content, kind, fields };
}

// ── The merge ──────────────────────────────────────────────────────────────────────────────────

function mergeContent(collection: string, base: MergeRecord | null, a: MergeRecord, b: MergeRecord): ContentMerge & { deleted: boolean } {
  if (a.deleted && b.deleted) return { ...kept(preferred(a, b)), deleted: true };
  const rule = collection === 'notes' ? null : kindRule(a, b);
  const special = (x: MergeRecord, y: MergeRecord) => (rule === 'consent' ? mergeConsent(base, x, y) : writtenOnce(originalOf(base, x, y), x, y, contentOf));
  if (rule !== null && a.deleted !== b.deleted) {
    const live = special(a.deleted ? b : a, a.deleted ? b : a);
    return { content: live.content, kind: 'immutable-violation', fields: [['deleted'], ...live.fields], deleted: false };
  }
  if (a.deleted !== b.deleted) {
    const [dead, live] = a.deleted ? [a, b] : [b, a];
    const state = (record: MergeRecord) => ({ ...contentOf(record), deleted: record.deleted });
    if (base !== null && jsonEqual(state(live), state(base))) return { ...kept(dead), deleted: true };
    return { content: contentOf(live), kind: 'delete-edit', fields: [['deleted']], deleted: false };
  }
  const merged = (rule !== null ? special(a, b) : null) ?? (collection === 'notes' ? mergeNote(base, a, b) : null) ?? mergeFields(base, a, b);
  return { ...merged, deleted: false };
}

/**
 * An author's key wraps (settings `author-key-…`, docs/ARCHITECTURE.md: Private notes per author):
 * every version holds the same key, wrapped under the passphrase its author last set on one laptop
 * or another (a recovery on a restored laptop rewraps it). The later write stands, with nothing for
 * a person to decide: no note is lost, and a laptop whose passphrase no longer opens the key says so
 * until the author sets the same passphrase there.
 */
const isAuthorKeyWraps = (collection: string, id: string) => collection === 'settings' && id.startsWith(`${AUTHOR_KEY_RECORD_PREFIX}-`);

export function mergeRecords({ collection, id, base, mine, theirs }: MergeInput): MergeResult {
  if (canonicalJson(mine) === canonicalJson(theirs)) return { merged: mine, conflict: null };
  if (isAuthorKeyWraps(collection, id)) {
    return { merged: { ...preferred(mine, theirs), rev: Math.max(mine.rev, theirs.rev) + 1, updatedAt: Math.max(mine.updatedAt, theirs.updatedAt) }, conflict: null };
  }
  const { content, deleted, kind, fields } = mergeContent(collection, base, mine, theirs);
  const merged: MergeRecord = { ...content, deleted, rev: Math.max(mine.rev, theirs.rev) + 1, updatedAt: Math.max(mine.updatedAt, theirs.updatedAt) };
  if (kind === null) return { merged, conflict: null };
  const versions = (canonicalJson(mine) < canonicalJson(theirs) ? [mine, theirs] : [theirs, mine]) as [MergeRecord, MergeRecord];
  return { merged, conflict: { kind, collection, id, fields: [...new Set(fields.map((path) => path.join('.')))].sort(), versions, base } };
}
