/**
 * Passphrase rules after NIST SP 800-63B §5.1.1.2: at least 12 characters (counted as Unicode code
 * points after NFKC), no composition rules, rejected when commonly used, repetitive or sequential,
 * or built from context words (the practice's name, the person's name, the product's name).
 */
import { COMMON_BASE_WORDS, COMMON_PASSWORDS } from './common-passwords';
import { normalisePassphrase } from './kdf';

export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 256;

export type PassphraseVerdict = { ok: true } | { ok: false; reasons: string[] };

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];

function deLeet(text: string): string {
  return [...text].map((c) => LEET[c] ?? c).join('');
}

/** "Password2024!" → "password"; "ilove you" → "iloveyou". */
function core(text: string): string {
  return text.replace(/[\s_.-]+/g, '').replace(/^[^a-z]+|[^a-z]+$/g, '');
}

function isRepetitionOf(text: string, unit: string): boolean {
  return unit.length > 0 && text.length % unit.length === 0 && unit.repeat(text.length / unit.length) === text;
}

function isCommon(lower: string): boolean {
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/\s+/g, ''))) return true;
  for (const candidate of new Set([core(lower), deLeet(core(lower)), core(deLeet(lower))])) {
    if (candidate.length === 0) continue;
    if (COMMON_BASE_WORDS.has(candidate)) return true;
    for (const word of COMMON_BASE_WORDS) if (isRepetitionOf(candidate, word)) return true;
  }
  return false;
}

/** The whole passphrase is one character repeated, a short unit repeated, or a run along a keyboard row or the alphabet. */
function isRepetitiveOrSequential(lower: string): boolean {
  const compact = lower.replace(/\s+/g, '');
  for (let size = 1; size <= 4; size++) if (compact.length >= size * 3 && isRepetitionOf(compact, compact.slice(0, size))) return true;
  const runs = KEYBOARD_ROWS.flatMap((row) => [row, [...row].reverse().join('')]);
  // A sequence that wraps around a row ("7890123456…") still counts.
  return runs.some((row) => (row + row + row).includes(compact));
}

function withoutContextWords(lower: string, words: string[]): string {
  const parts = words
    .flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .concat(['waypoint'])
    .filter((w) => w.length >= 3)
    .sort((a, b) => b.length - a.length);
  let rest = lower;
  for (const part of parts) rest = rest.split(part).join('');
  return rest.replace(/[^\p{L}\p{N}]+/gu, '');
}

export function checkPassphrase(passphrase: string, options: { words?: string[] } = {}): PassphraseVerdict {
  const normalised = normalisePassphrase(passphrase);
  const length = [...normalised].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return { ok: false, reasons: [`Use at least ${MIN_PASSPHRASE_LENGTH} characters (${length} so far). A few unrelated words work well.`] };
  }
  if (length > MAX_PASSPHRASE_LENGTH) return { ok: false, reasons: [`Use at most ${MAX_PASSPHRASE_LENGTH} characters.`] };
  const lower = normalised.toLowerCase();
  const reasons: string[] = [];
  if (isCommon(lower)) reasons.push('This passphrase is too common: it appears on lists attackers try first.');
  else if (isRepetitiveOrSequential(lower)) reasons.push('Avoid repeated characters and sequences such as "aaaa" or "1234".');
  if (withoutContextWords(lower, options.words ?? []).length < 8) {
    reasons.push("Don't build it mostly from the practice's name, your name or the word Waypoint.");
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
