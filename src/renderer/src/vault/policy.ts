import { checkPassphrase } from '../../../shared/crypto';
import { PassphrasePolicyError } from './errors';

/** Refuses a new passphrase that breaks the rules, with the reasons. */
export function assertPassphrase(passphrase: string, words: string[]): void {
  const verdict = checkPassphrase(passphrase, { words });
  if (!verdict.ok) throw new PassphrasePolicyError(verdict.reasons);
}
