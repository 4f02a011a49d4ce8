/**
 * Why a transfer file is refused. Callers branch on `code`; every message says what happened and
 * that nothing was imported, and none carries key material, record contents or ciphertext.
 */
import { TranslatableError, type SharedKey } from '../messages';

export type TransferErrorCode =
  | 'not-a-transfer'
  | 'incomplete'
  | 'altered'
  | 'other-practice'
  | 'too-new'
  | 'too-old'
  | 'not-for-this-device'
  | 'own-file'
  | 'superseded';

const MESSAGES = {
  'not-a-transfer': 'shared:transferErrors.notATransfer',
  incomplete: 'shared:transferErrors.incomplete',
  altered: 'shared:transferErrors.altered',
  'other-practice': 'shared:transferErrors.otherPractice',
  'too-new': 'shared:transferErrors.tooNew',
  'too-old': 'shared:transferErrors.tooOld',
  'not-for-this-device': 'shared:transferErrors.notForThisDevice',
  'own-file': 'shared:transferErrors.ownFile',
  superseded: 'shared:transferErrors.superseded',
} as const satisfies Record<TransferErrorCode, SharedKey>;

export class TransferError extends TranslatableError {
  override readonly name = 'TransferError';
  constructor(readonly code: TransferErrorCode) {
    super({ key: MESSAGES[code] });
  }
}
