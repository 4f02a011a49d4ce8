/**
 * Why a backup file is refused. Callers branch on `code`; every message says what happened and that
 * nothing was restored, and none carries key material, record contents or ciphertext.
 */
import { TranslatableError, type SharedKey } from '../messages';

export type BackupErrorCode = 'not-a-backup' | 'incomplete' | 'altered' | 'too-new' | 'too-old';

const MESSAGES = {
  'not-a-backup': 'shared:backupErrors.notABackup',
  incomplete: 'shared:backupErrors.incomplete',
  altered: 'shared:backupErrors.altered',
  'too-new': 'shared:backupErrors.tooNew',
  'too-old': 'shared:backupErrors.tooOld',
} as const satisfies Record<BackupErrorCode, SharedKey>;

export class BackupError extends TranslatableError {
  override readonly name = 'BackupError';
  constructor(readonly code: BackupErrorCode) {
    super({ key: MESSAGES[code] });
  }
}
