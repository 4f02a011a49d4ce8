/**
 * Checks that need the real Electron binary: they skip, saying why, where it is absent (the
 * binary is downloaded from GitHub, which some build machines cannot reach).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../src/main/app-protocol';
import type { WaypointBridge } from '../../src/shared/bridge';
import { electronBinary, root } from './support/electron';

const binary = electronBinary();
const built = existsSync(join(root, 'out/main/index.js'));
const reason = binary === null ? 'the Electron binary is not installed (run `npm start` once with internet access)' : 'the app is not built (`npm run build`)';

if (binary === null || !built) console.warn(`[electron tests] skipped: ${reason}`);

describe.skipIf(binary === null || !built)(`Electron app (skipped where ${reason})`, () => {
  let app: ElectronApplication;

  beforeAll(async () => {
    app = await _electron.launch({ executablePath: binary!, args: [join(root, 'out/main/index.js')], cwd: root });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens one hardened window with the bridge and no Node in the page', async () => {
    const page = await app.firstWindow();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const globals = await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]);
    expect(globals).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => (window as unknown as { waypoint: WaypointBridge }).waypoint.appInfo().then((info) => info.shell))).toBe('electron');
  });

  it('refuses to open new windows or navigate away', async () => {
    const page = await app.firstWindow();
    // http, not https: an https link would be handed to the user's browser, by design.
    await page.evaluate(() => window.open('http://127.0.0.1:9/'));
    await page.evaluate(() => {
      window.location.href = 'http://127.0.0.1:9/';
    });
    await page.waitForTimeout(500);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // The hash is the app's route; the document is still the app's own.
    expect(page.url().startsWith(APP_ENTRY_URL)).toBe(true);
  });

  it('serves the app from app://waypoint and nothing outside its folder', async () => {
    const page = await app.firstWindow();
    const status = (url: string) => page.evaluate((u) => fetch(u).then((r) => r.status), url);
    expect(await status('app://waypoint/index.html')).toBe(200);
    expect(await status('app://waypoint/..%2fmain%2findex.js')).toBe(404);
    expect(await status('app://waypoint/%2e%2e/%2e%2e/package.json')).toBe(404);
    expect(await status('app://waypoint/no-such-file.js')).toBe(404);
  });
});
