import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (lint)', () => {
  it.each([
    ['src/shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/shared/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n"],
    ['src/shared/x.ts', "import { createRxDatabase } from 'rxdb';\nexport const a = createRxDatabase;\n"],
    ['src/shared/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['src/renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n"],
    ['src/renderer/src/x.ts', "import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';\nexport const a = RxDBDevModePlugin;\n"],
    ['src/renderer/src/x.ts', "import AES from 'crypto-js/aes';\nexport const a = AES;\n"],
    ['src/main/x.ts', "import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';\nexport const a = wrappedKeyEncryptionCryptoJsStorage;\n"],
    ['src/server/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/server/x.ts', "import { createDatabase } from '../renderer/src/db/database';\nexport const a = createDatabase;\n"],
    ['src/server/x.ts', "import { contentSecurityPolicy } from '../main/security';\nexport const a = contentSecurityPolicy;\n"],
  ])('%s may not contain: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });

  it('allows what each folder may use', async () => {
    expect(await restrictedImports('src/shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
    expect(await restrictedImports('src/renderer/src/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
    expect(await restrictedImports('src/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
