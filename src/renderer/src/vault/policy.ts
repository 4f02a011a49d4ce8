import type { PassphraseVerdict } from '../../../shared/crypto/passphrase-policy';

/** Checks a new passphrase against the rules; the app's runs in its vault Worker. */
export type PassphraseCheck = (passphrase: string, words: string[]) => Promise<PassphraseVerdict>;

/** In this thread (Node tests, tools): the rules and zxcvbn's dictionaries load on first use. */
export const checkHere: PassphraseCheck = async (passphrase, words) =>
  (await import('../../../shared/crypto/passphrase-policy')).checkPassphrase(passphrase, { words });
