/**
 * The record worker: bulk opening, re-sealing and restoring (received records) off the window's thread (`open-records.ts`).
 * It keeps nothing: the key comes with each batch and is dropped with it, so locking the vault
 * (which drops the key in the window) leaves no key here.
 */
import { z } from 'zod';
import { openRecords, resealRecords, restoreRecords, type RecordReply, type RecordRequest } from './open-records';

// As in the window (main.tsx): the CSP forbids eval, so zod must not probe for it.
z.config({ jitless: true });

const scope = self as unknown as { onmessage: ((event: MessageEvent<RecordRequest>) => void) | null; postMessage(message: RecordReply): void };

scope.onmessage = ({ data }) => {
  const work = { open: openRecords, reseal: resealRecords, restore: restoreRecords }[data.op];
  work(data.key, data.collection, data.docs).then(
    (result) => scope.postMessage({ id: data.id, result }),
    (error: unknown) => scope.postMessage({ id: data.id, failure: error instanceof Error ? error.message : String(error) }),
  );
};
