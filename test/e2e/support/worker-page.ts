/**
 * A test page of its own (test/e2e/<name>/index.html and main.ts), built with Vite as the app builds
 * its workers, served on 127.0.0.1 and opened in a fresh Chromium profile once its script has set
 * the title to 'ready'.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, newProfileDir, removeProfileDir } from '../../../scripts/lib/chromium';
import { serveStatic } from '../../../scripts/lib/static-server';

export interface BuiltPage {
  page: Page;
  close(): Promise<void>;
}

export async function openBuiltPage(name: string): Promise<BuiltPage> {
  const out = await mkdtemp(join(tmpdir(), `waypoint-${name}-`));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(out, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    await build({ configFile: false, root: resolve(__dirname, '..', name), base: './', logLevel: 'error', worker: { format: 'es' }, build: { outDir: out, emptyOutDir: true, minify: false } });
    const server = await serveStatic(out);
    cleanups.push(() => server.close());
    const profile = await newProfileDir();
    cleanups.push(() => removeProfileDir(profile));
    const context = await launchChromium(profile);
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.waitForFunction(() => document.title === 'ready');
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
