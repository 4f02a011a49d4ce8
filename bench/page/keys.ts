import type { DataKey } from '../../src/shared/crypto';
import type { KeySource } from '../../src/renderer/src/db/sealed-store';

/** A practice key that is always unlocked: benchmarks measure storage and sync, not the vault. */
export function fixedKeys(key: DataKey): KeySource {
  return { requireKey: () => key, isUnlocked: () => true, onLock: () => () => undefined };
}
