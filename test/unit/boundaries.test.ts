/**
 * The folder boundaries of eslint.config.mjs, probed with the real config: each forbidden import is
 * refused by a boundary rule (from files nested below the folder's top level too) and each allowed
 * one passes. The imported modules exist, so a refusal is the boundary's, not an unresolved path's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'import-x/no-restricted-paths']);

/** Problems of `import * as m from '<source>'` in `file`, by rule. */
async function problems(file: string, source: string): Promise<{ boundary: string[]; other: string[] }> {
  const code = `import * as m from '${source}';\nexport const a = m;\n`;
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  const messages = result?.messages ?? [];
  return {
    boundary: messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message),
    other: messages.filter((m) => m.ruleId === null || !BOUNDARY_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`),
  };
}

/** Forbidden: [importing file, import source]. Paths are relative to the importing file. */
const FORBIDDEN: [string, string][] = [
  // src/shared: only itself and its allowlisted packages, at any depth.
  ['src/shared/x.ts', 'electron'],
  ['src/shared/x.ts', 'node:fs'],
  ['src/shared/x.ts', 'fs'],
  ['src/shared/x.ts', 'rxdb'],
  ['src/shared/x.ts', 'react'],
  ['src/shared/x.ts', '../main/security'],
  ['src/shared/a/b.ts', '../../main/security'],
  ['src/shared/a/b.ts', '../../renderer/src/db/database'],
  ['src/shared/a/b.ts', '../../server/index'],
  ['src/shared/a/b.ts', '../../preload/index'],
  ['src/shared/a/b.ts', 'fastify'],
  ['src/shared/a/b.ts', 'pg'],
  ['src/shared/a/b.ts', 'rxdb/plugins/core'],
  ['src/shared/a/b.ts', 'dexie'],
  ['src/shared/a/b/c.ts', '../../../renderer/src/repositories/clients'],
  // Features: never RxDB, Dexie or the database folder.
  ['src/renderer/src/features/clients/ClientsPage.tsx', 'rxdb'],
  ['src/renderer/src/features/clients/deep/x.ts', 'rxdb/plugins/core'],
  ['src/renderer/src/features/clients/deep/x.ts', 'dexie'],
  ['src/renderer/src/features/sessions/x.ts', '../../db/database'],
  ['src/renderer/src/features/sessions/deep/x.ts', '../../../db/schemas'],
  ['src/renderer/src/features/vault/x.ts', '../../shell/App'],
  // Only the storage layer (db) imports RxDB or Dexie: repositories, services and top-level files do not.
  ['src/renderer/src/repositories/x.ts', 'rxdb/plugins/core'],
  ['src/renderer/src/audit/x.ts', 'rxdb'],
  ['src/renderer/src/sync/deep/x.ts', 'rxdb/plugins/replication'],
  ['src/renderer/src/transfer/x.ts', 'rxdb/plugins/local-documents'],
  ['src/renderer/src/backup/x.ts', 'rxdb/plugins/core'],
  ['src/renderer/src/arrival/x.ts', 'dexie'],
  ['src/renderer/src/x.ts', 'rxdb'],
  // The storage layer imports nothing above it.
  ['src/renderer/src/db/x.ts', '../repositories/clients'],
  ['src/renderer/src/db/deep/x.ts', '../../sync/sync-service'],
  ['src/renderer/src/db/x.ts', '../arrival/arrival'],
  // Repositories and services never import the UI.
  ['src/renderer/src/repositories/x.ts', '../features/clients/ClientsPage'],
  ['src/renderer/src/sync/x.ts', '../app/services'],
  ['src/renderer/src/arrival/deep/x.ts', '../../shell/App'],
  ['src/renderer/src/transfer/x.ts', '../hooks/useObservable'],
  // app/ and hooks/ (shared by features) never import features or the shell: no folder cycle.
  ['src/renderer/src/app/x.ts', '../features/clients/ClientsPage'],
  ['src/renderer/src/app/x.ts', '../shell/App'],
  ['src/renderer/src/hooks/x.ts', '../features/vault/useAutoLock'],
  // The renderer: nothing of main, preload or server; no Node, no Electron.
  ['src/renderer/src/x.ts', 'electron'],
  ['src/renderer/src/x.ts', 'node:fs'],
  ['src/renderer/src/x.ts', 'rxdb/plugins/dev-mode'],
  ['src/renderer/src/x.ts', 'crypto-js/aes'],
  ['src/renderer/src/app/x.ts', '../../../main/security'],
  ['src/renderer/src/sync/deep/x.ts', '../../../../server/index'],
  ['src/renderer/src/x.ts', '../../preload/index'],
  // Main: nothing of renderer, server or preload.
  ['src/main/x.ts', 'rxdb/plugins/encryption-crypto-js'],
  ['src/main/x.ts', '../renderer/src/db/database'],
  ['src/main/a/b.ts', '../../renderer/src/repositories/clients'],
  ['src/main/a/b.ts', '../../server/index'],
  ['src/main/x.ts', '../server/app'],
  ['src/main/x.ts', '../preload/index'],
  // Server: nothing of renderer, main or preload; no Electron or RxDB.
  ['src/server/x.ts', 'electron'],
  ['src/server/x.ts', 'rxdb'],
  ['src/server/x.ts', '../renderer/src/db/database'],
  ['src/server/x.ts', '../main/security'],
  ['src/server/storage/x.ts', '../../renderer/src/db/database'],
  ['src/server/storage/x.ts', '../../main/security'],
  ['src/server/storage/x.ts', '../../preload/index'],
  // Preload: only electron and src/shared.
  ['src/preload/x.ts', '../main/security'],
  ['src/preload/a/b.ts', '../../renderer/src/db/database'],
  ['src/preload/a/b.ts', '../../server/index'],
  ['src/preload/a/b.ts', 'fastify'],
  ['src/preload/x.ts', 'node:fs'],
];

/** Allowed: what each folder does use, from nested files too. */
const ALLOWED: [string, string][] = [
  ['src/shared/x.ts', 'zod'],
  ['src/shared/a/b.ts', 'zod'],
  ['src/shared/a/b.ts', 'luxon'],
  ['src/shared/a/b.ts', 'hash-wasm'],
  ['src/shared/a/b.ts', 'minisearch'],
  ['src/shared/a/b.ts', '@zxcvbn-ts/core'],
  ['src/shared/a/b.ts', '../../shared/clients'],
  ['src/shared/a/b.ts', '../clients'],
  ['src/renderer/src/features/clients/deep/x.ts', '../../../repositories/clients'],
  ['src/renderer/src/features/clients/deep/x.ts', '../../../../../shared/clients'],
  ['src/renderer/src/features/clients/x.ts', 'zod'],
  ['src/renderer/src/db/x.ts', 'rxdb'],
  ['src/renderer/src/db/deep/x.ts', 'rxdb/plugins/local-documents'],
  ['src/renderer/src/arrival/x.ts', '../db/storage'],
  ['src/renderer/src/transfer/x.ts', '../arrival/arrival'],
  ['src/renderer/src/shell/x.tsx', '../features/clients/ClientsPage'],
  ['src/renderer/src/shell/x.tsx', '../app/services'],
  ['src/renderer/src/features/clients/x.ts', '../../app/services'],
  ['src/renderer/src/repositories/x.ts', '../db/database'],
  ['src/main/x.ts', 'electron'],
  ['src/main/a/b.ts', '../../shared/ipc'],
  ['src/main/x.ts', 'node:fs'],
  ['src/server/x.ts', 'fastify'],
  ['src/server/storage/x.ts', 'pg'],
  ['src/server/storage/x.ts', '../../shared/sync/canonical-json'],
  ['src/preload/x.ts', 'electron'],
  ['src/preload/a/b.ts', '../../shared/bridge'],
];

describe('import boundaries (lint)', () => {
  // The first lint loads the config and its plugins: seconds on a busy machine, more than a test's default timeout.
  beforeAll(() => problems('src/shared/x.ts', 'zod'), 60_000);

  it.each(FORBIDDEN)('%s may not import %s', async (file, source) => {
    expect((await problems(file, source)).boundary).not.toEqual([]);
  });

  it.each(ALLOWED)('%s may import %s', async (file, source) => {
    expect(await problems(file, source)).toEqual({ boundary: [], other: [] });
  });

  it('finds rxdb and dexie imported only inside the storage layer (src/renderer/src/db)', () => {
    const outside = readdirSync(resolve(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !file.startsWith(join('renderer', 'src', 'db') + sep))
      .filter((file) => /from '(rxdb|dexie)[/']/.test(readFileSync(resolve(root, 'src', file), 'utf8')));
    expect(outside).toEqual([]);
  });

  it('refuses an import that does not resolve, so no path escapes the zones by not resolving', async () => {
    const { other } = await problems('src/shared/a/b.ts', '../../nowhere/x');
    expect(other.some((m) => m.startsWith('import-x/no-unresolved'))).toBe(true);
  });
});
