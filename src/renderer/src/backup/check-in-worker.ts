/** The window's side of the backup worker (`check-backup.worker.ts`): one worker a file, ended once it answers. */
import { BackupError, type BackupErrorCode, type CheckedBackup } from '../../../shared/backup';
import { st } from '../i18n/staff';

export interface CheckRequest {
  buffer: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
  schemaVersions: Readonly<Record<string, number>>;
}

export type CheckReply = { buffer: ArrayBuffer } & ({ checked: CheckedBackup } | { failure: { code: BackupErrorCode } | { message: string } });

/**
 * Checks a backup file in a Worker. Its buffer is transferred there and back, so `bytes` is empty
 * afterwards: the bytes come back with the result (a copy of a large file would itself hold the
 * window's thread).
 */
export function checkInWorker(bytes: Uint8Array, schemaVersions: Readonly<Record<string, number>>): Promise<{ bytes: Uint8Array; checked: CheckedBackup }> {
  const worker = new Worker(new URL('./check-backup.worker.ts', import.meta.url), { type: 'module', name: 'waypoint-backup-check' });
  // Read before the transfer empties `bytes`.
  const { byteOffset, byteLength } = bytes;
  const buffer = bytes.buffer as ArrayBuffer;
  return new Promise<{ bytes: Uint8Array; checked: CheckedBackup }>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<CheckReply>) => {
      if ('checked' in data) resolve({ bytes: new Uint8Array(data.buffer, byteOffset, byteLength), checked: data.checked });
      else reject('code' in data.failure ? new BackupError(data.failure.code) : new Error(st('services.backup.notChecked', { error: data.failure.message })));
    };
    worker.onerror = (event) => reject(new Error(st('services.backup.notChecked', { error: event.message })));
    worker.postMessage({ buffer, byteOffset, byteLength, schemaVersions } satisfies CheckRequest, [buffer]);
  }).finally(() => worker.terminate());
}
