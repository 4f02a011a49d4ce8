/**
 * `npm run build:server`: the sync server as plain JavaScript in dist-server/, run with
 * `node dist-server/main.mjs`. esbuild bundles src/server and the src/shared code it imports into
 * one ES module and leaves every package external, so the runtime libraries come from
 * `npm ci --omit=dev` (plain tsc output would not run: the sources import without file extensions).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

export const SERVER_OUT_DIR = resolve(__dirname, '../dist-server');

export async function buildServer(): Promise<void> {
  rmSync(SERVER_OUT_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [resolve(__dirname, '../src/server/main.ts')],
    outfile: resolve(SERVER_OUT_DIR, 'main.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    format: 'esm',
    packages: 'external',
    tsconfig: resolve(__dirname, '../tsconfig.node.json'),
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  buildServer().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
