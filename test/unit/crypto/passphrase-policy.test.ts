import { describe, expect, it } from 'vitest';
import { checkPassphrase } from '../../../src/shared/crypto';

const reasons = (p: string, words?: string[]) => {
  const verdict = checkPassphrase(p, { words });
  return verdict.ok ? [] : verdict.reasons;
};

describe('passphrase policy (NIST 800-63B)', () => {
  it('accepts long unrelated words without composition rules', () => {
    for (const ok of ['violet tractor umbrella sonnet', 'lowercaseonlyisfine', 'ñandú pingüino cóndor', '🦉🦉 owls at midnight']) expect(reasons(ok)).toEqual([]);
  });

  it('asks for 12 characters, counted as code points after NFKC', () => {
    expect(reasons('short one')[0]).toMatch(/at least 12 characters \(9 so far\)/);
    expect(reasons('🦉🦉🦉🦉🦉🦉🦉🦉🦉🦉🦉')[0]).toMatch(/11 so far/);
    expect(reasons('x'.repeat(257))[0]).toMatch(/at most 256/);
  });

  it('rejects common passwords, padded or leet-spelled', () => {
    for (const common of ['Password2024!', 'p@ssw0rd123456', 'iloveyouiloveyou', 'qwerty123456', 'Welcome12345', 'correct horse battery staple']) {
      expect(reasons(common).join(' '), common).toMatch(/too common/);
    }
  });

  it('rejects repetition and sequences', () => {
    for (const weak of ['aaaaaaaaaaaa', 'abcabcabcabc', '1234567890123', 'zyxwvutsrqponm', 'asdfghjklasdf']) expect(reasons(weak).join(' '), weak).toMatch(/repeated|too common/);
  });

  it('rejects a passphrase built from the practice name, the person or the product', () => {
    expect(reasons('Synthetic Valley Clinic 1', ['Synthetic Valley Clinic'])).toEqual([expect.stringMatching(/practice's name/)]);
    expect(reasons('waypointwaypoint')).not.toEqual([]);
    expect(reasons('Synthetic Valley rainy sonnet', ['Synthetic Valley Clinic'])).toEqual([]);
  });
});
