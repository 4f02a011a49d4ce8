import { createPracticeKey, opaqueRecordId, type DataKey } from '../../../src/shared/crypto';
import { VaultLockedError, type KeySource } from '../../../src/renderer/src/db/sealed-store';

async function newKey(): Promise<DataKey> {
  const { dataKey, raw } = await createPracticeKey();
  raw.fill(0);
  return dataKey;
}

/**
 * A real practice key without the vault around it, for repository tests; `lock()` forgets it.
 * Several devices of one practice share `shared`.
 */
export async function testKeySource(shared?: DataKey): Promise<KeySource & { key: DataKey; lock(): void; unlock(): void; whenUnlocked(): Promise<void> }> {
  const dataKey = shared ?? (await newKey());
  const listeners = new Set<() => void>();
  let current: DataKey | null = dataKey;
  const waiting: (() => void)[] = [];
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
    unlock: () => {
      current = dataKey;
      for (const resolve of waiting.splice(0)) resolve();
    },
    // As the vault's: a caller retrying after a lock waits here, instead of spinning on the microtask queue.
    whenUnlocked: () => (current !== null ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
  };
}

/** The id a group's session generated for `date` gets under `key` (docs/ARCHITECTURE.md: Record ids). */
export function groupSessionId(key: DataKey, groupId: string, date: string): Promise<string> {
  return opaqueRecordId(key, 'session', [groupId, date]);
}
