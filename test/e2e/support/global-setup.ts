import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { assertChromium } from '../../../scripts/lib/chromium';
import { serveStatic } from '../../../scripts/lib/static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

const RENDERER = resolve(__dirname, '../../../out/renderer');

export default async function setup(project: TestProject) {
  assertChromium();
  if (!existsSync(resolve(RENDERER, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` (npm test does it for you).');
  }
  const server = await serveStatic(RENDERER);
  project.provide('appUrl', server.url);
  return () => server.close();
}
