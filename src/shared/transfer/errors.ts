/**
 * Why a transfer file is refused. Callers branch on `code`; every message says what happened and
 * that nothing was imported, and none carries key material, record contents or ciphertext.
 */
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

const MESSAGES: Record<TransferErrorCode, string> = {
  'not-a-transfer': 'This file is not a Waypoint transfer file. Nothing was imported.',
  incomplete: 'The transfer file is incomplete: it was cut short while it was being saved or copied. Nothing was imported.',
  altered: 'The transfer file has been altered or damaged since it was made. Nothing was imported.',
  'other-practice': 'This transfer file belongs to another practice. Nothing was imported.',
  'too-new': 'This transfer file was made by a newer version of Waypoint: update this device first. Nothing was imported.',
  'too-old': 'This transfer file was made by an older version of Waypoint: update the device that made it and export again. Nothing was imported.',
  'not-for-this-device': 'This transfer file was made for another device: export again on the sending device, for this one. Nothing was imported.',
  'own-file': 'This transfer file was made on this device: import it on the other device. Nothing was imported.',
  superseded: 'A later transfer file from that device has already been imported here, so this one is out of date. Nothing was imported.',
};

export class TransferError extends Error {
  override readonly name = 'TransferError';
  constructor(readonly code: TransferErrorCode) {
    super(MESSAGES[code]);
  }
}
