/**
 * Launches Debian's Chromium through playwright-core (Playwright's own browser download cannot
 * run here). One fresh profile directory per launch unless a profile is passed in.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['WAYPOINT_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: apt-get install -y chromium) or set WAYPOINT_CHROMIUM to a Chromium binary.`,
    );
  }
}

export async function newProfileDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'waypoint-profile-'));
}

export async function removeProfileDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** `timezoneId` sets the zone the page sees (a laptop set to another zone than the practice). */
export async function launchChromium(profileDir: string, options: { timezoneId?: string } = {}): Promise<BrowserContext> {
  assertChromium();
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    ...options,
  });
}

/** A Chromium started as our own child process, so a test can kill it as a crash would. */
export interface ChromiumProcess {
  context: BrowserContext;
  pid: number;
  /** SIGKILL to the browser process, then to whatever of its children outlive it. */
  kill: () => Promise<void>;
}

/**
 * Starts Chromium itself (not through Playwright's launcher, which hides the process) and attaches
 * over the DevTools protocol. Durability tests kill it by pid: no unload handler, no clean close.
 */
export async function spawnChromium(profileDir: string): Promise<ChromiumProcess> {
  assertChromium();
  const portFile = join(profileDir, 'DevToolsActivePort');
  await rm(portFile, { force: true });
  const child = spawn(CHROMIUM_PATH, ['--headless', ...CHROMIUM_ARGS, '--window-size=1366,768', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'], {
    detached: true, // its own process group, so its helpers can be reaped after the kill
    stdio: 'ignore',
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Chromium did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  let port = '';
  while (port === '') {
    if (Date.now() > deadline) throw new Error('Chromium did not open its DevTools port within 30 s');
    port = (await readFile(portFile, 'utf8').catch(() => '')).split('\n')[0] ?? '';
    if (port === '') await new Promise((r) => setTimeout(r, 50));
  }
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  if (context === undefined) throw new Error('Chromium opened no default context');
  return {
    context,
    pid,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      await exited;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    },
  };
}
