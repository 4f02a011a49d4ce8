import { describe, expect, it } from 'vitest';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { checkPassphrase } from '../../../src/shared/crypto/passphrase-policy';

const reasons = (p: string, words?: string[]) => {
  const verdict = checkPassphrase(p, { words });
  return verdict.ok ? [] : verdict.reasons;
};

// zxcvbn's own wording, so the test proves the reasons shown are its feedback and not ours.
const ZXCVBN_FEEDBACK = new Set<string>([...Object.values(en.translations.warnings), ...Object.values(en.translations.suggestions)]);

// The first check ranks zxcvbn's dictionaries (a few hundred ms on a quiet machine, far more on a busy one).
describe('passphrase policy (NIST SP 800-63B-4, zxcvbn)', { timeout: 30_000 }, () => {
  it('refuses the passphrases release 0.1.0 accepted, each with zxcvbn’s feedback', () => {
    for (const weak of ['Summer2024Summer', 'Welcome2Clinic!', 'Jesus12345678', 'DallasCowboys1', 'abc123abc123abc']) {
      const given = reasons(weak);
      expect(given.filter((r) => ZXCVBN_FEEDBACK.has(r)), weak).not.toEqual([]);
    }
    expect(reasons('abc123abc123abc')).toContain(en.translations.warnings.extendedRepeat);
    expect(reasons('DallasCowboys1')).toContain(en.translations.warnings.similarToCommon);
  });

  it('accepts long unrelated words without composition rules, in English, Spanish or neither', () => {
    for (const ok of ['violet tractor umbrella sonnet', 'lowercase only is fine here', 'ñandú pingüino cóndor lápiz', '🦉🦉 owls at midnight, quietly']) expect(reasons(ok), ok).toEqual([]);
  });

  it('asks for 15 characters, counted as code points after NFKC, and at most 256', () => {
    expect(reasons('short one')[0]).toMatch(/at least 15 characters \(9 so far\)/);
    expect(reasons('🦉'.repeat(14))[0]).toMatch(/14 so far/);
    // Strong for zxcvbn, but short: only the length is in the way.
    expect(reasons('q7#Vx9!mZ2$k')).toEqual([expect.stringMatching(/at least 15 characters \(12 so far\)/)]);
    expect(reasons('x'.repeat(257))[0]).toMatch(/at most 256/);
  });

  it('refuses what zxcvbn finds in its common and Spanish dictionaries', () => {
    for (const weak of ['password1234567', 'qwertyuiop12345', 'contraseña12345', 'teamo teamo teamo']) expect(reasons(weak), weak).not.toEqual([]);
  });

  it('treats the practice’s name and the person’s name as words an attacker tries first', () => {
    const practice = ['Quillfeather Valley Counselling', 'Zarvex Plimsoll'];
    for (const built of ['Quillfeather Valley Counselling 1', 'QuillfeatherZarvex2026', 'Zarvex Plimsoll Quillfeather']) {
      expect(reasons(built, practice), built).toContain(en.translations.warnings.userInputs);
      expect(reasons(built), built).toEqual([]);
    }
  });

  it('uses zxcvbn as shipped: the same match a plain factory finds', () => {
    const plain = new ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...en.dictionary } });
    expect(plain.check('DallasCowboys1').feedback.warning).toBe(en.translations.warnings.similarToCommon);
  });
});
