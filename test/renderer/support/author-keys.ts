import { createPracticeKey, generateRecoveryCode, MIN_ARGON2, wrapWithRecoveryCode, type KeyWrap } from '../../../src/shared/crypto';
import type { KeySource } from '../../../src/renderer/src/db/sealed-store';
import type { RxCollection } from '../../../src/renderer/src/db/storage';
import type { SettingDocType } from '../../../src/renderer/src/db/schemas';
import { AuthorKeys } from '../../../src/renderer/src/repositories/author-keys';

export const TEST_AUTHOR_PASSPHRASE = 'synthetic author passphrase of several words';

/**
 * Real author keys over a repository test's settings collection: a practice id, the minimum
 * Argon2id cost and a real recovery wrap (of a throw-away key) whose code the test gets back.
 */
export async function testAuthorKeys(settings: RxCollection<SettingDocType>, keys: KeySource, practiceId = 'practice-test'): Promise<{ authorKeys: AuthorKeys; recoveryCode: string; recovery: { wrap: KeyWrap } }> {
  const recoveryCode = generateRecoveryCode();
  const { dataKey, raw } = await createPracticeKey();
  const recovery = { wrap: await wrapWithRecoveryCode(raw, dataKey.id, recoveryCode) };
  raw.fill(0);
  const authorKeys = new AuthorKeys(settings, keys, {
    practiceId: () => practiceId,
    cost: () => ({ algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 }),
    recoveryWrap: () => recovery.wrap,
  });
  return { authorKeys, recoveryCode, recovery };
}
