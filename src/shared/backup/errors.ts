/**
 * Why a backup file is refused. Callers branch on `code`; every message says what happened and that
 * nothing was restored, and none carries key material, record contents or ciphertext.
 */
export type BackupErrorCode = 'not-a-backup' | 'incomplete' | 'altered' | 'too-new' | 'too-old';

const MESSAGES: Record<BackupErrorCode, string> = {
  'not-a-backup': 'This file is not a Waypoint backup. Nothing was restored.',
  incomplete: 'The backup file is incomplete: it was cut short while it was being saved or copied. Nothing was restored.',
  altered: 'The backup file has been altered or damaged since it was made. Nothing was restored.',
  'too-new': 'This backup was made by a newer version of Waypoint: update Waypoint first, then restore it.',
  'too-old': 'This backup was made by a version of Waypoint too old for this one to read. Nothing was restored.',
};

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(readonly code: BackupErrorCode) {
    super(MESSAGES[code]);
  }
}
