/**
 * Settings → Updates in a browser: the section is there for everyone, and "Update from a file…"
 * answers, in the page, that only the desktop app installs updates (the desktop side is in
 * test/unit/update-bundle.test.ts and test/electron).
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';

describe('Settings → Updates', () => {
  let app: AppSession;
  beforeEach(async () => {
    app = await AppSession.start();
  });
  afterEach(async () => {
    await app.close();
  });

  it('shows the running version and says a browser cannot update from a file', async () => {
    await app.open('/settings');
    const section = app.page.getByRole('region', { name: 'Updates' });
    await section.getByText(/^Waypoint \d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\./).waitFor();
    const button = section.getByRole('button', { name: 'Update from a file…' });
    await button.focus();
    await app.page.keyboard.press('Enter');
    const status = section.getByRole('status');
    await status.getByText('Updating from a file needs the Waypoint desktop app.').waitFor();
    expect(await status.getByText('Not available here').count()).toBe(1);
    await button.scrollIntoViewIfNeeded();
    await mkdir(resolve('out/screenshots'), { recursive: true });
    await app.page.screenshot({ path: resolve('out/screenshots/settings-updates.png') });
  });
});
