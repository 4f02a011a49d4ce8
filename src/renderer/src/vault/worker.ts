/**
 * The vault Worker: Argon2id derivations and passphrase checks, off the window's thread. Both take
 * hundreds of milliseconds (Argon2id by design; zxcvbn ranks its dictionaries on first use), which
 * on the UI thread would freeze the unlock screen and the typing feedback.
 */
import { argon2Here } from '../../../shared/crypto/kdf';
import type { WorkerReply, WorkerRequest } from './worker-client';

const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: WorkerReply, transfer?: Transferable[]): void };

scope.onmessage = ({ data }) => {
  const run = async (): Promise<void> => {
    try {
      if (data.op === 'argon2') {
        const hash = await argon2Here(data.passphrase, data.params);
        scope.postMessage({ id: data.id, ok: true, value: hash }, [hash.buffer]);
      } else {
        const { checkPassphrase } = await import('../../../shared/crypto/passphrase-policy');
        scope.postMessage({ id: data.id, ok: true, value: checkPassphrase(data.passphrase, { words: data.words }) });
      }
    } catch (error) {
      scope.postMessage({ id: data.id, ok: false, message: (error as Error).message });
    }
  };
  void run();
};
