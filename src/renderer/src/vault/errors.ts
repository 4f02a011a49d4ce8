/** The vault's refusals, each with a message fit to show as it is. */

export class PassphrasePolicyError extends Error {
  override readonly name = 'PassphrasePolicyError';
  constructor(readonly reasons: string[]) {
    super(reasons.join(' '));
  }
}

export class UnlockThrottledError extends Error {
  override readonly name = 'UnlockThrottledError';
  constructor(readonly retryAt: number, now: number, what = 'passphrases') {
    super(`Too many wrong ${what}. Try again in ${Math.ceil((retryAt - now) / 1000)} seconds.`);
  }
}

export class VaultPermissionError extends Error {
  override readonly name = 'VaultPermissionError';
}

/** The passphrase was right but no longer meets the rules: it must be changed before this unlock completes. */
export class PassphraseChangeRequiredError extends Error {
  override readonly name = 'PassphraseChangeRequiredError';
  constructor(readonly reasons: string[]) {
    super('Your passphrase no longer meets the practice’s rules. Choose a new one to continue.');
  }
}

export class SetupCodeExpiredError extends Error {
  override readonly name = 'SetupCodeExpiredError';
}
