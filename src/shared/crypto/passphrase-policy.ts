/**
 * Passphrase rules after NIST SP 800-63B-4: at least 15 characters for a passphrase that is the
 * only factor (counted as Unicode code points after NFKC), at most 256, no composition rules, and
 * refused when it is guessable. Guessability is zxcvbn's estimate (@zxcvbn-ts/core with its
 * common, English and Spanish dictionaries), with the practice's name, the person's name and the
 * product's name as words an attacker would try first; its feedback is what the person reads.
 *
 * zxcvbn's bands are shifted up two orders of magnitude: the passphrase wraps the practice key, so
 * an attacker with a copy of the laptop guesses offline. A passphrase is accepted from 10^10
 * guesses (zxcvbn's own top band), and one just under that still gets zxcvbn's specific feedback
 * (zxcvbn says nothing about a passphrase in its own band 3, 10^8–10^10).
 *
 * Import this module lazily: building zxcvbn's ranked dictionaries takes a few hundred ms and the
 * dictionaries are large, so the app loads it in its vault Worker, never at start-up.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as es from '@zxcvbn-ts/language-es-es';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH } from '../vault-policy';
import { normalisePassphrase } from './kdf';

export type PassphraseVerdict = { ok: true } | { ok: false; reasons: string[] };

/** zxcvbn's score needed (on the shifted bands): 3 = at least 10^10 guesses. */
const REQUIRED_SCORE = 3;

let factory: ZxcvbnFactory | null = null;

function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, ...es.dictionary },
    timeEstimationValues: {
      scoring: { 0: 1e5, 1: 1e8, 2: 1e10, 3: 1e12 },
      // zxcvbn's defaults: only the bands move.
      attackTime: { onlineThrottlingXPerHour: 100, onlineNoThrottlingXPerSecond: 10, offlineSlowHashingXPerSecond: 1e4, offlineFastHashingXPerSecond: 1e10 },
    },
  });
  return factory;
}

/** The practice's name, the person's name and "waypoint", whole and word by word. */
function contextWords(words: string[]): string[] {
  const whole = [...words, 'waypoint'].map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0);
  return [...new Set([...whole, ...whole.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3)])];
}

export function checkPassphrase(passphrase: string, options: { words?: string[] } = {}): PassphraseVerdict {
  const normalised = normalisePassphrase(passphrase);
  const length = [...normalised].length;
  if (length > MAX_PASSPHRASE_LENGTH) return { ok: false, reasons: [`Use at most ${MAX_PASSPHRASE_LENGTH} characters.`] };
  const reasons: string[] = [];
  if (length < MIN_PASSPHRASE_LENGTH) reasons.push(`Use at least ${MIN_PASSPHRASE_LENGTH} characters (${length} so far). A few unrelated words work well.`);
  if (length > 0) {
    const result = zxcvbn().check(normalised, contextWords(options.words ?? []));
    if (result.score < REQUIRED_SCORE) {
      const { warning, suggestions } = result.feedback;
      const feedback = [...(warning ? [warning] : []), ...suggestions];
      reasons.push(...(feedback.length > 0 ? feedback : [`This could be guessed in ${result.crackTimes.offlineSlowHashingXPerSecond.display}. Add another word or two.`]));
    }
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons: [...new Set(reasons)] };
}
