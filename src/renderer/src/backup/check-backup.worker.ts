/**
 * The backup worker: `checkBackup` (the SHA-256 of the whole file, every line parsed and every
 * document's shape checked) off the window's thread, where a year of records held it for seconds.
 * The file's buffer is moved here and back (transferred, never copied); the worker keeps nothing.
 */
import { z } from 'zod';
import { BackupError, checkBackup } from '../../../shared/backup';
import type { CheckReply, CheckRequest } from './check-in-worker';

// As in the window (main.tsx): the CSP forbids eval, so zod must not probe for it.
z.config({ jitless: true });

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CheckRequest>) => void) | null;
  postMessage(message: CheckReply, transfer: Transferable[]): void;
};

scope.onmessage = ({ data: { buffer, byteOffset, byteLength, schemaVersions } }) => {
  checkBackup(new Uint8Array(buffer, byteOffset, byteLength), { schemaVersions }).then(
    (checked) => scope.postMessage({ buffer, checked }, [buffer]),
    (error: unknown) =>
      scope.postMessage({ buffer, failure: error instanceof BackupError ? { code: error.code } : { message: error instanceof Error ? error.message : String(error) } }, [buffer]),
  );
};
