/** The window's side of the vault Worker (`worker.ts`): one request at a time per call, answered by id. */
import type { Argon2Params } from '../../../shared/crypto';
import type { PassphraseVerdict } from '../../../shared/crypto/passphrase-policy';
import { WorkerCalls } from '../db/worker-calls';
import { st } from '../i18n/staff';

type WorkerCall = { op: 'argon2'; passphrase: string; params: Argon2Params } | { op: 'check'; passphrase: string; words: string[] };

export type WorkerRequest = WorkerCall & { id: number };

export type WorkerReply = { id: number; ok: true; value: Uint8Array | PassphraseVerdict } | { id: number; ok: false; message: string };

export class VaultWorker {
  private readonly calls = new WorkerCalls<WorkerCall, WorkerReply>(
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'waypoint-vault' }),
    (message) => new Error(st('services.vault.workerFailed', { error: message })),
  );

  private async call(request: WorkerCall): Promise<Uint8Array | PassphraseVerdict> {
    const reply = await this.calls.call(request);
    if (reply.ok) return reply.value;
    throw new Error(reply.message);
  }

  argon2 = (passphrase: string, params: Argon2Params): Promise<Uint8Array> => this.call({ op: 'argon2', passphrase, params }) as Promise<Uint8Array>;

  checkPassphrase = (passphrase: string, words: string[]): Promise<PassphraseVerdict> => this.call({ op: 'check', passphrase, words }) as Promise<PassphraseVerdict>;
}
