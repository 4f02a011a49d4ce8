/** The window's side of the vault Worker (`worker.ts`): one request at a time per call, answered by id. */
import type { Argon2Params } from '../../../shared/crypto';
import type { PassphraseVerdict } from '../../../shared/crypto/passphrase-policy';

type WorkerCall = { op: 'argon2'; passphrase: string; params: Argon2Params } | { op: 'check'; passphrase: string; words: string[] };

export type WorkerRequest = WorkerCall & { id: number };

export type WorkerReply = { id: number; ok: true; value: Uint8Array | PassphraseVerdict } | { id: number; ok: false; message: string };

type Pending = { resolve: (value: Uint8Array | PassphraseVerdict) => void; reject: (error: Error) => void };

export class VaultWorker {
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'waypoint-vault' });
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor() {
    this.worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      const pending = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (data.ok) pending?.resolve(data.value);
      else pending?.reject(new Error(data.message));
    };
    // A Worker that failed to load answers nothing: every waiting call is told so.
    this.worker.onerror = (event) => {
      for (const pending of this.pending.values()) pending.reject(new Error(`The vault worker failed: ${event.message}`));
      this.pending.clear();
    };
  }

  private call(request: WorkerCall): Promise<Uint8Array | PassphraseVerdict> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  argon2 = (passphrase: string, params: Argon2Params): Promise<Uint8Array> => this.call({ op: 'argon2', passphrase, params }) as Promise<Uint8Array>;

  checkPassphrase = (passphrase: string, words: string[]): Promise<PassphraseVerdict> => this.call({ op: 'check', passphrase, words }) as Promise<PassphraseVerdict>;
}
