/**
 * The shared part of a group note is copied into every participant's record, so naming a member
 * there discloses them to everyone else in the group. This finds roster names in that text for the
 * editor to highlight before signing.
 *
 * It warns on any whole-word match, even where the name is also an ordinary word: a false warning
 * costs a glance, a miss leaks PHI. The one exception is noise control for very short names.
 */
import { normaliseName } from './duplicates';

export interface RosterName {
  clientId: string;
  firstName: string;
  lastName: string;
  preferredName?: string;
}

export interface NameMatch {
  clientId: string;
  /** The text as written, e.g. "Zoë's" gives "Zoë". */
  matched: string;
  /** UTF-16 offsets into the original text, as the DOM and String.slice count. */
  index: number;
  length: number;
}

/**
 * A name (or part of one) under this many letters ("Jo", "Li") is found only within a full name
 * ("Jo Exampleton"): alone it would flag every "do", "an" or "oh". Longer parts of the full name
 * are still found alone, so this misses only a name that short written on its own.
 */
const MIN_LETTERS = 3;

const MASK = '[member]';

// A name's letters may be split by an apostrophe or hyphen in the text ("O'Brien" on record, "OBrien"
// written, or the reverse); its words by spaces, hyphens, apostrophes, commas or full stops
// ("Exampleton, Testa" as the app displays names, "St. Quill").
const WITHIN_WORD = "['-]?";
const BETWEEN_WORDS = "[\\s'.,-]*";
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

const INVISIBLE = /^[\p{M}\p{Cf}]+$/u;
const APOSTROPHE = /^['‘’ʼ`´]$/u;
const DASH = /^\p{Pd}$/u;

/**
 * One character of the text as matching sees it: folded like normaliseName, so case and
 * diacritics do not matter; apostrophes and dashes made one of each; combining marks and invisible
 * format characters (soft hyphen, zero-width space) dropped so they cannot split a name.
 */
function foldChar(ch: string): string {
  if (INVISIBLE.test(ch)) return '';
  if (APOSTROPHE.test(ch)) return "'";
  if (DASH.test(ch)) return '-';
  return normaliseName(ch) || ch;
}

interface FoldedText {
  folded: string;
  /** For each UTF-16 unit of `folded`, the original span it came from. */
  starts: number[];
  ends: number[];
}

function foldText(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    // A dropped mark belongs to the letter before it, so a highlight of "Zoe\u0308" covers the mark.
    if (f === '' && ends.length > 0) ends[ends.length - 1] = offset + ch.length;
    for (let i = 0; i < f.length; i++) {
      starts.push(offset);
      ends.push(offset + ch.length);
    }
    folded += f;
    offset += ch.length;
  }
  return { folded, starts, ends };
}

/**
 * The folded words of a name: "de la Cruz-Ñandúvar" gives de, la, cruz, nanduvar. An apostrophe
 * does not split a word: "O'Brien" is one word, not an "O" and a "Brien" to be found alone.
 */
function words(name: string): string[] {
  return name
    .split(/[\s\p{Pd},.]+/u)
    .map(normaliseName)
    .filter((word) => word !== '');
}

const letters = (name: string[]) => name.join('').length;

/** Every way the member might be written, each as its words. */
function variants(member: RosterName): string[][] {
  const first = words(member.firstName);
  const last = words(member.lastName);
  const preferred = words(member.preferredName ?? '');
  const alone = [first, last, preferred, ...[first, last, preferred].filter((name) => name.length > 1).flat().map((word) => [word])];
  const full = [first, preferred]
    .filter((given) => given.length > 0 && last.length > 0)
    .flatMap((given) => [[...given, ...last], [...last, ...given]]);
  const all = [...alone.filter((name) => letters(name) >= MIN_LETTERS), ...full];
  return [...new Map(all.map((name) => [name.join(' '), name])).values()];
}

function pattern(name: string[]): RegExp {
  // Folded words hold only letters and digits, so they need no escaping.
  const body = name.map((word) => [...word].join(WITHIN_WORD)).join(BETWEEN_WORDS);
  return new RegExp(`${NOT_WORD_BEFORE}${body}${NOT_WORD_AFTER}`, 'gu');
}

/**
 * Each member's patterns, built once per member object: the editor checks on every keystroke with
 * the same roster, and building the Unicode patterns cost more than matching.
 */
const compiled = new WeakMap<RosterName, RegExp[]>();
function patternsOf(member: RosterName): RegExp[] {
  let patterns = compiled.get(member);
  if (!patterns) compiled.set(member, (patterns = variants(member).map(pattern)));
  return patterns;
}

/**
 * Roster names in the text, by position. Where matches overlap the longest wins ("Testa
 * Exampleton" over "Testa"); two members with the same name both get the span, since the text
 * cannot say which one it means.
 */
export function findNamesInText(text: string, members: readonly RosterName[]): NameMatch[] {
  if (text.trim() === '') return [];
  const { folded, starts, ends } = foldText(text);
  const found: { clientId: string; start: number; end: number }[] = [];
  for (const member of members) {
    for (const name of patternsOf(member)) {
      for (const match of folded.matchAll(name)) {
        found.push({ clientId: member.clientId, start: match.index, end: match.index + match[0].length });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);

  const kept: typeof found = [];
  for (const candidate of found) {
    const previous = kept.at(-1);
    const sameSpan = previous !== undefined && previous.start === candidate.start && previous.end === candidate.end;
    if (previous && candidate.start < previous.end && !sameSpan) continue;
    if (!kept.some((match) => match.clientId === candidate.clientId && match.start === candidate.start)) kept.push(candidate);
  }

  return kept.map(({ clientId, start, end }) => {
    const index = starts[start] ?? 0;
    const length = (ends[end - 1] ?? index) - index;
    return { clientId, matched: text.slice(index, index + length), index, length };
  });
}

/** The text with each match replaced by "[member]"; a span found for two members is masked once. */
export function maskNames(text: string, matches: readonly Pick<NameMatch, 'index' | 'length'>[]): string {
  let masked = '';
  let cursor = 0;
  for (const { index, length } of [...matches].sort((a, b) => a.index - b.index)) {
    if (index < cursor) continue;
    masked += text.slice(cursor, index) + MASK;
    cursor = index + length;
  }
  return masked + text.slice(cursor);
}
