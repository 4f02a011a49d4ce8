/**
 * Duplicate clients: spotting them at intake, and merging two records without losing anything
 * either one holds.
 */
import type { ClientIdentity } from './clients';
import { RuleError } from './messages';

export type ClientIdentityLike = Pick<ClientIdentity, 'firstName' | 'lastName' | 'preferredName' | 'dateOfBirth'>;

export interface ClientRef<T extends ClientIdentityLike = ClientIdentityLike> {
  id: string;
  identity: T;
}

// Letters NFKD leaves whole, so stripping combining marks alone would not fold them.
const FOLDED: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', æ: 'ae', œ: 'oe', ß: 'ss', ı: 'i' };

/** Folds a name for comparison: "O'Brien-Smith", "obrien smith" and "Ó Brién Smith" all give "obriensmith". */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłđðþæœßı]/g, (letter) => FOLDED[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export type MatchSignal =
  | 'firstName'
  | 'lastName'
  | 'dateOfBirth'
  | 'firstNamePrefix'
  | 'preferredName'
  | 'swappedNames'
  | 'dateOfBirthTransposed';

export interface DuplicateMatch {
  id: string;
  reason: 'exact' | 'likely';
  matched: MatchSignal[];
}

interface Folded {
  first: string;
  last: string;
  preferred: string;
  dateOfBirth: string;
}

function fold(identity: ClientIdentityLike): Folded {
  return {
    first: normaliseName(identity.firstName),
    last: normaliseName(identity.lastName),
    preferred: normaliseName(identity.preferredName),
    dateOfBirth: identity.dateOfBirth,
  };
}

// A name that folds to nothing (all punctuation) must not match another that does.
const same = (a: string, b: string) => a !== '' && a === b;

/** Day and month swapped (1984-02-03 vs 1984-03-02): the commonest way a date of birth is mistyped. */
function transposed(a: string, b: string): boolean {
  const [ay, am, ad] = a.split('-');
  const [by, bm, bd] = b.split('-');
  return ay === by && am === bd && ad === bm && am !== ad;
}

function compare(c: Folded, e: Folded): Omit<DuplicateMatch, 'id'> | null {
  const sameFirst = same(c.first, e.first);
  const sameLast = same(c.last, e.last);
  if (c.dateOfBirth !== e.dateOfBirth) {
    return sameFirst && sameLast && transposed(c.dateOfBirth, e.dateOfBirth)
      ? { reason: 'likely', matched: ['firstName', 'lastName', 'dateOfBirthTransposed'] }
      : null;
  }
  if (sameFirst && sameLast) return { reason: 'exact', matched: ['firstName', 'lastName', 'dateOfBirth'] };
  if (sameLast && c.first.length >= 3 && c.first.slice(0, 3) === e.first.slice(0, 3)) {
    return { reason: 'likely', matched: ['lastName', 'dateOfBirth', 'firstNamePrefix'] };
  }
  if (sameLast && (same(c.first, e.preferred) || same(c.preferred, e.first))) {
    return { reason: 'likely', matched: ['lastName', 'dateOfBirth', 'preferredName'] };
  }
  if (same(c.first, e.last) && same(c.last, e.first)) {
    return { reason: 'likely', matched: ['swappedNames', 'dateOfBirth'] };
  }
  return null;
}

/**
 * Existing clients the candidate may already be, exact matches first. Every rule needs the date
 * of birth (equal, or day and month swapped): a shared name alone is too common to flag.
 */
export function findDuplicates(candidate: ClientIdentityLike, existing: readonly ClientRef[]): DuplicateMatch[] {
  const c = fold(candidate);
  const matches: DuplicateMatch[] = [];
  for (const { id, identity } of existing) {
    const match = compare(c, fold(identity));
    if (match) matches.push({ id, ...match });
  }
  return matches.sort((a, b) => Number(a.reason === 'likely') - Number(b.reason === 'likely'));
}

export interface MergeConflict {
  /** Dotted path; array items are addressed by their key, e.g. `diagnoses[code=F32.1].label`. */
  field: string;
  kept: unknown;
  other: unknown;
}

/** A value the duplicate held where the primary held a different one, kept on the merged record. */
export interface MergedValue {
  field: string;
  value: unknown;
  from: string;
}

export interface MergeRecord {
  mergedFrom: string[];
  mergedValues: MergedValue[];
}

export interface MergeResult<T> {
  merged: T & MergeRecord;
  conflicts: MergeConflict[];
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Order-insensitive for object keys; strings in NFC so the same accented name typed two ways is equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string'
      ? v.normalize('NFC')
      : isObject(v)
        ? Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]))
        : v,
  );
}

// Array items with one of these are the same item when the key matches (a diagnosis by its code).
const ITEM_KEYS = ['id', 'code'] as const;

function itemKey(item: unknown): string | null {
  if (!isObject(item)) return null;
  for (const key of ITEM_KEYS) {
    const value = item[key];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') return `${key}=${value}`;
  }
  return null;
}

function mergeArrays(kept: unknown[], other: unknown[], field: string, conflicts: MergeConflict[]): unknown[] {
  const result = [...kept];
  for (const item of other) {
    const key = itemKey(item);
    const index = key
      ? result.findIndex((existing) => itemKey(existing) === key)
      : result.findIndex((existing) => canonical(existing) === canonical(item));
    if (index === -1) result.push(item);
    else if (key) result[index] = mergeValue(result[index], item, `${field}[${key}]`, conflicts);
  }
  return result;
}

function mergeObjects(kept: JsonObject, other: JsonObject, field: string, conflicts: MergeConflict[]): JsonObject {
  // fromEntries, not assignment: a "__proto__" key in the data stays data.
  const entries = new Map(Object.entries(kept));
  for (const [key, value] of Object.entries(other)) {
    entries.set(key, mergeValue(entries.get(key), value, field ? `${field}.${key}` : key, conflicts));
  }
  return Object.fromEntries(entries);
}

function mergeValue(kept: unknown, other: unknown, field: string, conflicts: MergeConflict[]): unknown {
  if (isEmpty(other)) return kept === undefined ? other : kept;
  if (isEmpty(kept)) return other;
  if (Array.isArray(kept) && Array.isArray(other)) return mergeArrays(kept, other, field, conflicts);
  if (isObject(kept) && isObject(other)) return mergeObjects(kept, other, field, conflicts);
  if (canonical(kept) !== canonical(other)) conflicts.push({ field, kept, other });
  return kept;
}

/**
 * Folds `duplicate` into `primary`, field by field over plain JSON: the primary's value wins where
 * both have one, and the duplicate's differing value is kept in `mergedValues` (and reported in
 * `conflicts` for review); empty primary fields are filled from the duplicate; nested objects merge
 * by the same rule; arrays are unioned, items with an `id` or `code` merged as one item.
 *
 * The caller then re-points the duplicate's linked records (episodes, notes, attendance...) to the
 * primary and marks the duplicate record as merged into it, never deleting it, so the chart's
 * history can still be traced.
 */
export function mergeClients<T extends ClientIdentityLike>(
  primary: ClientRef<T>,
  duplicate: ClientRef<T>,
): MergeResult<T> {
  if (primary.id === duplicate.id) throw new RuleError({ key: 'shared:clients.mergedIntoItself' });
  const conflicts: MergeConflict[] = [];
  const merged = mergeObjects(primary.identity, duplicate.identity, '', conflicts) as T & Partial<MergeRecord>;
  return {
    merged: {
      ...merged,
      mergedFrom: [...new Set([...(merged.mergedFrom ?? []), duplicate.id])],
      mergedValues: [
        ...(merged.mergedValues ?? []),
        ...conflicts.map(({ field, other }) => ({ field, value: other, from: duplicate.id })),
      ],
    },
    conflicts,
  };
}

/**
 * The rules for what two records of one person become once merged, beyond their identities; the
 * merge applies them, so a merge never leaves a rule broken (src/shared/invariants.ts).
 */
export const MERGE_RULES = {
  /** One primary diagnosis: the surviving record's own, else the duplicate's. Order is kept. */
  diagnoses<D extends { primary: boolean }>(merged: readonly D[]): D[] {
    let taken = false;
    return merged.map((d) => {
      const keep = d.primary && !taken;
      taken ||= keep;
      return { ...d, primary: keep };
    });
  },

  /**
   * One open episode per programme: the earliest admission stays open (care began then); each
   * later one is closed as merged into it. Ties go to the smaller id, so every device agrees.
   */
  openEpisodes(episodes: readonly { id: string; programId: string; admittedOn: string; open: boolean }[]): { close: string; into: string }[] {
    const kept = new Map<string, { id: string; admittedOn: string }>();
    const closing: { close: string; into: string }[] = [];
    const ordered = episodes.filter((e) => e.open).sort((a, b) => a.admittedOn.localeCompare(b.admittedOn) || a.id.localeCompare(b.id));
    for (const episode of ordered) {
      const first = kept.get(episode.programId);
      if (first) closing.push({ close: episode.id, into: first.id });
      else kept.set(episode.programId, episode);
    }
    return closing;
  },
};
