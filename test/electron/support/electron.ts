/**
 * Finding and driving Electron for the tests that need it. They skip, saying why, where the
 * binary (downloaded from GitHub) or a packaged app (`npm run dist:dir`, Node ≥ 22.12) is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { APP_ORIGIN } from '../../../src/main/app-protocol';

export const root = resolve(__dirname, '../../..');

/** The development binary of the `electron` package, if it was downloaded. */
export function electronBinary(): string | null {
  const dir = join(root, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * The app `npm run dist:dir` unpacked in dist/ for this platform: `executable` to launch, `fuses`
 * is what @electron/fuses reads (the .app bundle on macOS, the executable elsewhere).
 */
export function packagedApp(): { executable: string; fuses: string } | null {
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return null;
  if (process.platform === 'darwin') {
    for (const dir of readdirSync(dist).filter((d) => d.startsWith('mac'))) {
      const app = join(dist, dir, 'Waypoint.app');
      if (existsSync(app)) return { executable: join(app, 'Contents/MacOS/Waypoint'), fuses: app };
    }
    return null;
  }
  const unpacked = join(dist, process.platform === 'win32' ? 'win-unpacked' : 'linux-unpacked');
  const names = process.platform === 'win32' ? ['Waypoint.exe'] : ['waypoint', 'Waypoint'];
  const executable = names.map((name) => join(unpacked, name)).find((path) => existsSync(path));
  return executable === undefined ? null : { executable, fuses: executable };
}

/** The window once it shows the app: DevTools can answer before the window has loaded anything. */
async function appWindow(browser: Browser): Promise<Page> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const page = browser.contexts().flatMap((context) => context.pages()).find((p) => p.url().startsWith(`${APP_ORIGIN}/`));
    if (page) return page;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no window on ${APP_ORIGIN} within 60 s`);
}

export interface RunningApp {
  page: Page;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Launches an app executable with its own profile and drives its window over the DevTools
 * protocol. Playwright's `_electron.launch` cannot drive a packaged app: it needs Node's
 * --inspect, which the app's fuses turn off (that is the point of them).
 */
export async function launchPackaged(executable: string): Promise<RunningApp> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'waypoint-electron-'));
  // Chromium refuses its sandbox as root (containers); anywhere else the app runs as shipped.
  const args = [`--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  // The switch moves Chromium's profile; the variables move app.getPath('appData') too, so each
  // launch is a separate device (its own single-instance lock, sync-server.json and secrets).
  const env = { ...process.env, XDG_CONFIG_HOME: userDataDir, APPDATA: userDataDir };
  const child: ChildProcess = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the app did not open DevTools within 60 s:\n${output}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveEndpoint(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before opening its window:\n${output}`)));
  });
  const browser: Browser = await chromium.connectOverCDP(endpoint);
  const page = await appWindow(browser);
  await page.locator('main').first().waitFor({ timeout: 60_000 });
  return {
    page,
    userDataDir,
    close: async () => {
      await browser.close().catch(() => undefined);
      child.kill('SIGKILL');
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
