/**
 * Typed failures of the vault's cryptography. Callers branch on the class, never on message text;
 * no message carries key material, plaintext or ciphertext.
 */
import { TranslatableError, type Message } from '../messages';

export type VaultCryptoErrorCode = 'wrong-key' | 'tampered' | 'unknown-version' | 'malformed' | 'wrong-passphrase' | 'unacceptable-parameters';

export class VaultCryptoError extends TranslatableError {
  override readonly name: string = 'VaultCryptoError';
  constructor(
    readonly code: VaultCryptoErrorCode,
    message: Message | string,
  ) {
    super(message);
  }
}

/** The envelope was sealed under another practice key (its key id differs). */
export class WrongKeyError extends VaultCryptoError {
  override readonly name = 'WrongKeyError';
  constructor(message: Message | string = { key: 'shared:crypto.wrongKey' }) {
    super('wrong-key', message);
  }
}

/** Authentication failed: the ciphertext, IV or bound context (collection, id, schema version) changed. */
export class TamperedError extends VaultCryptoError {
  override readonly name = 'TamperedError';
  constructor(message: Message | string = { key: 'shared:crypto.tampered' }) {
    super('tampered', message);
  }
}

export class UnknownVersionError extends VaultCryptoError {
  override readonly name = 'UnknownVersionError';
  constructor(message: Message | string = { key: 'shared:crypto.unknownVersion' }) {
    super('unknown-version', message);
  }
}

export class MalformedEnvelopeError extends VaultCryptoError {
  override readonly name = 'MalformedEnvelopeError';
  constructor(message: Message | string = { key: 'shared:crypto.malformed' }) {
    super('malformed', message);
  }
}

/** The passphrase or recovery code does not open the wrapped practice key. */
export class WrongPassphraseError extends VaultCryptoError {
  override readonly name = 'WrongPassphraseError';
  constructor(message: Message | string = { key: 'shared:crypto.wrongPassphrase' }) {
    super('wrong-passphrase', message);
  }
}

/** Key-derivation parameters below the floor, or absurdly high (a tampered keyring must not hang the app). */
export class UnacceptableParametersError extends VaultCryptoError {
  override readonly name = 'UnacceptableParametersError';
  constructor(message: Message | string) {
    super('unacceptable-parameters', message);
  }
}
