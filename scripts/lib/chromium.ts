/**
 * Launches Debian's Chromium through playwright-core (Playwright's own browser download cannot
 * run here). One fresh profile directory per launch unless a profile is passed in.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
