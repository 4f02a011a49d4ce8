/**
 * The folder boundaries of eslint.config.mjs, probed with the real config: each forbidden import is
 * refused by a boundary rule (from files nested below the folder's top level too) and each allowed
 * one passes. The imported modules exist, so a refusal is the boundary's, not an unresolved path's.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
  it.each(FORBIDDEN)('%s may not import %s', async (file, source) => {
    expect((await problems(file, source)).boundary).not.toEqual([]);
  });

  it.each(ALLOWED)('%s may import %s', async (file, source) => {
    expect(await problems(file, source)).toEqual({ boundary: [], other: [] });
  });

  it('refuses an import that does not resolve, so no path escapes the zones by not resolving', async () => {
    const { other } = await problems('src/shared/a/b.ts', '../../nowhere/x');
    expect(other.some((m) => m.startsWith('import-x/no-unresolved'))).toBe(true);
  });
});
