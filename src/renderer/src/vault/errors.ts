import { st } from '../i18n/staff';

/** The vault's refusals, each with a message fit to show as it is. */

export class PassphrasePolicyError extends Error {
  override readonly name = 'PassphrasePolicyError';
  constructor(readonly reasons: string[]) {
    super(reasons.join(' '));
  }
}

export class UnlockThrottledError extends Error {
  override readonly name = 'UnlockThrottledError';
  constructor(readonly retryAt: number, now: number, what: 'passphrases' | 'recovery codes' = 'passphrases') {
    const seconds = Math.ceil((retryAt - now) / 1000);
    super(what === 'passphrases' ? st('services.vault.tooManyPassphrases', { seconds }) : st('services.vault.tooManyRecoveryCodes', { seconds }));
  }
}

export class VaultPermissionError extends Error {
  override readonly name = 'VaultPermissionError';
}

/** The passphrase was right but no longer meets the rules: it must be changed before this unlock completes. */
export class PassphraseChangeRequiredError extends Error {
  override readonly name = 'PassphraseChangeRequiredError';
  constructor(readonly reasons: string[]) {
    super(st('services.vault.passphraseBelowPolicy'));
  }
}

export class SetupCodeExpiredError extends Error {
  override readonly name = 'SetupCodeExpiredError';
}
