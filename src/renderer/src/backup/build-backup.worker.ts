/**
 * A backup build worker: reads collections straight from IndexedDB (the app's databases opened by
 * name, never created) and writes their document lines, off the window's thread, where a year of
 * records held it for seconds. The worker given the key also receives the lines the other workers
 * wrote (the later collections), joins them after its own, hashes and seals the file, and
 * transfers it back. It keeps nothing: the key comes with the request and the worker is ended
 * once it answers.
 */
import { z } from 'zod';
import type { BackupLines } from '../../../shared/backup';
import { databaseByName } from '../db/open-by-name';
import { finishBackup, postedLines, receivedLines, writeLines, type BuildReply, type BuildRequest } from './build-backup';

// As in the window (main.tsx): the CSP forbids eval, so zod must not probe for it.
z.config({ jitless: true });

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<BuildRequest>) => void) | null;
  postMessage(message: BuildReply, transfer: Transferable[]): void;
};

let deliverLater: (lines: BackupLines[]) => void = () => undefined;
const later = new Promise<BackupLines[]>((resolve) => (deliverLater = resolve));

async function build(request: Extract<BuildRequest, { op: 'build' }>): Promise<BuildReply> {
  const writer = await writeLines(request.meta, request.tables, databaseByName);
  if (request.key === undefined) return { lines: postedLines(writer.written()) };
  const { data, documents } = await finishBackup(writer, request.key, await later);
  return { file: { buffer: data.buffer, byteLength: data.byteLength }, documents };
}

scope.onmessage = ({ data }) => {
  if (data.op === 'later') return deliverLater(data.lines.map(receivedLines));
  build(data).then(
    (reply) => scope.postMessage(reply, 'file' in reply ? [reply.file.buffer] : 'lines' in reply ? [reply.lines.buffer] : []),
    (error: unknown) => scope.postMessage({ failure: error instanceof Error ? error.message : String(error) }, []),
  );
};
