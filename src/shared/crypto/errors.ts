/**
 * Typed failures of the vault's cryptography. Callers branch on the class, never on message text;
 * no message carries key material, plaintext or ciphertext.
 */
export type VaultCryptoErrorCode = 'wrong-key' | 'tampered' | 'unknown-version' | 'malformed' | 'wrong-passphrase' | 'unacceptable-parameters';

export class VaultCryptoError extends Error {
  override readonly name: string = 'VaultCryptoError';
  constructor(
    readonly code: VaultCryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The envelope was sealed under another practice key (its key id differs). */
export class WrongKeyError extends VaultCryptoError {
  override readonly name = 'WrongKeyError';
  constructor(message = 'This record was sealed with a different practice key') {
    super('wrong-key', message);
  }
}

/** Authentication failed: the ciphertext, IV or bound context (collection, id, schema version) changed. */
export class TamperedError extends VaultCryptoError {
  override readonly name = 'TamperedError';
  constructor(message = 'This record failed its integrity check: it was altered or moved') {
    super('tampered', message);
  }
}

export class UnknownVersionError extends VaultCryptoError {
  override readonly name = 'UnknownVersionError';
  constructor(message = 'This record uses an envelope format this version of Waypoint does not know') {
    super('unknown-version', message);
  }
}

export class MalformedEnvelopeError extends VaultCryptoError {
  override readonly name = 'MalformedEnvelopeError';
  constructor(message = 'This record is not a valid sealed envelope') {
    super('malformed', message);
  }
}

/** The passphrase or recovery code does not open the wrapped practice key. */
export class WrongPassphraseError extends VaultCryptoError {
  override readonly name = 'WrongPassphraseError';
  constructor(message = 'The passphrase is not correct') {
    super('wrong-passphrase', message);
  }
}

/** Key-derivation parameters below the floor, or absurdly high (a tampered keyring must not hang the app). */
export class UnacceptableParametersError extends VaultCryptoError {
  override readonly name = 'UnacceptableParametersError';
  constructor(message: string) {
    super('unacceptable-parameters', message);
  }
}
