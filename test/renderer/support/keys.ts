import { createPracticeKey, type DataKey } from '../../../src/shared/crypto';
import { VaultLockedError, type KeySource } from '../../../src/renderer/src/db/sealed-store';

/** A real practice key without the vault around it, for repository tests; `lock()` forgets it. */
export async function testKeySource(): Promise<KeySource & { key: DataKey; lock(): void }> {
  const { dataKey, raw } = await createPracticeKey();
  raw.fill(0);
  const listeners = new Set<() => void>();
  let current: DataKey | null = dataKey;
  return {
    key: dataKey,
    requireKey: () => {
      if (current === null) throw new VaultLockedError();
      return current;
    },
    isUnlocked: () => current !== null,
    onLock: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lock: () => {
      current = null;
      for (const listener of listeners) listener();
    },
  };
}
