/**
 * Searchable ICD-10-CM diagnosis codes for behavioural health (data and provenance in ./codes.ts).
 * Plain TypeScript: about a thousand codes, parsed once on first use and scanned linearly.
 */
import { ICD10_DATA } from './codes';

export { ICD10_FISCAL_YEAR, ICD10_SOURCE } from './codes';

export interface Icd10Code {
  code: string;
  label: string;
}

interface Entry {
  item: Icd10Code;
  /** The code without its dot, upper case: 'F32A'. */
  key: string;
  /** Lower-case words of the label, plus hyphenated words joined ('post-traumatic' gives 'post', 'traumatic', 'posttraumatic'). */
  words: readonly string[];
  /** How many words the label has: fewer means more general. */
  size: number;
  order: number;
}

interface Index {
  codes: readonly Icd10Code[];
  entries: readonly Entry[];
  byKey: ReadonlyMap<string, Icd10Code>;
}

let index: Index | undefined;

/** Upper case with everything but letters and digits dropped: ' f32.a ' gives 'F32A'. */
function codeKey(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Apostrophes vanish ("Alzheimer's" gives 'alzheimers'); any other punctuation separates words. */
function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

function labelWords(label: string): string[] {
  const words = new Set(tokens(label));
  for (const hyphenated of label.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)+/g) ?? []) {
    words.add(hyphenated.replace(/-/g, ''));
  }
  return [...words];
}

function load(): Index {
  if (index) return index;
  const codes: Icd10Code[] = [];
  const entries: Entry[] = [];
  const byKey = new Map<string, Icd10Code>();
  for (const line of ICD10_DATA.split('\n')) {
    if (line.length === 0) continue;
    const tab = line.indexOf('\t');
    const item: Icd10Code = Object.freeze({ code: line.slice(0, tab), label: line.slice(tab + 1) });
    const key = codeKey(item.code);
    codes.push(item);
    entries.push({ item, key, words: labelWords(item.label), size: tokens(item.label).length, order: entries.length });
    byKey.set(key, item);
  }
  index = { codes: Object.freeze(codes), entries, byKey };
  return index;
}

/** Every code in the list, in ICD-10-CM tabular order. */
export function allCodes(): readonly Icd10Code[] {
  return load().codes;
}

/** Looks a code up with or without its dot, in any case: 'f32a', 'F32.A'. Category headers such as 'F32' are not codes here. */
export function findCode(code: string): Icd10Code | undefined {
  return load().byKey.get(codeKey(code));
}

/** A letter then a digit, then up to five more letters or digits: the shape of (the start of) a code. */
const CODE_PREFIX = /^[A-Z][0-9][0-9A-Z]{0,5}$/;

/**
 * Codes matching a query, best first.
 * 1. Codes starting with the query read as a code ('F41', 'f411', 'F41.1'), the exact code first, then tabular order.
 * 2. Codes whose every query word starts a word of the label, in any order ('major depress recurrent'), or starts
 *    the code ('f33 severe'); labels with more whole-word hits first, then labels that begin with a query word,
 *    then shorter labels (fewer words), then tabular order.
 * Case and punctuation never matter.
 */
export function searchCodes(query: string, limit = 20): Icd10Code[] {
  const max = Math.floor(limit);
  const terms = tokens(query);
  if (max <= 0 || terms.length === 0) return [];
  const { entries } = load();

  const results: Icd10Code[] = [];
  const taken = new Set<Entry>();
  const asCode = codeKey(query);
  if (CODE_PREFIX.test(asCode)) {
    const byCode = entries.filter((entry) => entry.key.startsWith(asCode));
    byCode.sort((a, b) => Number(b.key === asCode) - Number(a.key === asCode) || a.order - b.order);
    for (const entry of byCode) {
      if (results.length === max) return results;
      results.push(entry.item);
      taken.add(entry);
    }
  }

  const upperTerms = terms.map((term) => term.toUpperCase());
  const byLabel: { entry: Entry; wholeWords: number; leads: boolean }[] = [];
  for (const entry of entries) {
    if (taken.has(entry)) continue;
    let wholeWords = 0;
    const matchesAll = terms.every((term, i) => {
      if (entry.words.includes(term)) {
        wholeWords += 1;
        return true;
      }
      const upper = upperTerms[i] ?? '';
      return entry.words.some((word) => word.startsWith(term)) || (CODE_PREFIX.test(upper) && entry.key.startsWith(upper));
    });
    if (!matchesAll) continue;
    const first = entry.words[0] ?? '';
    byLabel.push({ entry, wholeWords, leads: terms.some((term) => first.startsWith(term)) });
  }
  byLabel.sort(
    (a, b) =>
      b.wholeWords - a.wholeWords ||
      Number(b.leads) - Number(a.leads) ||
      a.entry.size - b.entry.size ||
      a.entry.order - b.entry.order,
  );
  for (const { entry } of byLabel) {
    if (results.length === max) break;
    results.push(entry.item);
  }
  return results;
}
